"""Introductions: request one along a path, move it through the workflow, record the
prospect's answer (double opt-in), qualification and touches; inquiries kept apart.

Every change that partners subscribe to writes its webhook event in the same
transaction (services/webhooks.py `emit`), whether the API or a page asked for it.
Rules: referrals/introductions.py, referrals/qualification.py; storage:
graph/introductions.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from graph import icp_store
from graph import introductions as store
from graph.identity import follow, follow_many
from graph.workflow_common import jsonable
from referrals.errors import Conflict
from referrals.permissions import Action
from services import audit, authorization, consent, visibility, webhooks
from services.context import Context

HIDDEN_PREFIX = "hidden-"  # the stand-in id the pages give a counts-only person


ASK_CREATED_FIELDS = ("id", "client_id", "referrer_id", "target_id", "introduction_id", "asked_at")
ASK_OUTCOME_FIELDS = ("id", "client_id", "referrer_id", "outcome", "outcome_at", "thank_you_due")


def _named(ctx: Context, *ids: str | None) -> list[str | None]:
    """The ids as a payload may carry them: null for a person hidden until their client
    opts in (an introduction made before the client's word was needed)."""
    hidden = visibility.hidden_people(ctx, ids)
    return [None if i in hidden else i for i in ids]


def moved_events(tx: ManagedTransaction, ctx: Context, moved: dict[str, Any]) -> None:
    """The events of one move: the status change, and the referral ask it opened (a move to
    asked) or closed (accepted -> introduced, asked -> declined)."""
    event = jsonable(moved["event"].to_dict())
    intro = moved["introduction"]
    audit.record_tx(tx, ctx, "introduction.moved", "introduction", intro["id"],
                    f"{event['from']} -> {event['to']}")
    webhooks.emit(tx, ctx, "introduction.status_changed", {
        "introduction_id": intro["id"], "from": event["from"], "to": event["to"],
        "actor": event["actor"], "at": event["at"], "version": intro["version"],
        "flags": event["flags"], **dict(zip(("referrer_id", "target_id"),
                                            _named(ctx, intro["referrer_id"], intro["target_id"]),
                                            strict=True))})
    ask = moved.get("ask")
    if not ask or ask.get("merged"):
        return
    if event["to"] == "asked":
        webhooks.emit(tx, ctx, "referral_ask.created", jsonable({k: ask.get(k) for k in ASK_CREATED_FIELDS}))
    elif ask.get("outcome"):
        webhooks.emit(tx, ctx, "referral_ask.outcome", jsonable({k: ask.get(k) for k in ASK_OUTCOME_FIELDS}))


def request(ctx: Context, *, requester_id: str, target_id: str, path: list[str],
            note: str | None = None, acting_for: str | None = None) -> dict[str, Any]:
    """Request a warm introduction along `path` (requester, referrer(s), target).

    Conflict `client_consent_required` when someone on the path works at a client that
    has not opted in (their names stay hidden: only the count is said); Conflict
    `duplicate` (with `existing_id`) for a second open request to the same person.
    A rep requests in their own name only (Forbidden otherwise).
    """
    requester_id = authorization.requester_for(ctx, requester_id)
    # a person merged away since the path was found is asked as who they are now (docs/identity.md)
    path, target_id = follow_many(ctx.graph, list(path)), follow(ctx.graph, target_id)
    # a counts-only stand-in (the pages' "hidden-..." id) is someone whose client has not
    # opted in, as much as a named person whose client has not
    hidden = [p for p in path if p.startswith(HIDDEN_PREFIX)]
    waiting = hidden or consent.people_needing_consent(ctx, list(path))
    if waiting:
        raise Conflict(f"{len(waiting)} person(s) on this path work at a client that has not agreed to "
                       "be used as a connector yet; ask the client to opt in first "
                       "(PUT /api/v1/companies/{id}/consent).",
                       code="client_consent_required", title="Client consent needed")

    def publish(tx: ManagedTransaction, created: dict[str, Any]) -> None:
        webhooks.emit(tx, ctx, "introduction.created", {
            "introduction_id": created["id"], "status": created["status"],
            "requester_id": created["requester_id"], "referrer_id": created["referrer_id"],
            "target_id": created["target_id"], "version": created["version"]})
        audit.record_tx(tx, ctx, "introduction.created", "introduction", created["id"])

    return store.create_introduction(
        ctx.graph, requester_id=requester_id, target_id=target_id, path=list(path),
        actor=ctx.actor.acting_for(acting_for), now=ctx.now(), note=note,
        profile=icp_store.current_profile(ctx.graph), in_transaction=publish)


def get(ctx: Context, intro_id: str, *, with_history: bool = True) -> dict[str, Any]:
    """The introduction with its people; those hidden until their client opts in read as
    nulls with `hidden: true` (services/visibility.py)."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return visibility.redact(ctx, store.get_introduction(ctx.graph, intro_id, with_history=with_history,
                                                         profile=icp_store.current_profile(ctx.graph)))


def _require_own(ctx: Context, intro_id: str) -> None:
    """A rep acts on the introductions they requested; managers and integrations on any."""
    authorization.require_own_introduction(ctx, lambda: store.requester_of(ctx.graph, intro_id))


def list_page(ctx: Context, **filters: Any) -> dict[str, Any]:
    authorization.require(ctx, Action.READ_PEOPLE)
    return visibility.redact(ctx, store.list_introductions(ctx.graph, **filters))


def move(ctx: Context, intro_id: str, to: str, *, note: str | None = None,
         assignment: str | None = None, next_meeting_at: datetime | None = None,
         reason: str | None = None, expected_version: int | None = None,
         acting_for: str | None = None) -> dict[str, Any]:
    """Move an introduction to another status (a rep's or a manager's action).

    Returns {"introduction", "event", "ask", "fatigue"}; the rules and their errors are
    graph/introductions.transition's. One webhook event per move.
    """
    _require_own(ctx, intro_id)
    return store.transition(
        ctx.graph, intro_id, to, actor=ctx.actor.acting_for(acting_for), now=ctx.now(), note=note,
        assignment=assignment, next_meeting_at=next_meeting_at, reason=reason,
        expected_version=expected_version, profile=icp_store.current_profile(ctx.graph),
        max_per_quarter=ctx.rules.asks_per_quarter, policy=ctx.rules.goodwill,
        in_transaction=lambda tx, moved: moved_events(tx, ctx, moved))


def record_prospect_answer(ctx: Context, intro_id: str, answer: str, *, channel: str,
                           at: datetime | None = None, note: str | None = None,
                           expected_version: int | None = None,
                           acting_for: str | None = None) -> dict[str, Any]:
    """Double opt-in: the prospect's yes or no. A no closes the introduction as declined
    (and so also fires `introduction.status_changed`)."""
    _require_own(ctx, intro_id)

    def publish(tx: ManagedTransaction, out: dict[str, Any]) -> None:
        intro = out["introduction"]
        webhooks.emit(tx, ctx, "introduction.prospect_consent", {
            "introduction_id": intro_id, "answer": out["consent"].answer.value,
            "channel": out["consent"].channel, "at": out["consent"].at.isoformat(),
            **dict(zip(("referrer_id", "target_id"), _named(ctx, intro["referrer_id"], intro["target_id"]),
                       strict=True))})
        audit.record_tx(tx, ctx, "introduction.prospect_answered", "introduction", intro_id,
                        out["consent"].answer.value)
        if out["moved"] is not None:
            moved_events(tx, ctx, out["moved"])

    return store.record_consent(
        ctx.graph, intro_id, answer, channel=channel, at=at, actor=ctx.actor.acting_for(acting_for),
        now=ctx.now(), note=note, expected_version=expected_version,
        profile=icp_store.current_profile(ctx.graph), in_transaction=publish)


def prospect_answers(ctx: Context, intro_id: str) -> list[dict[str, Any]]:
    authorization.require(ctx, Action.READ_PEOPLE)
    return store.list_consents(ctx.graph, intro_id)


def set_qualification(ctx: Context, intro_id: str, bant: dict[str, Any], *,
                      expected_version: int | None = None) -> dict[str, Any]:
    _require_own(ctx, intro_id)
    def publish(tx: ManagedTransaction, out: dict[str, Any]) -> None:
        webhooks.emit(tx, ctx, "introduction.qualification_changed", {
            "introduction_id": intro_id, "bant": out["bant"], "version": out["version"]})
        audit.record_tx(tx, ctx, "introduction.qualified", "introduction", intro_id)

    return store.set_qualification(ctx.graph, intro_id, bant, now=ctx.now(),
                                   expected_version=expected_version,
                                   profile=icp_store.current_profile(ctx.graph), in_transaction=publish)


def record_touch(ctx: Context, intro_id: str, *, direction: str, channel: str | None,
                 at: datetime | None = None, note: str | None = None,
                 acting_for: str | None = None) -> dict[str, Any]:
    _require_own(ctx, intro_id)
    touch = store.record_touch(ctx.graph, intro_id, direction=direction, channel=channel,
                               at=at or ctx.now(), actor=ctx.actor.acting_for(acting_for), note=note)
    audit.record(ctx, "introduction.touched", "introduction", intro_id, direction)
    return touch


def touches(ctx: Context, intro_id: str) -> list[dict[str, Any]]:
    authorization.require(ctx, Action.READ_PEOPLE)
    return store.list_touches(ctx.graph, intro_id)


def record_inquiry(ctx: Context, *, kind: str, at: datetime | None = None, person_id: str | None = None,
                   company_id: str | None = None, source: str | None = None,
                   note: str | None = None) -> dict[str, Any]:
    authorization.require(ctx, Action.WRITE_INTRODUCTIONS)
    return store.create_inquiry(ctx.graph, kind=kind, at=at, now=ctx.now(), person_id=person_id,
                                company_id=company_id, source=source, note=note)


def inquiries(ctx: Context, **filters: Any) -> dict[str, Any]:
    authorization.require(ctx, Action.READ_PEOPLE)
    return store.list_inquiries(ctx.graph, **filters)
