"""The Flask app factory: one Neo4j driver per process, created here (after any fork)."""

from __future__ import annotations

import logging
import os
import secrets
from typing import Any

from flask import Flask
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from api.problems import PROBLEM_MIME, ProblemSchema, pointer_errors, problem
from graph.config import Neo4jSettings
from graph.db import UNAVAILABLE_ERRORS, Graph
from graph.schema import ensure_schema

log = logging.getLogger("referrals.api")

API_PREFIX = "/api/v1"


class ProblemApi(Api):
    """flask-smorest's Api, answering every HTTP error as RFC 9457 problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        # Error responses are documented as application/problem+json, as they are sent.
        saved = self.DEFAULT_RESPONSE_CONTENT_TYPE
        self.DEFAULT_RESPONSE_CONTENT_TYPE = PROBLEM_MIME
        try:
            super()._register_responses()
        finally:
            self.DEFAULT_RESPONSE_CONTENT_TYPE = saved

    def handle_http_exception(self, error: HTTPException):  # type: ignore[override]
        data = getattr(error, "data", None) or {}
        messages = data.get("messages")
        errors = None
        if messages:
            # webargs nests by location ("json", "query", "files"); pointers name the field
            errors = []
            for location_messages in messages.values():
                if isinstance(location_messages, dict):
                    errors.extend(pointer_errors(location_messages))
                else:  # e.g. {"json": ["Invalid JSON body."]}: about the body as a whole
                    errors.extend({"pointer": "", "detail": str(m)} for m in location_messages)
            if error.code == 400 and not data.get("message"):
                data = {**data, "message": "The request body is not valid JSON."}
        detail = data.get("message") or error.description or ""
        if errors and (not detail or detail.startswith("The request was well-formed")):
            detail = "Some fields are invalid: " + ", ".join(e["pointer"] for e in errors)
        headers = dict(data.get("headers") or {})
        return problem(error.code or 500, detail, errors=errors, headers=headers)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, static_folder=None)
    app.config.update(
        API_TITLE="Referral Network API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
        SECRET_KEY=os.environ.get("REFERRALS_SECRET_KEY") or secrets.token_hex(32),
        MAX_CONTENT_LENGTH=int(os.environ.get("REFERRALS_MAX_UPLOAD_MB", "50")) * 1024 * 1024,
        JSON_SORT_KEYS=False,
        NEO4J=Neo4jSettings.from_env(),
    )
    app.config.update(config or {})

    graph = Graph.connect(app.config["NEO4J"], request_path=True)
    app.extensions["graph"] = graph
    app.extensions["schema_ready"] = False
    try:
        ensure_schema(graph)
        app.extensions["schema_ready"] = True
    except UNAVAILABLE_ERRORS as exc:
        # The app still starts; /readyz says 503 until the database is back.
        log.warning("Neo4j unavailable at start (%s); schema will be ensured when it returns",
                    type(exc).__name__)

    api = ProblemApi(app)
    app.extensions["api"] = api
    _register_api_blueprints(api)
    from api.health import root_blp

    app.register_blueprint(root_blp)

    from web.pages import blp as web_blp

    app.register_blueprint(web_blp)

    _register_error_handlers(app)
    return app


def _register_api_blueprints(api: Api) -> None:
    """Every /api/v1 blueprint. Imported here, not at module top, so that importing
    api.app stays cheap for the CLI and the blueprints can import get_graph from it."""
    from api import (
        asks,
        auth,
        companies,
        docs,
        health,
        icp,
        imports,
        introductions,
        jobs,
        paths,
        people,
        pipeline,
        webhooks,
    )

    auth.document_security(api)
    for blueprint in (
        health.blp, icp.blp, introductions.blp, pipeline.blp, asks.blp, people.blp, people.rel_blp,
        companies.blp, imports.blp, jobs.blp, paths.blp, webhooks.blp,
    ):
        api.register_blueprint(blueprint, url_prefix=API_PREFIX)
    api.register_blueprint(__import__("api.consent").consent.blp, url_prefix=API_PREFIX)
    api.register_blueprint(__import__("api.goodwill").goodwill.blp, url_prefix=API_PREFIX)
    api.register_blueprint(__import__("api.insights").insights.blp, url_prefix=API_PREFIX)
    docs.init_docs(api)


def get_graph() -> Graph:
    from flask import current_app

    graph: Graph = current_app.extensions["graph"]
    if not current_app.extensions.get("schema_ready"):
        try:
            ensure_schema(graph)
            current_app.extensions["schema_ready"] = True
        except UNAVAILABLE_ERRORS:
            pass
    return graph


def _register_error_handlers(app: Flask) -> None:
    def database_unavailable(_exc: Exception):
        return problem(503, "The graph database is unavailable right now; try again shortly.",
                       title="Database unavailable", headers={"Retry-After": "5"})

    for exc_type in UNAVAILABLE_ERRORS:
        app.register_error_handler(exc_type, database_unavailable)

    @app.errorhandler(RecursionError)
    def nested_too_deeply(exc: RecursionError):
        # json.loads recurses per nesting level: a body like [[[[...]]]] is the client's error
        from flask import request

        if request.content_length:
            return problem(400, "The request body is nested too deeply.")
        log.exception("unhandled error")
        return problem(500, "Something went wrong on our side; it has been logged.")

    @app.errorhandler(UnicodeEncodeError)
    def not_unicode(exc: UnicodeEncodeError):
        # JSON may spell a lone surrogate ("\\ud800"); it cannot be stored (UTF-8), nothing was
        if "surrogate" in str(exc.reason):
            return problem(422, "Text must be valid Unicode: lone surrogates (\\ud800-\\udfff) "
                                "are not allowed.")
        log.exception("unhandled error")
        return problem(500, "Something went wrong on our side; it has been logged.")

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return problem(exc.code or 500, exc.description or "")
        log.exception("unhandled error")  # the trace goes to the log, never to the client
        return problem(500, "Something went wrong on our side; it has been logged.")
