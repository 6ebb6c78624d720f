"""API keys: create, list and revoke them (admins, the CLI), and look one up to verify a
request (api/auth.py). The plaintext key is answered once, at creation."""

from __future__ import annotations

from typing import Any

from graph import keys as store
from graph import users as user_store
from referrals.errors import NotFound
from referrals.permissions import Action
from services import audit, authorization
from services.context import Context


def create(ctx: Context, name: str, scope: str | list[str], *,
           for_email: str | None = None) -> tuple[dict[str, Any], str]:
    """A new key; returns (its public record, the full key). Invalid(field="scope").

    `for_email`: the signed-in person who owns the key; it acts as them (their role and
    their introductions) within its scopes. Without it the key is the partner `name`'s.
    """
    authorization.require(ctx, Action.MANAGE_ACCESS)
    user_id = None
    if for_email:
        user_id = user_store.user_id_for_email(ctx.graph, for_email.strip().lower())
        if user_id is None:
            raise NotFound(f"No one signs in as {for_email!r}; create the sign-in first "
                           "(referrals users create).", field="for")
    record, plaintext = store.create_key(ctx.graph, name, scope, user_id=user_id)
    audit.record(ctx, "key.created", "api_key", record["id"],
                 f"{record['name']}: {record['scope']}" + (f" for {for_email}" if for_email else ""))
    return record, plaintext


def list_all(ctx: Context) -> list[dict[str, Any]]:
    authorization.require(ctx, Action.MANAGE_ACCESS)
    return store.list_keys(ctx.graph)


def revoke(ctx: Context, key_id: str) -> dict[str, Any]:
    """Revoke a key (kept for the audit trail); revoking it again changes nothing."""
    authorization.require(ctx, Action.MANAGE_ACCESS)
    record = store.revoke_key(ctx.graph, key_id)
    if record is not None:
        audit.record(ctx, "key.revoked", "api_key", key_id, record.get("name") or "")
    if record is None:
        raise NotFound(f"No API key with id {key_id!r}.")
    return record


def verification_record(ctx: Context, key_id: str) -> dict[str, Any] | None:
    """The stored record with its hash, to verify a presented key; never answer it."""
    return store.get_key_record(ctx.graph, key_id)


def mark_used(ctx: Context, key_id: str) -> None:
    store.touch_last_used(ctx.graph, key_id)
