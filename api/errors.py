"""Domain errors as problem+json, in one place for the whole API.

    NotFound  -> 404            Invalid -> 422 with errors[].pointer naming the field
    Conflict  -> 409 (details in the body; a stale version also sends its ETag)
    Forbidden -> 403
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
