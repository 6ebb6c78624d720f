"""Erasing a person (issue #15), lifting an erasure, listing them: admin only
(`Action.ERASE`). What is removed and what the tombstone keeps: graph/erasure.py and
docs/security.md ("Erasure").

The audit trail records `person.erased` under the tombstone id and `erasure.lifted`
under the erasure id, never the erased name or email. No webhook event is sent: the
receivers would get nothing they may keep.
"""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph import erasure as store
from referrals.errors import Conflict
from referrals.permissions import Action
from services import audit, authorization
from services.context import Context


def erase(ctx: Context, person_id: str) -> dict[str, Any]:
    """Erase the person: {erasure_id, tombstone_id, erased_at, erased_by, keys, removed}.
    NotFound for an unknown person; Conflict `signs_in` while a sign-in is theirs."""
    authorization.require(ctx, Action.ERASE)

    def recorded(tx: ManagedTransaction, facts: dict[str, Any]) -> None:
        removed = facts["removed"]
        audit.record_tx(tx, ctx, "person.erased", "person", facts["tombstone_id"],
                        f"erasure {facts['erasure_id']}: {removed['ties']} ties, "
                        f"{removed['introductions_rewritten']} introductions rewritten")

    return store.erase(ctx.graph, person_id, by=ctx.actor.name, now=ctx.now(), in_transaction=recorded)


def lift(ctx: Context, erasure_id: str) -> dict[str, Any]:
    """Lift an erasure: later imports and `POST /people` may create the person again."""
    authorization.require(ctx, Action.ERASE)

    def recorded(tx: ManagedTransaction, erasure: dict[str, Any]) -> None:
        audit.record_tx(tx, ctx, "erasure.lifted", "erasure", erasure["id"],
                        f"tombstone {erasure['tombstone_id']}")

    return store.lift(ctx.graph, erasure_id, by=ctx.actor.name, now=ctx.now(), in_transaction=recorded)


def list_erasures(ctx: Context) -> list[dict[str, Any]]:
    """Every erasure, newest first."""
    authorization.require(ctx, Action.ERASE)
    return store.list_erasures(ctx.graph)


def refuse_erased(ctx: Context, body: dict[str, Any]) -> None:
    """Conflict `erased` when a person written through the API or the pages is someone
    erased and not lifted (by id, email, LinkedIn URL or source + external id)."""
    source = body.get("source") or "api"  # graph/directory.py's default source
    keys = store.identity_keys(ids=[body.get("id")], emails=[body.get("email")],
                               linkedin_urls=[body.get("linkedin_url")],
                               external_ids=[(source, body.get("external_id"))])
    found = store.ErasedKeys(ctx.graph).match(keys)
    key = store.telling_key(found)
    if key is not None:
        hit = found[key]
        reason = store.erased_reason(hit)
        raise Conflict(reason[0].upper() + reason[1:] + ".", code="erased", field=store.key_field(key),
                       erasure_id=hit["erasure_id"], erased_on=hit["erased_on"])
