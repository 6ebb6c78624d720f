"""Who may sign in and which API keys exist: what the admin page shows and changes.

Every change is an admin's (referrals/permissions.py MANAGE_ACCESS) and is recorded in
the audit trail. The sign-ins themselves: services/users.py; keys: services/keys.py.
"""

from __future__ import annotations

from typing import Any

from graph import users as user_store
from referrals.errors import NotFound
from referrals.permissions import Action, Role, Scope
from services import audit, authorization, keys, users
from services.context import Context

ROLE_CHOICES = tuple(role.value for role in Role)
SCOPE_CHOICES = tuple(scope.value for scope in Scope)


def overview(ctx: Context) -> dict[str, Any]:
    """Every sign-in (email, role, person) and every key (never a secret or hash)."""
    authorization.require(ctx, Action.MANAGE_ACCESS)
    signed_in = [{**u, "last_sign_in_at": _native(u.get("last_sign_in_at"))} for u in users.list_users(ctx)]
    return {"users": signed_in, "keys": keys.list_all(ctx),
            "roles": ROLE_CHOICES, "scopes": SCOPE_CHOICES}


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def save_user(ctx: Context, *, email: str, role: str, person_id: str, password: str,
              replace: bool = False) -> dict[str, Any]:
    """Create a sign-in (or, with `replace`, reset one's role, person and password: their
    sessions end, as the reset bumps their session version). Raises users.UserError
    naming the field."""
    authorization.require(ctx, Action.MANAGE_ACCESS)
    user = users.create_user(ctx, email=email, password=password, role=role, person_id=person_id,
                             replace=replace)
    audit.record(ctx, "user.saved", "user", user["id"], f"{user['email']} as {user['role']}")
    return user


def remove_user(ctx: Context, email: str) -> dict[str, Any]:
    """Remove a sign-in (a leaver, or before erasing the person): their sessions end,
    their keys are revoked and the clients they owned have no owner. NotFound."""
    authorization.require(ctx, Action.MANAGE_ACCESS)
    email = users.normalise_email(email)
    user = user_store.delete_user(ctx.graph, email, ctx.now())
    if user is None:
        raise NotFound(f"No user has the email {email}.", field="email")
    audit.record(ctx, "user.removed", "user", user["id"],
                 f"{email}; {user['keys_revoked']} keys revoked")
    return user


def sign_out_everywhere(ctx: Context, email: str) -> dict[str, Any]:
    authorization.require(ctx, Action.MANAGE_ACCESS)
    user = users.revoke_sessions(ctx, email)
    audit.record(ctx, "user.signed_out", "user", user.get("id"), user.get("email") or email)
    return user
