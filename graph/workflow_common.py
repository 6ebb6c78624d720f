"""Shared pieces of the workflow stores (introductions, asks, inquiries): time and value
conversion, ids and keyset pages (the one codec: referrals/paging.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from referrals.ids import new_id
from referrals.paging import keyset_cursor

__all__ = ["jsonable", "native", "new_id", "page", "utc"]


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


def page(rows: list[dict[str, Any]], limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """Rows fetched with LIMIT limit + 1 -> (the page, the next cursor or None)."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, keyset_cursor(rows[-1]["created_at"], rows[-1]["id"])
