"""RFC 9457 problem details: every error the API returns has this shape."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Response, json
from marshmallow import INCLUDE, Schema, fields
from werkzeug.http import HTTP_STATUS_CODES

PROBLEM_MIME = "application/problem+json"


def problem(status: int, detail: str, *, title: str | None = None, type_: str | None = None,
            errors: list[dict[str, str]] | None = None, headers: Mapping[str, str] | None = None,
            **extra: Any) -> Response:
    body: dict[str, Any] = {
        "type": type_ or "about:blank",
        "title": title or HTTP_STATUS_CODES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIME)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def pointer_errors(messages: Mapping[str, Any], prefix: str = "") -> list[dict[str, str]]:
    """Flatten marshmallow's nested messages into [{pointer: "/field", detail}]."""
    flat: list[dict[str, str]] = []
    for key, value in messages.items():
        pointer = f"{prefix}/{key}"
        if isinstance(value, Mapping):
            flat.extend(pointer_errors(value, pointer))
        elif isinstance(value, Iterable) and not isinstance(value, str):
            for item in value:
                if isinstance(item, Mapping):
                    flat.extend(pointer_errors(item, pointer))
                else:
                    flat.append({"pointer": pointer, "detail": str(item)})
        else:
            flat.append({"pointer": pointer, "detail": str(value)})
    return flat


class ProblemSchema(Schema):
    """The documented shape of every error answer (RFC 9457 problem details)."""

    class Meta:
        unknown = INCLUDE

    type = fields.String(metadata={"example": "about:blank"})
    title = fields.String(metadata={"example": "Unprocessable Content"})
    status = fields.Integer(metadata={"example": 422})
    detail = fields.String()
    errors = fields.List(fields.Dict(keys=fields.String(), values=fields.String()),
                         metadata={"description": "Validation errors: [{pointer, detail}]"})
