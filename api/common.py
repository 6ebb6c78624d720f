"""Shared API pieces: cursor pagination, optimistic concurrency (versions + ETags), ids.

Pagination: every list takes ``limit`` (1..200, default 50) and an opaque ``cursor``
and answers ``{"items": [...], "next_cursor": "..." | null}``. A cursor is base64url
JSON the client must not interpret; a malformed one answers 422 pointing at /cursor.

Optimistic concurrency: a versioned node carries ``version`` (1 on create, +1 on every
change) and is answered with ``ETag: "v<version>"``. A change may name the version it
was based on, in ``If-Match`` or in the body's ``version``; a stale one answers 409 and
nothing is written. Do the compare and the write in one transaction:

    expected = expected_version(body.pop("version", None))
    rows = graph.execute("MATCH (n:Company {id: $id}) "
                         "WHERE $expected IS NULL OR n.version = $expected "
                         "SET n += $props, n.version = n.version + 1 RETURN n {.*} AS n", ...)
    if not rows: raise_not_found_or_stale(graph, "Company", id, expected)
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import datetime
from typing import Any

from flask import request
from flask_smorest import abort
from marshmallow import Schema, ValidationError, fields, validate, validates

from graph.db import Graph

API_PREFIX = "/api/v1"
MAX_LIMIT = 200
DEFAULT_LIMIT = 50


def new_id(prefix: str) -> str:
    """A service-chosen id: ``p-``/``c-``/... + 32 hex characters."""
    return f"{prefix}-{uuid.uuid4().hex}"


# ------------------------------------------------------------------ pagination


def encode_cursor(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict[str, Any]:
    """The cursor's content; ValueError when it was not made by encode_cursor."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError) as exc:
        raise ValueError("not a cursor from this API") from exc
    if not isinstance(data, dict):
        raise ValueError("not a cursor from this API")
    return data


class PageQuery(Schema):
    """`limit` and `cursor` query parameters (extend it for filters)."""

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
        except ValueError as exc:
            raise ValidationError("Not a cursor from this API; use next_cursor as given.") from exc


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """A `{items, next_cursor}` schema for one item schema."""
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item_schema), required=True),
        "next_cursor": fields.String(allow_none=True, required=True,
                                     metadata={"description": "null on the last page"}),
    }, name=name)


def keyset_page(rows: list[dict[str, Any]], limit: int, key: str = "created_at") -> dict[str, Any]:
    """`rows` fetched with LIMIT limit + 1, ordered by (key DESC, id DESC)."""
    items = rows[:limit]
    next_cursor = None
    if len(rows) > limit and items:
        last = items[-1]
        stamp = last.get(key)
        next_cursor = encode_cursor({"t": iso(stamp), "id": last["id"]})
    return {"items": items, "next_cursor": next_cursor}


def keyset_params(cursor: str | None) -> dict[str, Any]:
    """Cypher parameters `after_t`, `after_id` (both null on the first page).

    Use: ``WHERE $after_t IS NULL OR n.created_at < $after_t OR
    (n.created_at = $after_t AND n.id < $after_id)``.
    """
    if not cursor:
        return {"after_t": None, "after_id": None}
    data = decode_cursor(cursor)
    try:
        stamp = datetime.fromisoformat(str(data["t"]))
        return {"after_t": stamp, "after_id": str(data["id"])}
    except (KeyError, ValueError, TypeError):
        abort(422, messages={"query": {"cursor": ["Not a cursor from this API."]}})
        raise  # pragma: no cover


def offset_from(cursor: str | None) -> int:
    if not cursor:
        return 0
    value = decode_cursor(cursor).get("o")
    if not isinstance(value, int) or value < 0:
        abort(422, messages={"query": {"cursor": ["Not a cursor from this API."]}})
    return int(value)  # type: ignore[arg-type]


def offset_page(rows: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    """`rows` fetched with SKIP offset LIMIT limit + 1."""
    items = rows[:limit]
    next_cursor = encode_cursor({"o": offset + limit}) if len(rows) > limit else None
    return {"items": items, "next_cursor": next_cursor}


def iso(value: Any) -> Any:
    """Neo4j/Python temporals as ISO 8601 strings; anything else unchanged."""
    if value is None:
        return None
    if hasattr(value, "to_native"):
        value = value.to_native()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


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


def raise_not_found_or_stale(graph: Graph, label: str, node_id: str, expected: int | None) -> None:
    """After a guarded write matched nothing: 404 when the node is gone, else 409 (stale)."""
    from graph.schema import LABELS

    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}")
    rows = graph.query(f"MATCH (n:{label} {{id: $id}}) RETURN n.version AS version", id=node_id)
    if not rows:
        abort(404, message=f"No {label.lower()} with id {node_id!r}.")
    abort(409, message=f"Stale version: you sent {expected}, the current version is "
                       f"{rows[0]['version']}. Reload and apply your change again.",
          headers={"ETag": etag(rows[0]["version"] or 0)})


def native(value: Any) -> Any:
    """Neo4j temporals (also inside dicts and lists) as Python ones, for marshmallow to dump."""
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    if isinstance(value, list):
        return [native(v) for v in value]
    if hasattr(value, "to_native"):
        return value.to_native()
    return value
