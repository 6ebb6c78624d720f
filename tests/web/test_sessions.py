"""Sessions on the web pages: the cookie's flags (Secure with REFERRALS_HTTPS, always
HttpOnly and SameSite=Lax), sessions ended by a new password or a revoke (the user's
session_version), and a page whose query runs past the request timeout (the 504 page)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from click.testing import CliRunner

import services.users as users_module
from cli.main import cli
from services import users
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.neo4j

EMAIL = "rita@example.com"


def csrf_token(client, **kwargs) -> str:
    html = client.get("/signin", **kwargs).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, password: str = PASSWORD, **kwargs):
    return client.post("/signin", data={"email": EMAIL, "password": password,
                                        "csrf_token": csrf_token(client, **kwargs)}, **kwargs)


def signed_in(client) -> bool:
    return client.get("/pipeline").status_code == 200


def session_cookie_header(response) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))


@pytest.mark.parametrize("https", [False, True])
def test_the_session_cookie_is_secure_over_https_and_always_httponly_and_lax(graph, people, neo4j_settings,
                                                                             https):
    from runtime.requests import close as close_app
    from server import create_app
    from tests.conftest import SETTINGS

    app = create_app({"TESTING": True, "NEO4J": neo4j_settings}, settings=SETTINGS.with_changes(https=https))
    try:
        client = app.test_client()
        base = "https://localhost" if https else "http://localhost"
        # over HTTPS the CSRF check also wants a same-site Referer, as browsers send
        response = sign_in(client, base_url=base, headers={"Referer": f"{base}/signin"})
        assert response.status_code == 302
        cookie = session_cookie_header(response)
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("Secure" in cookie) is https
        page = client.get("/pipeline", base_url=base)  # the CSRF token rides in the same cookie
        assert page.status_code == 200
        assert ("Strict-Transport-Security" in page.headers) is https
    finally:
        close_app(app)


def test_a_new_password_signs_out_every_session(app, ctx, people):
    laptop, phone = app.test_client(), app.test_client()
    for client in (laptop, phone):
        assert sign_in(client).status_code == 302 and signed_in(client)
    users.set_password(ctx, EMAIL, "a brand new password")
    for client in (laptop, phone):
        response = client.get("/pipeline")
        assert response.status_code == 302 and "/signin" in response.headers["Location"]
        assert client.get("/app/search?q=ri").status_code == 401
    assert sign_in(laptop, PASSWORD).status_code == 401  # the old one is gone
    assert sign_in(laptop, "a brand new password").status_code == 302 and signed_in(laptop)


def test_recreating_a_user_with_replace_signs_them_out(app, ctx, people):
    client = app.test_client()
    sign_in(client)
    users.create_user(ctx, email=EMAIL, password="reset by an admin", role="rep", person_id="p-rep",
                      replace=True)
    assert not signed_in(client)


def test_revoke_sessions_from_the_command_line(app, people, neo4j_settings, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    client = app.test_client()
    assert sign_in(client).status_code == 302 and signed_in(client)
    runner = CliRunner()
    result = runner.invoke(cli, ["users", "revoke-sessions", "Rita@Example.com"])
    assert result.exit_code == 0, result.output
    assert "signed out" in result.output
    assert not signed_in(client)
    assert sign_in(client).status_code == 302 and signed_in(client)  # the password still works
    result = runner.invoke(cli, ["users", "revoke-sessions", "nobody@example.com"])
    assert result.exit_code != 0 and "No user has the email" in result.output
    result = runner.invoke(cli, ["users", "set-password", EMAIL, "--password", "short"])
    assert result.exit_code != 0 and "at least 10" in result.output
    result = runner.invoke(cli, ["users", "set-password", EMAIL, "--generate"])
    assert result.exit_code == 0, result.output
    assert not signed_in(client)
    new_password = result.output.strip().splitlines()[-1].removeprefix("Password: ")
    assert sign_in(client, new_password).status_code == 302


def test_a_page_whose_query_runs_past_the_timeout_shows_the_504_page(graph, people, neo4j_settings,
                                                                      monkeypatch):
    from runtime.requests import close as close_app
    from server import create_app

    def too_slow(ctx, text, **_kwargs):  # a search that would take tens of seconds
        ctx.graph.query("UNWIND range(1, 100000000) AS x WITH x WHERE x < 0 RETURN count(*) AS n")

    monkeypatch.setattr(users_module, "suggestions", too_slow)
    app = create_app({"TESTING": True, "NEO4J": replace(neo4j_settings, request_timeout=1.0)})
    try:
        client = app.test_client()
        sign_in(client)
        response = client.get("/?q=acme")
        html = response.get_data(as_text=True)
        assert response.status_code == 504, html[:500]
        assert "That took too long" in html and "Traceback" not in html
    finally:
        close_app(app)
