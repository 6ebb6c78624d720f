"""What deciding a review item and undoing a merge share for people (services/identity.py)
and companies (services/company_identity.py): who may, the checks, the undo and the pair
kept apart in one transaction, the audit entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from referrals.errors import Conflict, Invalid
from referrals.permissions import Action
from services import audit, authorization
from services.context import Context

DECISIONS = ("merge", "reject")


def open_item(ctx: Context, review_id: str, decision: str,
              get_review: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """The review item a decision is about, once the actor may decide, the decision is one of
    DECISIONS and the item is still open (Invalid, NotFound or Conflict otherwise)."""
    authorization.require(ctx, Action.REVIEW_IDENTITIES)
    if decision not in DECISIONS:
        raise Invalid("decision is merge or reject.", field="decision")
    review = get_review(ctx.graph, review_id)
    if review["status"] != "open":
        raise Conflict(f"Review {review_id} was already decided ({review['status']}).",
                       code="already_decided", decided=review["status"])
    return review


def undo(ctx: Context, merge_id: str, *, get_merge: Callable[..., dict[str, Any]],
         unmerge: Callable[..., Any], keep_apart: Callable[..., str], action: str,
         object_type: str) -> dict[str, Any]:
    """Undo merge ``merge_id`` (``unmerge`` in a write transaction) and record its pair as
    kept apart (``keep_apart``), so later runs leave them apart; audited as ``action`` on the
    kept ``object_type``. Returns the undo's answer with ``review_id``, ``keep_id`` and
    ``absorbed_id``."""
    authorization.require(ctx, Action.REVIEW_IDENTITIES)
    now, by = ctx.now(), ctx.actor.name
    merge = get_merge(ctx.graph, merge_id)

    def work(tx) -> dict[str, Any]:
        done = unmerge(tx, merge_id, decided_by=by, at=now, why="undone")
        done["review_id"] = keep_apart(tx, merge["keep_id"], merge["absorbed_id"], decided_by=by, at=now,
                                       why=f"merge {merge_id} undone")
        return done

    done = ctx.graph.write(work)
    audit.record(ctx, action, object_type, merge["keep_id"], f"merge {merge_id} undone")
    return {**done, "keep_id": merge["keep_id"], "absorbed_id": merge["absorbed_id"]}
