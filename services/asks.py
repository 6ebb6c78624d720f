"""Referral asks: ask a client's person for an introduction (goodwill budget, ask fatigue),
record how it ended, and read a referrer's record.

Rules: referrals/asks.py, referrals/goodwill.py; storage: graph/asks.py. An ask tied to
a tracked introduction also moves it to `asked`, and both events go out.
"""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph import asks as store
from graph import icp_store
from graph.workflow_common import jsonable
from referrals.errors import Conflict
from referrals.permissions import Action
from services import audit, authorization, visibility, webhooks
from services.context import Context
from services.introductions import ASK_CREATED_FIELDS, moved_events


def ask(ctx: Context, client_id: str, *, referrer_id: str, target_id: str | None = None,
        account_manager_id: str | None = None, introduction_id: str | None = None,
        note: str | None = None, acting_for: str | None = None) -> dict[str, Any]:
    """Ask `referrer_id` (at client `client_id`) for an introduction.

    Answers the ask with `merged: true` when an open ask to the same person from the last
    week took this one in (nothing is sent, no event); Conflict `ask_cooldown` when the
    person is resting, Conflict with `alternatives` when the client was asked enough
    this quarter.
    """
    authorization.require(ctx, Action.ASK_CLIENTS)

    if visibility.hidden_people(ctx, [referrer_id, target_id]):
        raise Conflict("This person works at a client that has not agreed to be asked for "
                       "introductions yet; ask the client to opt in first.",
                       code="client_consent_required", title="Client consent needed")

    def publish(tx: ManagedTransaction, out: dict[str, Any]) -> None:
        row = out["ask"]
        if row.get("merged"):
            return
        audit.record_tx(tx, ctx, "referral_ask.created", "referral_ask", row.get("id"),
                        f"client {client_id}")
        if out["moved"] is not None:  # the tracked introduction moved to asked: its events
            moved_events(tx, ctx, out["moved"])
        else:
            webhooks.emit(tx, ctx, "referral_ask.created",
                          jsonable({k: row.get(k) for k in ASK_CREATED_FIELDS}))

    return store.create_ask(
        ctx.graph, client_id, referrer_id=referrer_id, now=ctx.now(),
        actor=ctx.actor.acting_for(acting_for), target_id=target_id,
        account_manager_id=account_manager_id, note=note, introduction_id=introduction_id,
        max_per_quarter=ctx.rules.asks_per_quarter, profile=icp_store.current_profile(ctx.graph),
        policy=ctx.rules.goodwill, in_transaction=publish)


def get(ctx: Context, ask_id: str) -> dict[str, Any]:
    authorization.require(ctx, Action.READ_PEOPLE)
    return visibility.redact(ctx, store.get_ask(ctx.graph, ask_id))


def for_client(ctx: Context, client_id: str, *, limit: int = 50, cursor: str | None = None) -> dict[str, Any]:
    """The client's asks, newest first, with this quarter's count and limit."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return visibility.redact(ctx, store.list_asks(
        ctx.graph, client_id, limit=limit, cursor=cursor, today=ctx.now().date(),
        max_per_quarter=ctx.rules.asks_per_quarter))


def record_outcome(ctx: Context, ask_id: str, outcome: str, *, note: str | None = None,
                   acting_for: str | None = None) -> dict[str, Any]:
    """How the ask ended; the same outcome again changes nothing (and sends nothing)."""
    authorization.require(ctx, Action.ASK_CLIENTS)

    def publish(tx: ManagedTransaction, out: dict[str, Any]) -> None:
        webhooks.emit(tx, ctx, "referral_ask.outcome", jsonable(out))
        audit.record_tx(tx, ctx, "referral_ask.outcome", "referral_ask", ask_id, outcome)

    return store.record_outcome(ctx.graph, ask_id, outcome, now=ctx.now(),
                                actor=ctx.actor.acting_for(acting_for), note=note, in_transaction=publish)


def referrer_record(ctx: Context, person_id: str) -> dict[str, Any]:
    authorization.require(ctx, Action.READ_PEOPLE)
    visibility.require_visible(ctx, person_id)
    record = store.referrer_record(ctx.graph, person_id)
    return {"person_id": person_id, **record.to_dict(), "made_rate": record.made_rate,
            "accepted_rate": record.accepted_rate, "win_rate": record.win_rate}
