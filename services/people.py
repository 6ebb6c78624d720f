"""People and their KNOWS ties: create (or upsert by external_id), read, change, delete,
list and search; record a tie; and the small reads the pages need (a person's label,
the team's reps).

Ids, duplicates and the search syntax: graph/directory.py. Errors are the domain's:
NotFound, Invalid (field names the body field), Conflict `duplicate` (existing_id).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph import directory as store
from referrals.permissions import Action
from services import authorization
from services.context import Context


def create(ctx: Context, body: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Create a person (with external_id: create or update); returns (person, created)."""
    authorization.require(ctx, Action.WRITE_PEOPLE)
    return store.create_person(ctx.graph, body, now=ctx.now())


def get(ctx: Context, person_id: str) -> dict[str, Any]:
    """One person with their current company."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return store.get_person(ctx.graph, person_id)


def update(ctx: Context, person_id: str, patch: dict[str, Any]) -> dict[str, Any]:
    """Change the fields in `patch` (None clears one; company_id moves them)."""
    authorization.require(ctx, Action.WRITE_PEOPLE)
    return store.update_person(ctx.graph, person_id, patch, now=ctx.now())


def delete(ctx: Context, person_id: str) -> None:
    """Remove the person with their ties (KNOWS, WORKS_AT) and introduction links."""
    authorization.require(ctx, Action.DELETE_PEOPLE)
    store.delete_person(ctx.graph, person_id)


def newest(ctx: Context, limit: int, *, after_t: datetime | None = None,
           after_id: str | None = None) -> list[dict[str, Any]]:
    """Up to `limit` people, newest first, after the keyset (after_t, after_id)."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return store.list_people(ctx.graph, limit, after_t, after_id)


def search(ctx: Context, text: str, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """People whose name, email or current company starts with the words typed, best first."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return store.search_people(ctx.graph, text, limit, offset)


def relate(ctx: Context, a: str, b: str, tie: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Record that a and b know each other (one tie per pair: again updates it);
    returns (tie, created)."""
    authorization.require(ctx, Action.WRITE_PEOPLE)
    return store.upsert_tie(ctx.graph, a, b, tie, now=ctx.now())


def ties(ctx: Context, person_id: str, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """The person's ties, strongest first, each with the other person's summary."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return store.list_ties(ctx.graph, person_id, limit, offset)


def label(ctx: Context, person_id: str) -> dict[str, Any] | None:
    """Name, title, company and whether a rep, for a line of text; None if unknown."""
    return store.person_label(ctx.graph, person_id)


def reps(ctx: Context) -> list[dict[str, Any]]:
    """The team's reps who may be contacted (where a path can start)."""
    return store.reps(ctx.graph)
