"""Domain errors as problem+json, in one place for the whole API.

    NotFound  -> 404            Invalid -> 422 with errors[].pointer naming the field
    Conflict  -> 409 (details in the body; a stale version also sends its ETag)
    Forbidden -> 403
    QueryTimeout (graph/db.py: Neo4j stopped a transaction past the request timeout) -> 504
"""

from __future__ import annotations

from flask import Response

from api.common import etag
from api.problems import problem
from referrals.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, StaleVersion

STATUS = ((NotFound, 404), (Invalid, 422), (Forbidden, 403), (Conflict, 409))
TITLES = {"duplicate": "Duplicate"}


def pointer(field: str) -> str:
    """"criteria[1].op" -> "/criteria/1/op"."""
    return "/" + field.replace("[", ".").replace("]", "").replace(".", "/").strip("/")


def status_of(exc: DomainError) -> int:
    return next((status for kind, status in STATUS if isinstance(exc, kind)), 400)


def domain_problem(exc: DomainError) -> Response:
    status = status_of(exc)
    details = dict(exc.details)
    errors = None
    if isinstance(exc, Invalid):
        if exc.field is not None:
            errors = [{"pointer": pointer(exc.field), "detail": exc.message}]
    elif exc.field and not isinstance(exc, NotFound):  # a 404 names nothing but the message
        details.setdefault("field", exc.field)
    headers = {}
    if "current_version" in details:
        headers["ETag"] = etag(details["current_version"])
    title = details.pop("title", None) or (
        "Stale version" if isinstance(exc, StaleVersion) else TITLES.get(details.get("code") or ""))
    return problem(status, exc.message, title=title, errors=errors, headers=headers, **details)


def timeout_problem(_exc: Exception) -> Response:
    """Neo4j stopped this request's query at the request timeout: the server-side
    transaction is gone, the worker is free, and the client may retry or narrow it."""
    return problem(504, "The query took too long and was stopped; try again, or ask for less "
                        "(a smaller limit or fewer hops).",
                   title="Query timed out", headers={"Retry-After": "5"})
