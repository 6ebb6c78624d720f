"""Cursor pagination: one codec and one page shape for every list the service answers.

A page is ``{"items": [...], "next_cursor": "..." | None}``. A cursor is base64url JSON
that clients must treat as opaque; it holds either a keyset position, the last item's
``{"t": created_at, "id": id}`` (lists ordered newest first), or an ``{"o": offset}``.
A cursor this service did not give out is `Invalid` with ``field="cursor"``.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, date, datetime
from typing import Any

from referrals.errors import Invalid

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
NOT_OURS = "Not a cursor from this API; use next_cursor as given."


def _iso(value: Any) -> Any:
    if hasattr(value, "to_native"):  # a driver temporal; the domain stays free of the driver
        value = value.to_native()
    return value.isoformat() if isinstance(value, datetime | date) else value


def encode_cursor(position: dict[str, Any]) -> str:
    raw = json.dumps(position, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict[str, Any]:
    """The cursor's position; Invalid(field="cursor") when it was not made by encode_cursor."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError) as exc:
        raise Invalid(NOT_OURS, field="cursor") from exc
    if not isinstance(data, dict):
        raise Invalid(NOT_OURS, field="cursor")
    return data


def keyset_cursor(created_at: Any, item_id: str) -> str:
    return encode_cursor({"t": _iso(created_at), "id": item_id})


def keyset_position(cursor: str | None) -> tuple[datetime | None, str | None]:
    """(created_at, id) of the last item seen, or (None, None) on the first page.

    Use: ``WHERE $after_t IS NULL OR n.created_at < $after_t OR
    (n.created_at = $after_t AND n.id < $after_id)``.
    """
    if not cursor:
        return None, None
    data = decode_cursor(cursor)
    try:
        stamp = datetime.fromisoformat(str(data["t"]))
        return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)), str(data["id"])
    except (KeyError, ValueError, TypeError) as exc:
        raise Invalid(NOT_OURS, field="cursor") from exc


def offset_position(cursor: str | None) -> int:
    if not cursor:
        return 0
    value = decode_cursor(cursor).get("o")
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Invalid(NOT_OURS, field="cursor")
    return value


def keyset_page(rows: list[dict[str, Any]], limit: int, key: str = "created_at") -> dict[str, Any]:
    """`rows` fetched with LIMIT limit + 1, ordered by (key DESC, id DESC)."""
    items = rows[:limit]
    next_cursor = keyset_cursor(items[-1].get(key), items[-1]["id"]) if len(rows) > limit and items else None
    return {"items": items, "next_cursor": next_cursor}


def offset_page(rows: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    """`rows` fetched with SKIP offset LIMIT limit + 1."""
    items = rows[:limit]
    next_cursor = encode_cursor({"o": offset + limit}) if len(rows) > limit else None
    return {"items": items, "next_cursor": next_cursor}
