"""The event outbox: events stored in the same transaction as the change they report.

    (:OutboxEvent {id, type, body, created_at})
    (:OutboxDelivery {id, event_id, webhook_id, event_type, state, attempts, due_at,
                      claimed_by, claimed_until, last_status, last_error})

`add_event(tx, ...)` runs inside the use case's write transaction: the event and one
pending delivery per subscribed webhook commit with the change or not at all. A drainer
(services/webhooks.py) in every app process claims due deliveries with a lease, sends
them and records the result; a process killed between claim and result leaves a lease
that expires, and another drainer (or the same one after a restart) sends it again.
Receivers de-duplicate by the event id (X-Referrals-Delivery), which never changes.

Claiming is safe with several processes or machines: each claim takes the delivery's
write lock first and re-reads its lease under that lock, so two drainers never hold the
same delivery at once.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from neo4j import ManagedTransaction

from graph.db import Graph
from referrals.ids import new_id

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


ADD = """
CREATE (e:OutboxEvent {id: $id, type: $type, body: $body, created_at: $now})
WITH e
CALL (e) {
  MATCH (w:Webhook) WHERE w.active AND ($type IN w.events OR '*' IN w.events)
        AND ($only_webhook IS NULL OR w.id = $only_webhook)
  CREATE (:OutboxDelivery {id: 'obd-' + randomUUID(), event_id: e.id, webhook_id: w.id,
                           event_type: $type, state: 'pending', attempts: 0, due_at: $now})
  RETURN count(*) AS deliveries
}
RETURN deliveries
"""


def add_event(tx: ManagedTransaction, event_type: str, data: dict[str, Any], *, now: datetime,
              only_webhook: str | None = None) -> str:
    """Store the event and a pending delivery for each subscribed webhook; returns its id.

    The body is the exact JSON every receiver gets, fixed now so that retries send the
    same bytes: ``{"id", "type", "created_at", "data"}``.
    """
    event_id = new_id("evt")
    body = json.dumps({"id": event_id, "type": event_type, "created_at": now.isoformat(), "data": data},
                      default=str, separators=(",", ":"))
    tx.run(ADD, id=event_id, type=event_type, body=body, now=now, only_webhook=only_webhook).consume()
    return event_id


CLAIM = """
MATCH (d:OutboxDelivery {state: 'pending'}) WHERE d.due_at <= $now
      AND (d.claimed_until IS NULL OR d.claimed_until < $now)
WITH d ORDER BY d.due_at LIMIT $limit
SET d._lock = true
WITH d WHERE d.state = 'pending' AND (d.claimed_until IS NULL OR d.claimed_until < $now)
SET d.claimed_by = $worker, d.claimed_until = $until
REMOVE d._lock
WITH d
MATCH (e:OutboxEvent {id: d.event_id})
OPTIONAL MATCH (w:Webhook {id: d.webhook_id})
RETURN d.id AS id, d.event_id AS event_id, d.event_type AS event_type, d.attempts AS attempts,
       d.due_at AS due_at, e.body AS body, w.id AS webhook_id, w.url AS url, w.secret AS secret,
       coalesce(w.active, false) AS active
"""


def claim_due(graph: Graph, *, worker: str, now: datetime, lease: timedelta,
              limit: int = 20) -> list[dict[str, Any]]:
    """Take up to `limit` due deliveries for `worker` until `now + lease` (with `due_at`, so
    the drainer can report how late it is: referrals_outbox_lag_seconds)."""
    return graph.execute(CLAIM, worker=worker, now=now, until=now + lease, limit=limit)


FINISH = """
MATCH (d:OutboxDelivery {id: $id}) WHERE d.claimed_by = $worker
SET d.attempts = $attempt, d.state = $state, d.due_at = $due_at, d.last_status = $status_code,
    d.last_error = $error, d.claimed_by = null, d.claimed_until = null
WITH d
CREATE (:WebhookDelivery {id: 'whd-' + randomUUID(), webhook_id: d.webhook_id, event_id: d.event_id,
                          event_type: d.event_type, attempt: $attempt, status_code: $status_code,
                          ok: $ok, error: $error, will_retry: $will_retry,
                          duration_ms: $duration_ms, at: $now})
RETURN d.id AS id
"""


def finish(graph: Graph, delivery_id: str, *, worker: str, attempt: int, ok: bool,
           status_code: int | None, error: str | None, duration_ms: float, now: datetime,
           retry_at: datetime | None) -> bool:
    """Record one attempt and what happens next (delivered, retried at `retry_at`, or
    failed for good). False when the lease was lost meanwhile (another drainer took over)."""
    state = DELIVERED if ok else (PENDING if retry_at is not None else FAILED)
    rows = graph.execute(FINISH, id=delivery_id, worker=worker, attempt=attempt, state=state,
                         due_at=retry_at or now, status_code=status_code, error=error, ok=ok,
                         will_retry=retry_at is not None, duration_ms=duration_ms, now=now)
    return bool(rows)


def drop_delivery(graph: Graph, delivery_id: str, *, worker: str, reason: str) -> None:
    """A delivery whose webhook is gone or switched off: closed without sending."""
    graph.execute("MATCH (d:OutboxDelivery {id: $id}) WHERE d.claimed_by = $worker "
                  "SET d.state = 'failed', d.last_error = $reason, d.claimed_by = null, "
                  "d.claimed_until = null", id=delivery_id, worker=worker, reason=reason)


PRUNE = """
MATCH (d:OutboxDelivery) WHERE d.state IN ['delivered', 'failed'] AND d.due_at < $before
WITH d LIMIT $batch
DETACH DELETE d
RETURN count(*) AS n
"""
PRUNE_EVENTS = """
MATCH (e:OutboxEvent) WHERE e.created_at < $before
      AND NOT EXISTS { MATCH (d:OutboxDelivery {event_id: e.id}) }
WITH e LIMIT $batch
DETACH DELETE e
RETURN count(*) AS n
"""


def prune(graph: Graph, *, before: datetime, batch: int = 5000) -> int:
    """Forget finished deliveries and events older than `before` (pending ones stay, however
    old); returns how many nodes went. The attempt log (WebhookDelivery) is kept."""
    removed = 0
    for statement in (PRUNE, PRUNE_EVENTS):
        while True:
            n = graph.execute(statement, before=before, batch=batch)[0]["n"]
            removed += n
            if n < batch:
                break
    return removed


def counts(graph: Graph) -> dict[str, int]:
    """Deliveries by state (for health and tests)."""
    rows = graph.query("MATCH (d:OutboxDelivery) RETURN d.state AS state, count(*) AS n")
    out = {PENDING: 0, DELIVERED: 0, FAILED: 0}
    out.update({r["state"]: r["n"] for r in rows})
    return out


def next_due(graph: Graph) -> datetime | None:
    rows = graph.query("MATCH (d:OutboxDelivery {state: 'pending'}) RETURN min(d.due_at) AS due")
    due = rows[0]["due"] if rows else None
    return due.to_native() if hasattr(due, "to_native") else due
