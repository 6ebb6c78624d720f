"""API keys: create, list and revoke them (admins, the CLI), and look one up to verify a
request (api/auth.py). The plaintext key is answered once, at creation."""

from __future__ import annotations

from typing import Any

from graph import keys as store
from referrals.errors import NotFound
from services.context import Context


def create(ctx: Context, name: str, scope: str) -> tuple[dict[str, Any], str]:
    """A new key; returns (its public record, the full key). Invalid(field="scope")."""
    return store.create_key(ctx.graph, name, scope)


def list_all(ctx: Context) -> list[dict[str, Any]]:
    return store.list_keys(ctx.graph)


def revoke(ctx: Context, key_id: str) -> dict[str, Any]:
    """Revoke a key (kept for the audit trail); revoking it again changes nothing."""
    record = store.revoke_key(ctx.graph, key_id)
    if record is None:
        raise NotFound(f"No API key with id {key_id!r}.")
    return record


def verification_record(ctx: Context, key_id: str) -> dict[str, Any] | None:
    """The stored record with its hash, to verify a presented key; never answer it."""
    return store.get_key_record(ctx.graph, key_id)


def mark_used(ctx: Context, key_id: str) -> None:
    store.touch_last_used(ctx.graph, key_id)
