"""Webhooks: subscriptions in Neo4j and signed deliveries retried in the background.

    from graph.webhooks import dispatch_event
    dispatch_event(graph, "introduction.status_changed", {"introduction_id": ..., "from": ..., "to": ...})

`dispatch_event` returns at once: it reads the subscribers (one small query) and queues
the sends, which happen on background threads (per process). Each delivery is an HTTP POST of

    {"id": "evt-...", "type": "introduction.status_changed", "created_at": "...", "data": {...}}

with headers ``Content-Type: application/json``, ``X-Referrals-Event`` (the type),
``X-Referrals-Delivery`` (the event id, the same on every retry, for de-duplication) and
``X-Referrals-Signature: sha256=<hex HMAC-SHA256 of the raw body with the webhook's
secret>``. Receivers verify with ``hmac.compare_digest``. The secret is shown once, at
creation; it is stored (it must be, to sign) but never answered again.

Retries: a non-2xx answer or a network error is retried with exponential backoff
(``base * 2**(attempt-1)`` seconds: 2, 4, 8, 16 by default) up to ``max_attempts``
(default 5; env REFERRALS_WEBHOOK_MAX_ATTEMPTS, REFERRALS_WEBHOOK_RETRY_BASE). Every
attempt is stored as a (:WebhookDelivery {webhook_id, event_id, event_type, attempt,
status_code, ok, error, duration_ms, at}). Pending retries live in memory: a process
that stops drops them (at-least-once while it runs; receivers de-duplicate by event id).

    (:Webhook {id, url, events, description, secret, active, created_at})
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
import itertools
import json
import logging
import os
import secrets
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graph.db import Graph

log = logging.getLogger("referrals.webhooks")

EVENT_TYPES = ("introduction.created", "introduction.status_changed", "ping")
ALL_EVENTS = "*"
SIGNATURE_HEADER = "X-Referrals-Signature"


def _public(record: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in record.items() if k != "secret"}
    if hasattr(out.get("created_at"), "to_native"):
        out["created_at"] = out["created_at"].to_native()
    return out


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# --------------------------------------------------------------------------- storage


def create_webhook(graph: Graph, url: str, events: list[str] | None = None,
                   description: str | None = None) -> tuple[dict[str, Any], str]:
    """Store a subscription; returns (its public record, the signing secret, shown once)."""
    secret = "whsec_" + secrets.token_urlsafe(32)
    rows = graph.execute(
        """
        CREATE (w:Webhook {id: $id, url: $url, events: $events, description: $description,
                           secret: $secret, active: true, created_at: $now})
        RETURN w {.*} AS webhook
        """,
        id=f"wh-{uuid.uuid4().hex}", url=url, events=list(events or ["introduction.status_changed"]),
        description=description, secret=secret, now=datetime.now(UTC),
    )
    return _public(rows[0]["webhook"]), secret


def get_webhook(graph: Graph, webhook_id: str) -> dict[str, Any] | None:
    rows = graph.query("MATCH (w:Webhook {id: $id}) RETURN w {.*} AS webhook", id=webhook_id)
    return _public(rows[0]["webhook"]) if rows else None


def list_webhooks(graph: Graph, limit: int, skip: int) -> list[dict[str, Any]]:
    rows = graph.query("MATCH (w:Webhook) RETURN w {.*} AS webhook "
                       "ORDER BY w.created_at DESC, w.id DESC SKIP $skip LIMIT $limit",
                       skip=skip, limit=limit)
    return [_public(r["webhook"]) for r in rows]


def delete_webhook(graph: Graph, webhook_id: str) -> bool:
    rows = graph.execute(
        """
        MATCH (w:Webhook {id: $id})
        OPTIONAL MATCH (d:WebhookDelivery {webhook_id: $id})
        DETACH DELETE d
        WITH DISTINCT w
        DETACH DELETE w
        RETURN count(*) AS n
        """,
        id=webhook_id,
    )
    return bool(rows and rows[0]["n"])


def subscribers(graph: Graph, event_type: str) -> list[dict[str, Any]]:
    """Active webhooks for an event type, with their secrets (for signing only)."""
    return [r["webhook"] for r in graph.query(
        "MATCH (w:Webhook) WHERE w.active AND ($type IN w.events OR '*' IN w.events) "
        "RETURN w {.id, .url, .secret} AS webhook", type=event_type)]


def record_delivery(graph: Graph, entry: dict[str, Any]) -> None:
    graph.execute("CREATE (d:WebhookDelivery) SET d = $entry", entry=entry)


def list_deliveries(graph: Graph, webhook_id: str, limit: int, skip: int) -> list[dict[str, Any]]:
    rows = graph.query(
        "MATCH (d:WebhookDelivery {webhook_id: $id}) RETURN d {.*} AS d "
        "ORDER BY d.at DESC, d.attempt DESC SKIP $skip LIMIT $limit",
        id=webhook_id, skip=skip, limit=limit)
    out = []
    for row in rows:
        d = row["d"]
        if hasattr(d.get("at"), "to_native"):
            d["at"] = d["at"].to_native()
        out.append(d)
    return out


# -------------------------------------------------------------------------- delivery


@dataclass(order=True)
class _Job:
    due: float
    seq: int
    graph: Graph = field(compare=False)
    webhook: dict[str, Any] = field(compare=False)
    event_id: str = field(compare=False)
    event_type: str = field(compare=False)
    body: bytes = field(compare=False)
    attempt: int = field(compare=False, default=1)


class Dispatcher:
    """One per process: a scheduler thread and a few sender threads."""

    def __init__(self, max_attempts: int | None = None, base_delay: float | None = None,
                 timeout: float = 5.0, senders: int = 4):
        self.max_attempts = max_attempts or int(os.environ.get("REFERRALS_WEBHOOK_MAX_ATTEMPTS", "5"))
        self.base_delay = base_delay if base_delay is not None else float(
            os.environ.get("REFERRALS_WEBHOOK_RETRY_BASE", "2"))
        self.timeout = timeout
        self._senders = senders
        self._heap: list[_Job] = []
        self._seq = itertools.count()
        self._cv = threading.Condition()
        self._pending = 0  # jobs queued or being sent
        self._pid: int | None = None
        self._pool: ThreadPoolExecutor | None = None

    def _ensure_started(self) -> None:
        # (re)start after a fork: threads do not survive it
        if self._pid == os.getpid():
            return
        self._pid = os.getpid()
        self._heap, self._pending = [], 0
        self._pool = ThreadPoolExecutor(max_workers=self._senders, thread_name_prefix="webhook-send")
        threading.Thread(target=self._schedule, name="webhook-scheduler", daemon=True).start()

    def submit(self, graph: Graph, event_type: str, payload: dict[str, Any]) -> str:
        """Find the subscribers now (one small read in the caller's thread, so an event with
        no subscriber never touches the database from a background thread) and queue one
        delivery for each."""
        event_id = f"evt-{uuid.uuid4().hex}"
        try:
            hooks = subscribers(graph, event_type)
        except Exception:  # noqa: BLE001 - an event must never fail the caller's request
            log.warning("webhooks: could not read subscribers for %s", event_type, exc_info=True)
            return event_id
        if not hooks:
            return event_id
        event = {"id": event_id, "type": event_type, "created_at": datetime.now(UTC).isoformat(),
                 "data": payload}
        body = json.dumps(event, default=str, separators=(",", ":")).encode()
        with self._cv:
            self._ensure_started()
        for hook in hooks:
            self._push(_Job(time.monotonic(), next(self._seq), graph, hook, event_id, event_type, body))
        return event_id

    def _push(self, job: _Job) -> None:
        with self._cv:
            self._pending += 1
            heapq.heappush(self._heap, job)
            self._cv.notify_all()

    def _done(self) -> None:
        with self._cv:
            self._pending -= 1
            self._cv.notify_all()

    def _schedule(self) -> None:
        while True:
            with self._cv:
                while not self._heap or self._heap[0].due > time.monotonic():
                    wait = self._heap[0].due - time.monotonic() if self._heap else None
                    self._cv.wait(timeout=wait)
                job = heapq.heappop(self._heap)
            assert self._pool is not None
            self._pool.submit(self._send, job)

    def _send(self, job: _Job) -> None:
        started = time.perf_counter()
        status: int | None = None
        error: str | None = None
        request = urllib.request.Request(job.webhook["url"], data=job.body, method="POST", headers={
            "Content-Type": "application/json", "User-Agent": "referrals-webhooks/1",
            "X-Referrals-Event": job.event_type, "X-Referrals-Delivery": job.event_id,
            SIGNATURE_HEADER: sign(job.webhook["secret"], job.body)})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            status, error = exc.code, f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError, ValueError) as exc:
            error = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"[:300]
        ok = status is not None and 200 <= status < 300
        will_retry = not ok and job.attempt < self.max_attempts
        entry = {"id": f"whd-{uuid.uuid4().hex}", "webhook_id": job.webhook["id"],
                 "event_id": job.event_id, "event_type": job.event_type, "attempt": job.attempt,
                 "status_code": status, "ok": ok, "error": error, "will_retry": will_retry,
                 "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                 "at": datetime.now(UTC)}
        try:
            record_delivery(job.graph, entry)
        except Exception:  # noqa: BLE001 - logging the attempt must not stop the retries
            log.warning("webhooks: could not record delivery %s", entry["id"], exc_info=True)
        if will_retry:
            delay = self.base_delay * (2 ** (job.attempt - 1))
            self._push(_Job(time.monotonic() + delay, next(self._seq), job.graph, job.webhook,
                            job.event_id, job.event_type, job.body, job.attempt + 1))
        elif not ok:
            log.warning("webhooks: giving up on %s to %s after %d attempts", job.event_id,
                        job.webhook["id"], job.attempt)
        self._done()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing is queued or in flight (tests, shutdown); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cv:
            while self._pending > 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cv.wait(timeout=left)
        return True


_dispatcher = Dispatcher()


def get_dispatcher() -> Dispatcher:
    return _dispatcher


def dispatch_event(graph: Graph, event_type: str, payload: dict[str, Any]) -> str:
    """Queue an event for every webhook subscribed to it; returns the event id at once."""
    return _dispatcher.submit(graph, event_type, payload)
