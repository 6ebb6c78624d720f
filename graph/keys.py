"""API keys in Neo4j: only a SHA-256 hash of the secret is stored.

A key reads ``rk_<id>_<secret>``: ``id`` (12 hex characters) finds the stored record
in one indexed lookup, ``secret`` (43 url-safe characters, 256 bits) is hashed and
compared in constant time. ``prefix`` (``rk_<id>``) is what lists show.

    (:ApiKey {id, name, scope, hash, prefix, created_at, revoked_at, last_used_at})
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from graph.db import Graph
from referrals.errors import Invalid
from referrals.keys import KEY_PREFIX, SCOPES, hash_secret


def _public(record: dict[str, Any]) -> dict[str, Any]:
    """A stored key without its hash, timestamps as ISO strings."""
    out = {k: v for k, v in record.items() if k != "hash"}
    for field in ("created_at", "revoked_at", "last_used_at"):
        value = out.get(field)
        out[field] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def create_key(graph: Graph, name: str, scope: str) -> tuple[dict[str, Any], str]:
    """Store a new key; returns (its public record, the full key). The key is shown once."""
    if scope not in SCOPES:
        raise Invalid(f"scope must be one of {', '.join(SCOPES)}", field="scope")
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    plaintext = f"{KEY_PREFIX}_{key_id}_{secret}"
    rows = graph.execute(
        """
        CREATE (k:ApiKey {id: $id, name: $name, scope: $scope, hash: $hash, prefix: $prefix,
                          created_at: $now, revoked_at: null, last_used_at: null})
        RETURN k {.*} AS key
        """,
        id=key_id, name=name, scope=scope, hash=hash_secret(secret),
        prefix=f"{KEY_PREFIX}_{key_id}", now=datetime.now(UTC),
    )
    return _public(rows[0]["key"]), plaintext


def get_key_record(graph: Graph, key_id: str) -> dict[str, Any] | None:
    """The stored record including its hash (for verification only; never answer it)."""
    rows = graph.query("MATCH (k:ApiKey {id: $id}) RETURN k {.*} AS key", id=key_id)
    return rows[0]["key"] if rows else None


def list_keys(graph: Graph) -> list[dict[str, Any]]:
    rows = graph.query("MATCH (k:ApiKey) RETURN k {.*} AS key ORDER BY k.created_at DESC")
    return [_public(row["key"]) for row in rows]


def revoke_key(graph: Graph, key_id: str) -> dict[str, Any] | None:
    """Mark a key revoked (kept for the audit trail); None when no such key."""
    rows = graph.execute(
        """
        MATCH (k:ApiKey {id: $id})
        SET k.revoked_at = coalesce(k.revoked_at, $now)
        RETURN k {.*} AS key
        """,
        id=key_id, now=datetime.now(UTC),
    )
    return _public(rows[0]["key"]) if rows else None


def touch_last_used(graph: Graph, key_id: str) -> None:
    graph.execute("MATCH (k:ApiKey {id: $id}) SET k.last_used_at = $now", id=key_id,
                  now=datetime.now(UTC))
