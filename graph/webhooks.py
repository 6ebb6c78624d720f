"""Webhook subscriptions and their delivery log, in Neo4j.

    (:Webhook {id, url, events, description, secret, active, created_at})
    (:WebhookDelivery {webhook_id, event_id, event_type, attempt, status_code, ok, error,
                       will_retry, duration_ms, at})   one per attempt

The secret signs every delivery; it is stored (it must be, to sign) but never answered
again after creation. It is ``whsec_`` + the base64 of 32 random bytes, the form the
Standard Webhooks libraries take; those bytes are the HMAC key (`signing_key`).
An attempt keeps its status code, duration and one word from `DELIVERY_ERRORS`, never
what the receiver (or the network) answered. Events, their outbox and the drainer that delivers them:
graph/outbox.py and services/webhooks.py.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.db import Graph
from referrals.ids import new_id

SIGNATURE_HEADER = "X-Referrals-Signature"  # deprecated: the Standard Webhooks headers replace it
SECRET_PREFIX = "whsec_"
# What a failed attempt may say: the address was refused or did not resolve, the
# connection was refused, reset or timed out, TLS failed, the answer was not HTTP, or
# the receiver answered http_<status>. Nothing the network or the receiver wrote.
DELIVERY_ERRORS = frozenset({"blocked_address", "unresolvable", "refused", "reset", "timeout",
                             "tls_error", "bad_response", "network_error"})
_HTTP_ERROR = re.compile(r"http_[1-5][0-9][0-9]")


def _public(record: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in record.items() if k != "secret"}
    if hasattr(out.get("created_at"), "to_native"):
        out["created_at"] = out["created_at"].to_native()
    return out


def sign(secret: str, body: bytes) -> str:
    """The deprecated X-Referrals-Signature: the whole secret string is the key."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signing_key(secret: str) -> bytes:
    """The Standard Webhooks HMAC key: the bytes the secret's base64 encodes. Secrets made
    before Standard Webhooks signing used the URL-safe alphabet ('-', '_'); both read the
    same here (docs/webhooks.md tells receivers how to convert one)."""
    text = secret.removeprefix(SECRET_PREFIX).replace("-", "+").replace("_", "/")
    try:
        key = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    return key or secret.encode()  # not base64 at all: its own bytes, so it still signs


def public_error(error: str | None) -> str | None:
    """An attempt's error as the log shows it: a word of the vocabulary, else 'error'
    (attempts recorded before the vocabulary kept the network's own text)."""
    if error is None or error in DELIVERY_ERRORS or _HTTP_ERROR.fullmatch(error):
        return error
    return "error"


# --------------------------------------------------------------------------- storage


def create_webhook(graph: Graph, url: str, events: list[str] | None = None,
                   description: str | None = None) -> tuple[dict[str, Any], str]:
    """Store a subscription; returns (its public record, the signing secret, shown once)."""
    secret = new_secret()
    rows = graph.execute(
        """
        CREATE (w:Webhook {id: $id, url: $url, events: $events, description: $description,
                           secret: $secret, active: true, created_at: $now})
        RETURN w {.*} AS webhook
        """,
        id=new_id("wh"), url=url, events=list(events or ["introduction.status_changed"]),
        description=description, secret=secret, now=datetime.now(UTC),
    )
    return _public(rows[0]["webhook"]), secret


def webhook_exists_tx(tx: ManagedTransaction, webhook_id: str) -> bool:
    return tx.run("MATCH (w:Webhook {id: $id}) RETURN w.id AS id", id=webhook_id).single() is not None


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
        OPTIONAL MATCH (d:WebhookDelivery|OutboxDelivery {webhook_id: $id})
        DETACH DELETE d
        WITH DISTINCT w
        DETACH DELETE w
        RETURN count(*) AS n
        """,
        id=webhook_id,
    )
    return bool(rows and rows[0]["n"])


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
        d["error"] = public_error(d.get("error"))
        out.append(d)
    return out
