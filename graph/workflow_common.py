"""Shared pieces of the workflow stores (introductions, asks, inquiries): the domain
errors they raise, time conversion and keyset cursors."""

from __future__ import annotations

import base64
import json
import secrets
from datetime import UTC, date, datetime
from typing import Any

from referrals.errors import Conflict, DomainError, Invalid, NotFound, StaleVersion

__all__ = ["Conflict", "DomainError", "Invalid", "InvalidField", "NotFound", "StaleVersion",
           "WorkflowError"]


# The domain's errors (referrals/errors.py); the old names stay for the stores that use them.
WorkflowError = DomainError
InvalidField = Invalid


def new_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(8)}"


def utc(value: datetime) -> datetime:
    """An aware UTC datetime (naive ones are taken as UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def native(value: Any) -> Any:
    """neo4j temporal types -> Python ones, recursively."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    if isinstance(value, list):
        return [native(v) for v in value]
    return value


def jsonable(value: Any) -> Any:
    """Python / neo4j values -> JSON-ready ones (ISO 8601 strings for dates and times)."""
    value = native(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def encode_cursor(created_at: Any, item_id: str) -> str:
    raw = json.dumps([jsonable(created_at), item_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[datetime, str] | None:
    """(created_at, id) of the last item seen; InvalidField("cursor") when unreadable."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, item_id = json.loads(raw)
        return utc(datetime.fromisoformat(at)), str(item_id)
    except (ValueError, TypeError) as exc:
        raise InvalidField("the cursor is not one this service gave out", field="cursor") from exc


def page(rows: list[dict[str, Any]], limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """Rows fetched with LIMIT limit + 1 -> (the page, the next cursor or None)."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor(rows[-1]["created_at"], rows[-1]["id"])
