"""The audit trail: who created, changed, deleted, imported, exported, changed consent or
roles, and when. Append-only: nothing in the service edits or deletes an entry, with one
exception: erasing a person (graph/erasure.py) rewrites their id in entries to the
tombstone's and their name or email in summaries to "[erased]". Summaries name fields,
not values, so little needs rewriting.

    (:AuditEvent {id, at, action, object_type, object_id, summary,
                  actor, actor_kind, actor_id})

``action`` reads ``<thing>.<verb>`` ("person.deleted", "consent.changed",
"import.finished"); ``actor`` is the real actor's name (a user's email, a key's name).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.db import Graph

SCHEMA = (
    "CREATE CONSTRAINT audit_event_id IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.id IS UNIQUE",
    "CREATE INDEX audit_event_at IF NOT EXISTS FOR (e:AuditEvent) ON (e.at)",
    "CREATE INDEX audit_event_object IF NOT EXISTS FOR (e:AuditEvent) ON (e.object_id)",
)

APPEND = """
CREATE (:AuditEvent {id: $id, at: $at, action: $action, object_type: $object_type,
                     object_id: $object_id, summary: $summary, actor: $actor,
                     actor_kind: $actor_kind, actor_id: $actor_id})
"""

LIST = """
MATCH (e:AuditEvent)
WHERE ($object_id IS NULL OR e.object_id = $object_id)
  AND ($action IS NULL OR e.action STARTS WITH $action)
  AND ($actor IS NULL OR e.actor = $actor)
  AND ($after_t IS NULL OR e.at < $after_t OR (e.at = $after_t AND e.id < $after_id))
RETURN e {.*} AS event
ORDER BY e.at DESC, e.id DESC
LIMIT $limit
"""


def new_event(*, at: datetime, action: str, object_type: str, object_id: str | None,
              summary: str, actor: str, actor_kind: str, actor_id: str) -> dict[str, Any]:
    return {"id": "ae-" + secrets.token_hex(8), "at": at, "action": action,
            "object_type": object_type, "object_id": object_id, "summary": summary[:500],
            "actor": actor, "actor_kind": actor_kind, "actor_id": actor_id}


def append(graph: Graph, event: dict[str, Any]) -> None:
    graph.execute(APPEND, **event)


def append_tx(tx: ManagedTransaction, event: dict[str, Any]) -> None:
    """In the caller's transaction: the entry exists exactly when the change does."""
    tx.run(APPEND, **event).consume()


def list_events(graph: Graph, *, limit: int, after_t: datetime | None = None,
                after_id: str | None = None, object_id: str | None = None,
                action: str | None = None, actor: str | None = None) -> list[dict[str, Any]]:
    rows = graph.query(LIST, limit=limit, after_t=after_t, after_id=after_id,
                       object_id=object_id, action=action, actor=actor)
    out = []
    for row in rows:
        event = dict(row["event"])
        at = event.get("at")
        event["at"] = at.to_native() if hasattr(at, "to_native") else at
        out.append(event)
    return out
