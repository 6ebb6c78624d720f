"""Goodwill per connector: the ledger (asks sent, what we gave back, the balance), recording
a give-back, and what an ask now would do to each of a client's people (send, merge into
a colleague's open ask, or let them rest) for the client page.

The budget is the team's (ctx.rules.goodwill); rules: referrals/goodwill.py; storage:
graph/goodwill.py. Recording a give-back sends no webhook event: it changes no
introduction or ask that partners mirror, only our own ranking's input.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph import goodwill as store
from referrals.errors import NotFound
from referrals.goodwill import decide_ask
from referrals.permissions import Action
from services import audit, authorization, visibility
from services.context import Context


def ledger(ctx: Context, person_id: str) -> dict[str, Any]:
    """The person's asks (with those merged into them), what we gave back, the balance,
    the cooldown and the verdict for an ask now. NotFound for an unknown person."""
    authorization.require(ctx, Action.READ_PEOPLE)
    if visibility.hidden_people(ctx, [person_id]):  # read as an unknown id (services/visibility.py)
        raise NotFound(f"No person has the id {person_id!r}.")
    return store.ledger(ctx.graph, person_id, now=ctx.now(), policy=ctx.rules.goodwill)


def give_back(ctx: Context, person_id: str, *, kind: str, at: datetime | None = None,
              note: str | None = None, acting_for: str | None = None) -> dict[str, Any]:
    """Record what we gave the person (referral_sent, case_study, thanks, other); answers
    the entry and the new balance. Invalid (field "kind"), NotFound (no such person)."""
    authorization.require(ctx, Action.WRITE_PEOPLE)
    now = ctx.now()
    out = store.record_give(ctx.graph, person_id, kind=kind, at=at or now,
                            actor=ctx.actor.acting_for(acting_for), note=note, now=now,
                            policy=ctx.rules.goodwill)
    audit.record(ctx, "goodwill.given", "person", person_id, kind)
    return out


def ask_states(ctx: Context, person_ids: set[str] | list[str]) -> dict[str, dict[str, Any]]:
    """Per person: `decision` (send / merge / cooldown: one budget for the whole team),
    `cooldown_until`, `asked_by` / `asked_at` (the open ask a new one would join),
    `asks_in_window` and `balance`. Unknown ids are left out."""
    histories = store.ask_histories(ctx.graph, sorted(person_ids))
    at, policy = ctx.now(), ctx.rules.goodwill
    states = {}
    for person_id, history in histories.items():
        verdict = decide_ask(history["asks"], at, policy)
        first = next((a for a in history["asks"] if a.id == verdict.merge_into), None)
        states[person_id] = {
            "decision": verdict.decision.value, "cooldown_until": verdict.cooldown_until,
            "asked_by": first.asked_by if first else None, "asked_at": first.asked_at if first else None,
            "asks_in_window": verdict.asks_in_window, "balance": history["balance"]}
    return states
