"""The Flask app factory: settings, the runtime (one driver per process, built here after
gunicorn's fork; the outbox drainer), then the API and the web pages on one app.

The API and the pages never import each other; both call the same use cases
(services/) through `runtime.requests.current_context()`.

Cookies and addresses (docs/security.md): the session cookie is HttpOnly and SameSite=Lax,
and Secure with REFERRALS_HTTPS; X-Forwarded-For/-Proto are believed only from as many
proxies as REFERRALS_TRUSTED_PROXIES says (the sign-in throttle counts per address).

Operations (server/observability.py, docs/operations.md): JSON request logs with request
ids, Prometheus metrics at /metrics, and a bound on requests in flight per worker;
server/gunicorn_conf.py sets up the metrics of several workers and warms each one.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import api
import web
from api.errors import timeout_problem
from graph.config import shared_secret
from graph.db import QueryTimeout
from runtime import requests as runtime_requests
from runtime.settings import Settings, random_secret
from server import observability

log = logging.getLogger("referrals.server")


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
        SECRET_KEY=_session_key(settings, testing=bool(config.get("TESTING"))),
        SECRET_KEY_FROM_SETTINGS=bool(settings.secret_key),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.https,  # the CSRF token lives in this cookie too
        REFERRALS_HTTPS=settings.https,
        PREFERRED_URL_SCHEME="https" if settings.https else "http",
        MAX_CONTENT_LENGTH=settings.max_upload_mb * 1024 * 1024,
        RATE_LIMIT_PER_MINUTE=settings.rate_limit_per_minute,
        JSON_SORT_KEYS=False,
    )
    app.config.update(config)
    if settings.trusted_proxies:
        hops = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    # logs, request ids, metrics, /metrics and the in-flight bound (docs/operations.md)
    observability.install(app, settings)
    runtime_requests.install(app, settings)
    api.register(app)
    # after the API's handlers: a query stopped by its timeout is a 504, not a 503 or 500
    app.register_error_handler(QueryTimeout, timeout_problem)
    web.register(app)
    return app


def _session_key(settings: Settings, *, testing: bool) -> str:
    """REFERRALS_SECRET_KEY, else the key every worker on this machine shares from a file
    only the owner can read (never the graph: whoever can read that could forge sessions).
    Several machines need REFERRALS_SECRET_KEY."""
    if settings.secret_key:
        return settings.secret_key
    if testing:
        return random_secret()
    try:
        return shared_secret(settings.session_key_file)
    except OSError as exc:  # sessions then stick to one worker; say so
        log.warning("could not keep the session key in %s (%s): this process uses its own; "
                    "set REFERRALS_SECRET_KEY", settings.session_key_file, type(exc).__name__)
        return random_secret()
