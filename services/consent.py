"""Consent and confirmations: a client opts in (or out) before its people are asked to
connect us, and a person confirms, corrects or hides their own tie.

A client's new answer writes the `client.consent_changed` webhook event in the same
transaction. Rules: referrals/consent.py; storage: graph/consent.py.
"""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph import consent as store
from graph.workflow_common import jsonable
from referrals.errors import Forbidden, Invalid
from referrals.permissions import Action
from referrals.tie_strength import TieStrengthParams
from services import audit, authorization, webhooks
from services.context import Context

TIE_ACTIONS = store.ACTIONS


def get(ctx: Context, company_id: str) -> dict[str, Any]:
    """The client's answer; `not_asked` (and `stored: false`) when nobody recorded one."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return store.get_consent(ctx.graph, company_id)


def set_consent(ctx: Context, company_id: str, consent: str, *,
                acting_for: str | None = None) -> dict[str, Any]:
    """Record the client's answer (opted_in, not_asked, declined) with who and when.

    Until it is opted_in, paths through its people are shown counts-only and cannot be
    requested (referrals/consent.py).
    """
    authorization.require(ctx, Action.MANAGE_CONSENT)

    def publish(tx: ManagedTransaction, out: dict[str, Any]) -> None:
        webhooks.emit(tx, ctx, "client.consent_changed", jsonable({
            "company_id": out["company_id"], "consent": out["connector_consent"],
            "actor": out["by"], "at": out["at"]}))
        audit.record_tx(tx, ctx, "consent.changed", "company", out["company_id"], out["connector_consent"])

    return store.set_consent(ctx.graph, company_id, consent, actor=ctx.actor.acting_for(acting_for),
                             now=ctx.now(), in_transaction=publish)


def confirm_tie(ctx: Context, a: str, b: str, action: str, *, strength: float | None = None,
                by: str | None = None) -> dict[str, Any]:
    """A person's word on their own tie: confirm (optionally with a strength), correct (a
    strength) or hide it. Confirmed strengths rank first; hidden ties are never used.

    A signed-in person (or their key) acts on their own ties only and is recorded as
    themselves. Managers, admins and partner tools record it for one of the two people
    (`by`, else their own name). The change is in the audit trail with the real actor.
    """
    authorization.require(ctx, Action.WRITE_PEOPLE)
    if by is not None and by not in (a, b):
        raise Invalid("only one of the two people on a tie can confirm it", field="by")
    own = ctx.actor.person_id
    if own in (a, b):
        by = own
    elif not authorization.acts_for_anyone(ctx.actor):
        raise Forbidden("You may confirm, correct or hide only your own ties.", code="not_yours")
    out = store.confirm_tie(ctx.graph, a, b, action, strength=strength, by=by or ctx.actor.name,
                            now=ctx.now(),
                            params=TieStrengthParams(half_life_days=ctx.rules.tie_half_life_days))
    audit.record(ctx, f"tie.{action}", "tie", f"{a}|{b}", f"by {by or ctx.actor.name}")
    return out


def hide_tie(ctx: Context, a: str, b: str, *, by: str | None = None) -> dict[str, Any]:
    """Hide the tie between a and b from ranking (confirming it shows it again)."""
    return confirm_tie(ctx, a, b, "hide", by=by)


def people_needing_consent(ctx: Context, path: list[str]) -> list[str]:
    """The people on `path` (connectors and referrer) whose client has not opted in."""
    return store.people_needing_consent(ctx.graph, list(path), ctx.now().date())
