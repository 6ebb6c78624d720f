"""The Flask app factory: settings, the runtime (one driver per process, built here after
gunicorn's fork; the outbox drainer), then the API and the web pages on one app.

The API and the pages never import each other; both call the same use cases
(services/) through `runtime.requests.current_context()`.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

import api
import web
from runtime import requests as runtime_requests
from runtime.settings import Settings, random_secret


def create_app(config: dict[str, Any] | None = None, *, settings: Settings | None = None) -> Flask:
    """`config` overrides Flask config (tests: TESTING, NEO4J, single rules, the clock)."""
    config = dict(config or {})
    settings = settings or Settings.from_env()
    if "NEO4J" in config:  # tests and benchmarks point the app at their own server
        settings = settings.with_changes(neo4j=config.pop("NEO4J"))
    app = Flask(__name__, static_folder=None)
    app.config.update(
        API_TITLE="Referral Network API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
        SECRET_KEY=settings.secret_key or random_secret(),
        SECRET_KEY_FROM_SETTINGS=bool(settings.secret_key),
        MAX_CONTENT_LENGTH=settings.max_upload_mb * 1024 * 1024,
        RATE_LIMIT_PER_MINUTE=settings.rate_limit_per_minute,
        JSON_SORT_KEYS=False,
    )
    app.config.update(config)
    runtime_requests.install(app, settings)
    api.register(app)
    web.register(app)
    return app
