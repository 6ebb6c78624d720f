"""Webhooks: subscriptions, the events partners can subscribe to, and their delivery.

Events are written to the outbox (graph/outbox.py) by the use case that makes the
change, in its own transaction (`emit`). Each app process runs one `Drainer`, which
claims due deliveries, POSTs them and records every attempt:

    {"id": "evt-...", "type": "introduction.status_changed", "created_at": "...", "data": {...}}

with ``Content-Type: application/json``, ``X-Referrals-Event`` (the type),
``X-Referrals-Delivery`` (the event id, the same on every retry, for de-duplication), the
Standard Webhooks headers ``webhook-id`` (the event id), ``webhook-timestamp`` and
``webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">``, and the
deprecated ``X-Referrals-Signature: sha256=<hex HMAC-SHA256 of the body>``. A non-2xx
answer (a redirect included: none is followed) or a network error is retried after
``retry_base * 2**(attempt-1)`` seconds (2, 4, 8, 16 by default) up to ``max_attempts``
(5); the pending retries live in Neo4j, so a restart or a deploy loses none of them.

Only public addresses receive deliveries (services/webhook_addresses.py): the URL is
checked when it is registered, and resolved and checked again at every delivery, which
connects to the address it checked. An attempt is recorded as its status code, its
duration and one word for what went wrong (graph/webhooks.py `DELIVERY_ERRORS`): never
the receiver's answer, whose text would turn the delivery log into a way of reading the
service's own network.
"""

from __future__ import annotations

import http.client
import logging
import os
import socket
import ssl
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from neo4j import ManagedTransaction
from standardwebhooks.webhooks import Webhook as StandardWebhook

from graph import outbox
from graph import webhooks as store
from graph.db import UNAVAILABLE_ERRORS, Graph
from referrals.errors import NotFound
from referrals.permissions import Action
from services import audit, authorization, metrics
from services import webhook_addresses as addresses
from services.context import Context, utc_now

log = logging.getLogger("referrals.webhooks")

# What partners can subscribe to ('*' for all), with what `data` holds (docs/webhooks.md).
EVENT_TYPES: dict[str, str] = {
    "introduction.created": "a rep requested a warm introduction (from the API or the pages)",
    "introduction.status_changed": "an introduction moved (from, to, actor, flags)",
    "introduction.prospect_consent": "the prospect's yes or no to being introduced was recorded",
    "introduction.qualification_changed": "the BANT answers of an introduction changed",
    "referral_ask.created": "a client's person was asked for an introduction",
    "referral_ask.outcome": "how a referral ask ended",
    "client.consent_changed": "a client opted in or out of being used as a connector",
    "icp.updated": "the ideal client profile changed and companies were rescored",
    "reminder.raised": "a reminder was raised for someone (a thank-you due, an unanswered ask, a stall)",
    "ping": "a test event sent on request",
}
ALL_EVENTS = "*"
PRUNE_EVERY_SECONDS = 3600  # each process cleans the outbox at start and hourly after
SIGNATURE_HEADER = store.SIGNATURE_HEADER


def emit(tx: ManagedTransaction, ctx: Context, event_type: str, data: dict[str, Any]) -> str:
    """Write an event to the outbox inside the caller's transaction; returns its id."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type!r}")
    return outbox.add_event(tx, event_type, data, now=ctx.now())


# ------------------------------------------------------------------------ subscriptions


def subscribe(ctx: Context, url: str, events: list[str] | None = None,
              description: str | None = None, *, allow_private: bool = False) -> tuple[dict[str, Any], str]:
    """A new subscription; returns (its record, the signing secret, shown this once).

    Raises Invalid(field="url") unless the URL's host resolves to public addresses only
    (`allow_private`: loopback and private ones too, for tests and development)."""
    authorization.require(ctx, Action.MANAGE_WEBHOOKS)
    addresses.check_url(url, allow_private=allow_private)
    record, secret = store.create_webhook(ctx.graph, url, events or ["introduction.status_changed"],
                                          description)
    audit.record(ctx, "webhook.created", "webhook", record["id"],
                 f"{record['url']} ({', '.join(record.get('events') or [])})")
    return record, secret


def get(ctx: Context, webhook_id: str) -> dict[str, Any]:
    authorization.require(ctx, Action.MANAGE_WEBHOOKS)
    record = store.get_webhook(ctx.graph, webhook_id)
    if record is None:
        raise NotFound(f"No webhook with id {webhook_id!r}.")
    return record


def list_page(ctx: Context, *, limit: int, offset: int) -> list[dict[str, Any]]:
    authorization.require(ctx, Action.MANAGE_WEBHOOKS)
    return store.list_webhooks(ctx.graph, limit, offset)


def delete(ctx: Context, webhook_id: str) -> None:
    authorization.require(ctx, Action.MANAGE_WEBHOOKS)
    if not store.delete_webhook(ctx.graph, webhook_id):
        raise NotFound(f"No webhook with id {webhook_id!r}.")
    audit.record(ctx, "webhook.deleted", "webhook", webhook_id)


def deliveries(ctx: Context, webhook_id: str, *, limit: int, offset: int) -> list[dict[str, Any]]:
    get(ctx, webhook_id)
    return store.list_deliveries(ctx.graph, webhook_id, limit, offset)


def ping(ctx: Context, webhook_id: str) -> str:
    """A `ping` event for subscribers of `ping` (or '*'); returns the event id."""
    authorization.require(ctx, Action.MANAGE_WEBHOOKS)

    def work(tx: ManagedTransaction) -> str | None:
        if not store.webhook_exists_tx(tx, webhook_id):
            return None
        return emit(tx, ctx, "ping", {"webhook_id": webhook_id})

    event_id = ctx.graph.write(work)
    if event_id is None:
        raise NotFound(f"No webhook with id {webhook_id!r}.")
    return event_id


# ------------------------------------------------------------------------------ delivery


def standard_signature(secret: str, msg_id: str, timestamp: datetime, body: bytes) -> str:
    """`webhook-signature` of the Standard Webhooks scheme: "v1," + base64 HMAC-SHA256 of
    "{id}.{timestamp}.{body}", keyed with the secret's bytes (graph/webhooks.py `signing_key`)."""
    return StandardWebhook(store.signing_key(secret)).sign(msg_id, timestamp, body.decode())


def signed_headers(secret: str, event_id: str, event_type: str, body: bytes,
                   now: datetime) -> dict[str, str]:
    now = now.replace(microsecond=0)
    return {"Content-Type": "application/json", "User-Agent": "referrals-webhooks/1",
            "X-Referrals-Event": event_type, "X-Referrals-Delivery": event_id,
            "webhook-id": event_id, "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": standard_signature(secret, event_id, now, body),
            SIGNATURE_HEADER: store.sign(secret, body)}  # deprecated: docs/webhooks.md


class _PinnedHTTP(http.client.HTTPConnection):
    """HTTP to an address already resolved and checked: `host` stays the URL's host (the
    Host header), the socket goes to `address`, so nothing is looked up again."""

    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(_PinnedHTTP):
    """HTTPS to the checked address; SNI and certificate checks use the URL's host name."""

    default_port = 443

    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, address, timeout)
        self.tls = ssl.create_default_context()

    def connect(self) -> None:
        super().connect()
        self.sock = self.tls.wrap_socket(self.sock, server_hostname=self.host)


def _error_word(exc: BaseException) -> str:
    """What went wrong, in graph/webhooks.py's small vocabulary (no text from the network)."""
    if isinstance(exc, addresses.Refused):
        return exc.code
    if isinstance(exc, ssl.SSLError):  # certificate errors included
        return "tls_error"
    if isinstance(exc, TimeoutError):  # socket.timeout is this
        return "timeout"
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    if isinstance(exc, ConnectionError):
        return "reset"
    if isinstance(exc, http.client.HTTPException):
        return "bad_response"
    return "network_error"


def send(url: str, secret: str, event_id: str, event_type: str, body: bytes,
         timeout: float, *, allow_private: bool = False,
         now: datetime | None = None) -> tuple[int | None, str | None]:
    """POST one signed event; returns (status code or None, error word or None).

    The host is resolved and checked here, and the connection goes to the address that
    was checked. No redirect is followed: a 3xx is a failed attempt with its status.
    `webhook-timestamp` is the wall clock (`now` for tests), never a pinned test clock:
    receivers compare it with theirs."""
    parts = urlsplit(url)
    try:
        host = parts.hostname or ""
        port = parts.port or addresses.default_port(parts.scheme)
        if parts.scheme not in ("http", "https") or not host:
            raise addresses.Refused(addresses.BLOCKED)
        address = addresses.resolve(host, port, allow_private=allow_private)
        kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
        connection = kind(host, port, str(address), timeout)
        try:
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("POST", target, body=body, headers=signed_headers(
                secret, event_id, event_type, body, now or utc_now()))
            status = connection.getresponse().status  # the body is never read
        finally:
            connection.close()
    except (OSError, ValueError, http.client.HTTPException, addresses.Refused) as exc:
        return None, _error_word(exc)
    return status, None if 200 <= status < 300 else f"http_{status}"


class Drainer:
    """Delivers the outbox: one per app process, safe with any number of them.

    `start()` runs it on a background thread that looks for due deliveries every
    `poll_seconds`; `drain()` delivers synchronously until nothing is due (tests, CLI).
    """

    def __init__(self, graph: Graph, *, max_attempts: int = 5, retry_base: float = 2.0,
                 poll_seconds: float = 1.0, lease_seconds: float = 15.0, timeout: float = 5.0,
                 senders: int = 4, keep_days: float = 7.0, clock=utc_now,
                 allow_private: bool = False):
        self.graph = graph
        self.allow_private = allow_private  # tests and development: loopback receivers
        self.max_attempts = max_attempts
        self.retry_base = retry_base
        self.poll_seconds = poll_seconds
        self.lease = timedelta(seconds=lease_seconds)
        self.timeout = timeout
        self.clock = clock
        self.keep = timedelta(days=keep_days)
        self._next_prune = 0.0  # monotonic time of the next clean-up (the first: at start)
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._pool = ThreadPoolExecutor(max_workers=senders, thread_name_prefix="webhook-send")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- one round
    def run_once(self, limit: int = 20) -> int:
        """Claim what is due, send it (in parallel) and record each attempt; returns how many."""
        now = self.clock()
        claimed = outbox.claim_due(self.graph, worker=self.worker, now=now, lease=self.lease,
                                   limit=limit)
        for item in claimed:  # how late the outbox runs (a retry's delay is not lag)
            due = item.get("due_at")
            due = due.to_native() if hasattr(due, "to_native") else due
            if due is not None:
                metrics.observe(metrics.OUTBOX_LAG, max(0.0, (now - due).total_seconds()))
        if claimed:
            list(self._pool.map(self._deliver, claimed))
        return len(claimed)

    def _deliver(self, item: dict[str, Any]) -> None:
        if not item.get("url") or not item.get("active"):
            outbox.drop_delivery(self.graph, item["id"], worker=self.worker,
                                 reason="webhook deleted or inactive")
            metrics.inc(metrics.WEBHOOK_DELIVERIES, "dropped")
            return
        attempt = int(item.get("attempts") or 0) + 1
        started = time.perf_counter()
        status, error = send(item["url"], item["secret"], item["event_id"], item["event_type"],
                             item["body"].encode(), self.timeout, allow_private=self.allow_private)
        ok = status is not None and 200 <= status < 300
        retry_at = None
        if not ok and attempt < self.max_attempts:
            retry_at = self.clock() + timedelta(seconds=self.retry_base * (2 ** (attempt - 1)))
        elif not ok:
            log.warning("webhooks: giving up on %s to %s after %d attempts", item["event_id"],
                        item["webhook_id"], attempt)
        metrics.inc(metrics.WEBHOOK_DELIVERIES,
                    "delivered" if ok else ("retry" if retry_at is not None else "failed"))
        try:
            outbox.finish(self.graph, item["id"], worker=self.worker, attempt=attempt, ok=ok,
                          status_code=status, error=error,
                          duration_ms=round((time.perf_counter() - started) * 1000, 1),
                          now=self.clock(), retry_at=retry_at)
        except Exception:  # noqa: BLE001 - the lease expires and the delivery is tried again
            log.warning("webhooks: could not record delivery %s", item["id"], exc_info=True)

    # -- synchronously, until idle
    def drain(self, timeout: float = 10.0) -> bool:
        """Deliver until nothing is pending (waiting out retry delays); False on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.run_once():
                continue
            due = outbox.next_due(self.graph)
            if due is None:
                return True
            time.sleep(min(max((due - self.clock()).total_seconds(), 0.01), 0.2))
        return outbox.next_due(self.graph) is None

    # -- in the background
    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="outbox-drainer", daemon=True)
        self._thread.start()

    def prune(self) -> int:
        """Forget events and deliveries finished more than `keep_days` ago (the outbox would
        otherwise grow with every change); pending ones stay."""
        return outbox.prune(self.graph, before=self.clock() - self.keep)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                if time.monotonic() >= self._next_prune:
                    self._next_prune = time.monotonic() + PRUNE_EVERY_SECONDS
                    self.prune()
                busy = self.run_once()
            except UNAVAILABLE_ERRORS:
                busy = 0  # the database is away; the deliveries wait in it
            except Exception:  # noqa: BLE001 - the loop must outlive any one bad round
                log.warning("webhooks: outbox round failed", exc_info=True)
                busy = 0
            if not busy:
                self._stop.wait(self.poll_seconds)  # returns at once when stopped

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._pool.shutdown(wait=False, cancel_futures=True)
