"""API keys in Neo4j: only a SHA-256 hash of the secret is stored.

A key reads ``rk_<id>_<secret>``: ``id`` (12 hex characters) finds the stored record
in one indexed lookup, ``secret`` (43 url-safe characters, 256 bits) is hashed and
compared in constant time. ``prefix`` (``rk_<id>``) is what lists show.

    (:ApiKey {id, name, scope, user_id, hash, prefix, created_at, revoked_at, last_used_at})

``scope`` holds the key's scopes, space-separated, or one of the older levels (read,
write, admin; referrals/permissions.py). ``user_id`` is the person who owns the key (their
role bounds it); a key without one belongs to the partner ``name`` names.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from graph.db import Graph
from referrals.errors import Invalid
from referrals.keys import KEY_PREFIX, hash_secret
from referrals.permissions import LEGACY_SCOPES, parse_scopes


def _public(record: dict[str, Any]) -> dict[str, Any]:
    """A stored key without its hash, timestamps as ISO strings."""
    out = {k: v for k, v in record.items() if k != "hash"}
    for field in ("created_at", "revoked_at", "last_used_at"):
        value = out.get(field)
        out[field] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def normal_scope(scope: str | list[str] | tuple[str, ...]) -> str:
    """The scopes as stored: an older level as it is, else the scopes sorted, space-separated.
    Invalid(field="scope") names an unknown one."""
    items = scope.replace(",", " ").split() if isinstance(scope, str) else [str(s) for s in scope]
    try:
        parsed = parse_scopes(items)
    except ValueError as exc:
        raise Invalid(str(exc), field="scope") from None
    if not parsed:
        raise Invalid("a key needs at least one scope", field="scope")
    if len(items) == 1 and items[0] in LEGACY_SCOPES:
        return items[0]
    return " ".join(sorted(s.value for s in parsed))


def create_key(graph: Graph, name: str, scope: str | list[str] | tuple[str, ...], *,
               user_id: str | None = None) -> tuple[dict[str, Any], str]:
    """Store a new key; returns (its public record, the full key). The key is shown once.
    `user_id`: the signed-in person who owns it (acts as them), else a partner's key."""
    scope = normal_scope(scope)
    if not (name or "").strip():
        raise Invalid("a key needs a name: the partner or person who uses it", field="name")
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    plaintext = f"{KEY_PREFIX}_{key_id}_{secret}"
    rows = graph.execute(
        """
        CREATE (k:ApiKey {id: $id, name: $name, scope: $scope, user_id: $user_id, hash: $hash,
                          prefix: $prefix, created_at: $now, revoked_at: null, last_used_at: null})
        RETURN k {.*} AS key
        """,
        id=key_id, name=name.strip(), scope=scope, user_id=user_id, hash=hash_secret(secret),
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
