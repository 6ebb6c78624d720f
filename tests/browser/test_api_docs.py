"""The API docs page renders in headless Chromium with the network off (only loopback)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]


def test_docs_page_renders_offline(page, live_server, shot):
    blocked: list[str] = []

    def offline(route) -> None:
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("internetdisconnected")

    page.route("**/*", offline)
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(live_server + "/api/docs")
    # Swagger UI draws the spec's title and its operations from /api/openapi.json
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Referral Network API")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/referral-paths").first).to_be_visible()
    shot("20-api-docs-offline")
    assert blocked == [], f"the docs page tried to reach the internet: {blocked}"
    assert failed == []
