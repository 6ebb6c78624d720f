"""Who signs in to the web pages, and the pages' search box.

Users: create (or reset) a sign-in for a person, check an email and password, read the
signed-in user. Only a werkzeug password hash (scrypt) is stored (graph/users.py).
Roles: ``rep`` (finds intros) and ``account_manager`` (asks clients for referrals);
both see the pipeline.

Sign-in is throttled (`sign_in`): failed tries are counted per account (normalised
email) and per client address in Neo4j, so every worker and machine shares the counts;
past the limit a try is refused before the password is hashed, so guessing costs the
server a counter update, not 0.1 s of scrypt. Sessions carry the user's
`session_version`: a new password or `revoke_sessions` ends every earlier session.

The search box: people (name, email, current company) and companies matching the
words typed (graph/directory.py).
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

from graph import directory
from graph import users as store
from referrals.errors import Invalid, NotFound
from referrals.ids import new_id
from referrals.permissions import Role
from services.context import Context

ROLES = tuple(role.value for role in Role)  # who may do what: referrals/permissions.py
ROLE_LABELS = {"rep": "Rep", "account_manager": "Account manager", "sales_manager": "Sales manager",
               "admin": "Admin"}
MIN_PASSWORD = 10
SEARCH_MIN_CHARS = 2
SEARCH_MAX_CHARS = 100

# a hash to check against when the email is unknown, so both cases take the same time
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


class UserError(Invalid):
    """A user cannot be created as asked (bad email or role, unknown person, short password,
    email taken); the message is fit for the command line."""


@dataclass(frozen=True)
class SignInPolicy:
    """How many failed sign-ins are allowed per window; 0 turns a limit off."""

    max_per_account: int = 5
    max_per_address: int = 20
    window_seconds: float = 900.0


class TooManySignIns(Exception):
    """Too many failed sign-ins for this account or from this address: try again in
    `retry_after` seconds. The password was not checked."""

    def __init__(self, retry_after: int):
        super().__init__(f"Too many failed sign-ins; try again in {retry_after} s.")
        self.retry_after = retry_after


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def create_user(ctx: Context, *, email: str, password: str, role: str, person_id: str,
                replace: bool = False) -> dict[str, Any]:
    """Create a sign-in for `person_id` (or, with `replace`, reset an existing one's
    password, role and person). Raises UserError."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise UserError(f"{email!r} is not an email address.", field="email")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}.", field="role")
    _check_password(password)
    if directory.person_label(ctx.graph, person_id) is None:
        raise UserError(f"No person has the id {person_id!r}.", field="person_id")
    store.ensure_user_schema(ctx.graph)
    if not replace and store.user_id_for_email(ctx.graph, email) is not None:
        raise UserError(f"A user with the email {email} already exists.", field="email")
    return store.save_user(ctx.graph, new_id=new_id("u"), email=email, role=role,
                           person_id=person_id, password_hash=generate_password_hash(password),
                           now=ctx.now())


def _check_password(password: str | None) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise UserError(f"the password needs at least {MIN_PASSWORD} characters.", field="password")


def set_password(ctx: Context, email: str, password: str) -> dict[str, Any]:
    """A new password for the user with this email; their sessions everywhere end.
    Raises UserError (too short) or NotFound."""
    _check_password(password)
    user = store.set_password(ctx.graph, normalise_email(email), generate_password_hash(password),
                              ctx.now())
    if user is None:
        raise NotFound(f"No user has the email {normalise_email(email)}.", field="email")
    return user


def revoke_sessions(ctx: Context, email: str) -> dict[str, Any]:
    """Sign the user with this email out everywhere (their password stays). NotFound."""
    user = store.revoke_sessions(ctx.graph, normalise_email(email), ctx.now())
    if user is None:
        raise NotFound(f"No user has the email {normalise_email(email)}.", field="email")
    return user


def _throttle_key(kind: str, value: str) -> str:
    # hashed: people type passwords into the email box, and those must not be stored
    return f"{kind}:" + hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def sign_in(ctx: Context, email: str, password: str, *, address: str | None,
            policy: SignInPolicy = SignInPolicy()) -> dict[str, Any] | None:
    """`authenticate`, throttled: the user, None for a wrong email or password, or
    TooManySignIns (without checking the password) once the account or the address has
    used up its failed tries in this window. A success clears the account's count."""
    email = normalise_email(email)
    limits: dict[str, int] = {}
    account = _throttle_key("account", email)
    place = _throttle_key("address", address) if address else None
    if policy.max_per_account:
        limits[account] = policy.max_per_account
    if policy.max_per_address and place:
        limits[place] = policy.max_per_address
    if limits:
        now = ctx.now()
        until = store.count_sign_in_try(ctx.graph, limits, now,
                                        now + timedelta(seconds=policy.window_seconds))
        if until is not None:
            raise TooManySignIns(max(1, math.ceil((until - now).total_seconds())))
    user = authenticate(ctx, email, password)
    if user is not None and limits:
        store.forgive_sign_in_try(ctx.graph, reset=[account],
                                  refund=[place] if place in limits else [])
    return user


def authenticate(ctx: Context, email: str, password: str) -> dict[str, Any] | None:
    """The user when the email and password match, else None (same work either way)."""
    found = store.password_hash(ctx.graph, normalise_email(email))
    ok = check_password_hash(found[1] if found else _DUMMY_HASH, password or "")
    if found is None or not ok:
        return None
    store.record_sign_in(ctx.graph, found[0], ctx.now())
    return get_user(ctx, found[0])


def get_user(ctx: Context, user_id: str) -> dict[str, Any] | None:
    """The user with their person (name, title, company, whether a rep), or None."""
    user = store.get_user(ctx.graph, user_id)
    if user is None:
        return None
    return {**user, "name": user["name"] or user["email"],
            "role_label": ROLE_LABELS.get(user["role"], user["role"])}


def list_users(ctx: Context) -> list[dict[str, Any]]:
    return store.list_users(ctx.graph)


def suggestions(ctx: Context, text: str, *, people: int = 8, companies: int = 5) -> dict[str, Any]:
    """People (full records, with their company) and companies matching the words typed."""
    return {"people": directory.search_people(ctx.graph, text, people),
            "companies": directory.search_companies(ctx.graph, text, companies)}


def search_box(ctx: Context, text: str | None) -> dict[str, Any]:
    """What the search box lists for `text`: nothing under two characters, else people
    (name, title, company, whether a rep) and companies, best match first."""
    text = (text or "").strip()[:SEARCH_MAX_CHARS]
    if len(text) < SEARCH_MIN_CHARS:
        return {"q": text, "people": [], "companies": []}
    found = suggestions(ctx, text)
    people = [{"id": p["id"], "name": p.get("name"), "title": p.get("title"),
               "company": (p.get("company") or {}).get("name"),
               "status": (p.get("company") or {}).get("status"), "is_rep": p.get("is_rep")}
              for p in found["people"]]
    return {"q": text, "people": people, "companies": found["companies"]}


def forget_session_secret(ctx: Context) -> None:
    """Older versions kept the session signing key in the graph, where anyone able to read
    it could forge sessions; the key lives in a file now and this removes the old one."""
    store.forget_session_secret(ctx.graph)
