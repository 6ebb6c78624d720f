"""Companies: create (or upsert by external_id), read, change with optimistic versions,
list; and what the pages show (a company card, the clients with this quarter's asks).

Every write rescores the company against the current ideal client profile. Storage:
graph/directory.py; a stale `expected_version` raises StaleVersion (current_version).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph import directory as store
from graph.asks import quarter_start
from referrals.permissions import Action
from services import audit, authorization
from services.context import Context


def create(ctx: Context, body: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Create a company (with external_id: create or update); returns (company, created)."""
    authorization.require(ctx, Action.WRITE_PEOPLE)
    company, created = store.create_company(ctx.graph, body, now=ctx.now())
    audit.record(ctx, "company.created" if created else "company.changed", "company", company["id"],
                 company.get("status") or "")
    return company, created


def get(ctx: Context, company_id: str) -> dict[str, Any]:
    authorization.require(ctx, Action.READ_PEOPLE)
    return store.get_company(ctx.graph, company_id)


def update(ctx: Context, company_id: str, patch: dict[str, Any], *,
           expected_version: int | None = None) -> dict[str, Any]:
    """Apply `patch` if the stored version is `expected_version` (None: any)."""
    authorization.require(ctx, Action.WRITE_PEOPLE)
    company = store.update_company(ctx.graph, company_id, patch, expected_version, now=ctx.now())
    audit.record(ctx, "company.changed", "company", company_id, ", ".join(sorted(patch)))
    return company


def newest(ctx: Context, limit: int, *, status: str | None = None, after_t: datetime | None = None,
           after_id: str | None = None) -> list[dict[str, Any]]:
    """Up to `limit` companies, newest first (optionally one status), after the keyset."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return store.list_companies(ctx.graph, limit, after_t, after_id, status=status)


def search(ctx: Context, text: str, limit: int = 5) -> list[dict[str, Any]]:
    """Companies whose name or domain starts with the words typed, best first."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return store.search_companies(ctx.graph, text, limit)


def card(ctx: Context, company_id: str) -> dict[str, Any] | None:
    """What a page shows of a company, or None when there is none with that id."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return store.company_card(ctx.graph, company_id)


def clients(ctx: Context) -> list[dict[str, Any]]:
    """Every client, best fit and healthiest first, with its asks this (rolling) quarter."""
    authorization.require(ctx, Action.READ_PEOPLE)
    today = ctx.now().date()
    return store.clients(ctx.graph, quarter_start(today), today)
