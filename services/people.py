"""People and their KNOWS ties: create (or upsert by external_id), read, change, delete,
list and search; record a tie; and the small reads the pages need (a person's label,
the team's reps).

Ids, duplicates and the search syntax: graph/directory.py. Errors are the domain's:
NotFound, Invalid (field names the body field), Conflict `duplicate` (existing_id).
People hidden until their client opts in are never named here (services/visibility.py):
one of them reads as an unknown id, and as a stand-in in another person's ties.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph import directory as store
from graph.identity import follow
from referrals.errors import Conflict
from referrals.permissions import Action
from referrals.tie_strength import TieStrengthParams
from services import audit, authorization, erasure, visibility
from services.context import Context


def create(ctx: Context, body: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Create a person (with external_id: create or update); returns (person, created)."""
    authorization.require(ctx, Action.WRITE_PEOPLE)
    if body.get("is_rep"):
        authorization.require(ctx, Action.CHANGE_REP_FLAG)
    existing = store.upsert_person_id(body)
    if "company_id" in body and existing and visibility.hidden_people(ctx, [existing]):
        # an upsert that moves someone away from a client that has not opted in (as update)
        authorization.require(ctx, Action.MANAGE_CONSENT)
    erasure.refuse_erased(ctx, body)  # Conflict `erased` until an admin lifts the erasure
    try:
        person, created = store.create_person(ctx.graph, body, now=ctx.now())
    except Conflict as exc:
        if exc.code == "duplicate" and visibility.hidden_people(ctx, [exc.details.get("existing_id")]):
            # the same answer without naming someone hidden until their client opts in
            raise Conflict(exc.message, code="duplicate", existing_id=None) from None
        raise
    audit.record(ctx, "person.created" if created else "person.changed", "person", person["id"],
                 "is_rep" if body.get("is_rep") else "")
    return _shown(ctx, person, body), created


def get(ctx: Context, person_id: str) -> dict[str, Any]:
    """One person with their current company."""
    authorization.require(ctx, Action.READ_PEOPLE)
    now = follow(ctx.graph, person_id)  # a merged-away id reads as who they are now (docs/identity.md)
    if visibility.hidden_people(ctx, [now]):
        raise store.person_not_found(person_id)
    return store.get_person(ctx.graph, now)


def update(ctx: Context, person_id: str, patch: dict[str, Any]) -> dict[str, Any]:
    """Change the fields in `patch` (None clears one; company_id moves them)."""
    authorization.require(ctx, Action.WRITE_PEOPLE)
    notes = []
    if "is_rep" in patch or patch.get("do_not_contact") is False:
        before = store.get_person(ctx.graph, person_id)
        if "is_rep" in patch and bool(patch["is_rep"]) != bool(before.get("is_rep")):
            authorization.require(ctx, Action.CHANGE_REP_FLAG)
            notes.append(f"is_rep {bool(before.get('is_rep'))} -> {bool(patch['is_rep'])}")
        if patch.get("do_not_contact") is False and before.get("do_not_contact"):
            authorization.require(ctx, Action.CLEAR_DO_NOT_CONTACT)
            notes.append("do-not-contact cleared")
    if "company_id" in patch and visibility.hidden_people(ctx, [person_id]):
        # moving someone away from a client that has not opted in would lift its consent
        authorization.require(ctx, Action.MANAGE_CONSENT)
    person = store.update_person(ctx.graph, person_id, patch, now=ctx.now())
    # the fields changed, never their values (the trail outlives the data: erasure)
    audit.record(ctx, "person.changed", "person", person_id,
                 "; ".join([", ".join(sorted(patch)), *notes]))
    return _shown(ctx, person, patch)


def delete(ctx: Context, person_id: str) -> None:
    """Remove the person with their ties (KNOWS, WORKS_AT) and introduction links."""
    authorization.require(ctx, Action.DELETE_PEOPLE)
    store.delete_person(ctx.graph, person_id)
    audit.record(ctx, "person.deleted", "person", person_id)


def newest(ctx: Context, limit: int, *, after_t: datetime | None = None,
           after_id: str | None = None) -> list[dict[str, Any]]:
    """Up to `limit` people, newest first, after the keyset (after_t, after_id)."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return visibility.visible_people(ctx, store.list_people(ctx.graph, limit, after_t, after_id))


def search(ctx: Context, text: str, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """People whose name, email or current company starts with the words typed, best first."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return visibility.visible_people(ctx, store.search_people(ctx.graph, text, limit, offset))


def relate(ctx: Context, a: str, b: str, tie: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Record that a and b know each other (one tie per pair: again updates it);
    returns (tie, created)."""
    authorization.require(ctx, Action.WRITE_PEOPLE)
    # a strength given here is its own evidence (who, when) and decays unless confirmed
    return store.upsert_tie(ctx.graph, a, b, tie, now=ctx.now(), by=ctx.actor.name,
                            params=tie_params(ctx))


def ties(ctx: Context, person_id: str, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """The person's ties, strongest first, each with the other person's summary; each
    strength as of the request's day (decayed since its last evidence)."""
    authorization.require(ctx, Action.READ_PEOPLE)
    visibility.require_visible(ctx, person_id)
    return visibility.redact_ties(ctx, store.list_ties(ctx.graph, person_id, limit, offset,
                                                       today=ctx.now().date(), params=tie_params(ctx)))


def tie_params(ctx: Context) -> TieStrengthParams:
    """The tie-strength model with the configured half-life (REFERRALS_TIE_HALF_LIFE_DAYS)."""
    return TieStrengthParams(half_life_days=ctx.rules.tie_half_life_days)


def label(ctx: Context, person_id: str) -> dict[str, Any] | None:
    """Name, title, company and whether a rep, for a line of text; None if unknown (or hidden)."""
    if visibility.hidden_people(ctx, [person_id]):
        return None
    return store.person_label(ctx.graph, person_id)


def reps(ctx: Context) -> list[dict[str, Any]]:
    """The team's reps who may be contacted (where a path can start)."""
    return store.reps(ctx.graph)


def _shown(ctx: Context, person: dict[str, Any], sent: dict[str, Any]) -> dict[str, Any]:
    """A written person as the answer shows it: someone hidden until their client opts in
    gets back only what the caller sent, so a write never reads their stored details."""
    if not visibility.hidden_people(ctx, [person["id"]]):
        return person
    kept = {"id", "company_id", "is_rep", "version", "created_at", "updated_at", *sent}
    return {k: (v if k in kept else None) for k, v in person.items()}
