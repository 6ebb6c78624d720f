"""The HTTP API on a Flask app: flask-smorest, its blueprints, and one mapping of every
error (domain errors, validation, a database outage) to RFC 9457 problem+json."""

from __future__ import annotations

import logging

from flask import Flask, request
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from api import (
    ask_templates,
    asks,
    audit,
    auth,
    companies,
    consent,
    docs,
    erasure,
    goodwill,
    health,
    icp,
    identity,
    imports,
    insights,
    interleaving,
    introductions,
    jobs,
    paths,
    people,
    pipeline,
    reminders,
    webhooks,
    weekly,
)
from api.common import API_PREFIX
from api.errors import domain_problem
from api.problems import PROBLEM_MIME, ProblemSchema, pointer_errors, problem
from graph.db import UNAVAILABLE_ERRORS
from referrals.errors import DomainError

log = logging.getLogger("referrals.api")



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


def register(app: Flask) -> ProblemApi:
    """The /api/v1 blueprints, the health probes and the API's error answers on `app`."""
    api = ProblemApi(app)
    app.extensions["api"] = api
    auth.document_security(api)
    for blueprint in (
        health.blp, icp.blp, introductions.blp, pipeline.blp, asks.blp, people.blp, people.rel_blp,
        companies.blp, imports.blp, jobs.blp, paths.blp, webhooks.blp, consent.blp, goodwill.blp,
        insights.blp, interleaving.blp, audit.blp, erasure.blp, identity.blp,
        weekly.blp, reminders.blp, ask_templates.blp,
    ):
        api.register_blueprint(blueprint, url_prefix=API_PREFIX)
    docs.init_docs(api)
    app.register_blueprint(health.root_blp)
    _register_error_handlers(app)
    return api


def _register_error_handlers(app: Flask) -> None:
    def database_unavailable(_exc: Exception):
        return problem(503, "The graph database is unavailable right now; try again shortly.",
                       title="Database unavailable", headers={"Retry-After": "5"})

    for exc_type in UNAVAILABLE_ERRORS:
        app.register_error_handler(exc_type, database_unavailable)
    app.register_error_handler(DomainError, domain_problem)

    @app.errorhandler(RecursionError)
    def nested_too_deeply(exc: RecursionError):
        # json.loads recurses per nesting level: a body like [[[[...]]]] is the client's error
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
