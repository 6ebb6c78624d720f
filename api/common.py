"""Shared API pieces: the paging schema and optimistic concurrency (versions + ETags).

Pagination: every list takes ``limit`` (1..200, default 50) and an opaque ``cursor``
and answers ``{"items": [...], "next_cursor": "..." | null}`` (the codec and the page
shape: referrals/paging.py). A malformed cursor answers 422 pointing at /cursor.

Optimistic concurrency: a versioned node carries ``version`` (1 on create, +1 on every
change) and is answered with ``ETag: "v<version>"``. A change may name the version it
was based on, in ``If-Match`` or in the body's ``version``; the use case compares and
writes in one transaction and raises StaleVersion (409, with the current ETag).
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask_smorest import abort
from marshmallow import Schema, ValidationError, fields, validate, validates

from referrals.errors import Invalid
from referrals.paging import DEFAULT_LIMIT, MAX_LIMIT, decode_cursor, keyset_position

API_PREFIX = "/api/v1"


# ------------------------------------------------------------------ pagination


class PageQuery(Schema):
    """`limit` and `cursor` query parameters of every list (extend it for filters)."""

    limit = fields.Integer(load_default=DEFAULT_LIMIT, validate=validate.Range(1, MAX_LIMIT),
                           metadata={"description": f"Items per page, 1..{MAX_LIMIT}."})
    cursor = fields.String(load_default=None, validate=validate.Length(max=2000),
                           metadata={"description": "Opaque: the next_cursor of the previous page."})

    @validates("cursor")
    def _check_cursor(self, value: str | None, **_kw: Any) -> None:
        if value is None:
            return
        try:
            decode_cursor(value)
        except Invalid as exc:
            raise ValidationError(exc.message) from exc


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """A `{items, next_cursor}` schema for one item schema."""
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item_schema), required=True),
        "next_cursor": fields.String(allow_none=True, required=True,
                                     metadata={"description": "null on the last page"}),
    }, name=name)


def keyset_params(cursor: str | None) -> dict[str, Any]:
    """Cypher parameters `after_t`, `after_id` (both null on the first page)."""
    after_t, after_id = keyset_position(cursor)
    return {"after_t": after_t, "after_id": after_id}


# ------------------------------------------------------------ optimistic concurrency


def etag(version: int | None) -> str:
    return f'"v{int(version or 0)}"'


def expected_version(body_version: int | None = None) -> int | None:
    """The version a change is based on: If-Match (``"v3"``, ``W/"v3"`` or ``3``) or the body.

    Both given and different -> 409. A malformed If-Match -> 400. `*` means any version.
    """
    header = (request.headers.get("If-Match") or "").strip()
    from_header: int | None = None
    if header and header != "*":
        text = header.removeprefix("W/").strip('"').removeprefix("v")
        if not text.isdigit():
            abort(400, message='If-Match must be an ETag given by this API, such as "v3".')
        from_header = int(text)
    if from_header is not None and body_version is not None and from_header != body_version:
        abort(409, message="If-Match and the body's version disagree.")
    return from_header if from_header is not None else body_version


def native(value: Any) -> Any:
    """Neo4j temporals (also inside dicts and lists) as Python ones, for marshmallow to dump."""
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    if isinstance(value, list):
        return [native(v) for v in value]
    if hasattr(value, "to_native"):
        return value.to_native()
    return value
