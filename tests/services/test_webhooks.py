"""The outbox on the real test Neo4j: events for subscribers only, claims that never overlap,
and a clean-up that keeps what is still pending."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from graph import outbox
from graph.webhooks import create_webhook
from referrals.errors import NotFound
from services import webhooks
from services.webhooks import Drainer

pytestmark = pytest.mark.neo4j

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def emit(ctx, event_type="introduction.status_changed", data=None):
    return ctx.graph.write(lambda tx: webhooks.emit(tx, ctx, event_type, data or {"introduction_id": "i-1"}))


def test_a_delivery_per_subscriber_and_none_for_others(ctx, graph):
    create_webhook(graph, "http://127.0.0.1:9/a", ["introduction.status_changed"])
    create_webhook(graph, "http://127.0.0.1:9/b", ["*"])
    create_webhook(graph, "http://127.0.0.1:9/c", ["icp.updated"])
    emit(ctx)
    assert outbox.counts(graph)["pending"] == 2
    with pytest.raises(ValueError):
        emit(ctx, "introduction.teleported")


def test_two_drainers_never_claim_the_same_delivery(ctx, graph):
    create_webhook(graph, "http://127.0.0.1:9/a", ["*"])
    for n in range(12):
        emit(ctx, data={"n": n})
    first, second = Drainer(graph), Drainer(graph)
    now = datetime.now(UTC)
    a = outbox.claim_due(graph, worker=first.worker, now=now, lease=first.lease, limit=8)
    b = outbox.claim_due(graph, worker=second.worker, now=now, lease=second.lease, limit=8)
    assert len(a) == 8 and len(b) == 4
    assert not {r["id"] for r in a} & {r["id"] for r in b}
    # a lease that ran out (its process died) is taken over
    later = now + first.lease + timedelta(seconds=1)
    assert len(outbox.claim_due(graph, worker=second.worker, now=later, lease=second.lease, limit=20)) == 12
    first.stop()
    second.stop()


def test_prune_keeps_pending_deliveries_and_drops_old_finished_ones(ctx, graph):
    old = replace(ctx, clock=lambda: T0)
    create_webhook(graph, "http://127.0.0.1:9/a", ["*"])
    emit(old)  # stays pending: never sent
    graph.execute("MATCH (w:Webhook) SET w.active = false")
    emit(old)  # no subscriber: an event with no delivery
    graph.execute("CREATE (:OutboxDelivery {id: 'obd-done', event_id: 'evt-x', state: 'delivered', "
                  "due_at: $at})", at=T0)
    drainer = Drainer(graph, clock=lambda: T0 + timedelta(days=8))
    assert drainer.prune() == 2  # the delivered delivery and the event nobody subscribed to
    assert outbox.counts(graph) == {"pending": 1, "delivered": 0, "failed": 0}
    assert len(graph.query("MATCH (e:OutboxEvent) RETURN e.id")) == 1  # the pending one's event
    drainer.stop()


def test_ping_needs_a_webhook(ctx):
    with pytest.raises(NotFound):
        webhooks.ping(ctx, "wh-missing")
