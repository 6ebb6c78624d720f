"""Verifying a presented API key, shared by every entry point that takes one: the HTTP API
(api/auth.py, which adds its cache, rate limit and problem+json answers) and the MCP server
(assistant/, one key per process from REFERRALS_API_KEY).

    actor = authenticate(ctx, raw_key)      # KeyRefused(message) if it will not do
    refusal = refusal_message(actor, action)  # None when the key may do the action

A key's Actor carries its scopes and, for a person's key, that person's role and node, so
services/authorization.py decides the same way whichever door the key came in by.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from referrals import keys as key_format
from referrals.permissions import SCOPE_ACTIONS, Action, Scope
from services import authorization, keys, users
from services.context import Actor, Context


class KeyRefused(Exception):
    """The key is missing, malformed, unknown, wrong or revoked (an HTTP 401)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(slots=True)
class KeyRecord:
    """What verifying a key needs: the stored hash, its scopes, and its person (if any)."""

    id: str
    name: str
    scope: str
    hash: str
    revoked: bool
    role: str | None = None  # a person's key: that person's role and node
    person_id: str | None = None

    def actor(self) -> Actor:
        return Actor(kind="key", id=self.id, name=self.name or self.id, scope=self.scope,
                     role=self.role, person_id=self.person_id)


def lookup(ctx: Context, key_id: str) -> KeyRecord | None:
    """The stored key with its owner's role; None when no key has that id. A person's key
    whose sign-in was removed reads as revoked: their keys go with it."""
    record = keys.verification_record(ctx, key_id)
    if record is None:
        return None
    role = person_id = None
    revoked = record.get("revoked_at") is not None
    if record.get("user_id"):
        owner = users.get_user(ctx, record["user_id"])
        if owner is None:
            revoked = True
        else:
            role, person_id = owner["role"], owner.get("person_id")
    return KeyRecord(id=record["id"], name=record.get("name") or "", scope=record["scope"],
                     hash=record["hash"], revoked=revoked, role=role, person_id=person_id)


def matches(record: KeyRecord | None, secret: str) -> bool:
    """Whether `secret` is the key's (hashed and compared in constant time)."""
    presented = key_format.hash_secret(secret)
    return record is not None and hmac.compare_digest(presented, record.hash)


def authenticate(ctx: Context, raw: str | None) -> Actor:
    """The Actor a presented key acts as, or KeyRefused saying why not (never the secret).
    Marks the key used. No cache: each call reads the key, so a revocation holds at once."""
    if not raw:
        raise KeyRefused("An API key is needed.")
    parsed = key_format.parse_key(raw.strip())
    if parsed is None:
        raise KeyRefused("The API key is malformed.")
    record = lookup(ctx, parsed.id)
    if not matches(record, parsed.secret):
        raise KeyRefused("The API key is not valid.")
    assert record is not None
    if record.revoked:
        raise KeyRefused("The API key has been revoked.")
    keys.mark_used(ctx, record.id)
    return record.actor()


def refusal_message(actor: Actor, action: Action, *, subject: str = "This") -> str | None:
    """None when the key's actor may do `action`, else why not (its scopes, or its person's
    role); `subject` names what needs the scope ("This endpoint" on the API)."""
    if authorization.allowed(actor, action):
        return None
    by_scopes = Actor(kind="key", id=actor.id, name=actor.name, scope=actor.scope)
    if authorization.allowed(by_scopes, action):  # the scopes would do: the person's role does not
        return f"This key acts for a {actor.role}, who may not {action.value}."
    needed = [s.value for s in sorted(SCOPE_ACTIONS.get(action, frozenset()))] + [Scope.ADMIN.value]
    return (f"{subject} needs the '{needed[0]}' scope"
            + (f" (or {', '.join(needed[1:])})" if len(needed) > 1 else "")
            + f"; this key has '{actor.scope}'.")
