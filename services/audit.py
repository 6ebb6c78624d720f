"""The audit trail a manager reads: what the use cases record after each change, and the
page of entries (newest first). Storage: graph/audit.py."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph import audit as store
from referrals.paging import keyset_cursor, keyset_position
from referrals.permissions import Action
from services import authorization, visibility
from services.context import Context


def _event(ctx: Context, action: str, object_type: str, object_id: str | None,
           summary: str) -> dict[str, Any]:
    actor = ctx.actor
    return store.new_event(at=ctx.now(), action=action, object_type=object_type,
                           object_id=object_id, summary=summary or "", actor=actor.name,
                           actor_kind=actor.kind, actor_id=actor.id)


def record(ctx: Context, action: str, object_type: str, object_id: str | None,
           summary: str = "") -> None:
    """Append one entry for a change that has happened (its own small write)."""
    store.append(ctx.graph, _event(ctx, action, object_type, object_id, summary))


def record_tx(tx: ManagedTransaction, ctx: Context, action: str, object_type: str,
              object_id: str | None, summary: str = "") -> None:
    """Append one entry in the change's own transaction."""
    store.append_tx(tx, _event(ctx, action, object_type, object_id, summary))


def trail(ctx: Context, *, limit: int = 50, cursor: str | None = None,
          object_id: str | None = None, action: str | None = None,
          actor: str | None = None) -> dict[str, Any]:
    """A page of entries, newest first: {"items", "next_cursor"}; filters by object id,
    action prefix ("person." for every change to people) and actor name."""
    authorization.require(ctx, Action.READ_AUDIT)
    after_t, after_id = keyset_position(cursor)
    rows = store.list_events(ctx.graph, limit=limit + 1, after_t=after_t, after_id=after_id,
                             object_id=object_id, action=action, actor=actor)
    # an entry about a person hidden until their client opts in names no one (the
    # action, when and by whom stay: the trail's reader still sees what was done)
    items = visibility.redact(ctx, rows[:limit])
    more = len(rows) > limit
    return {"items": items,
            "next_cursor": keyset_cursor(items[-1]["at"], items[-1]["id"]) if more and items else None}
