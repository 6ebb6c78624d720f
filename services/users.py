"""Who signs in to the web pages, and the pages' search box.

Users: create (or reset) a sign-in for a person, check an email and password, read the
signed-in user. Only a werkzeug password hash (scrypt) is stored (graph/users.py).
Roles: ``rep`` (finds intros) and ``account_manager`` (asks clients for referrals);
both see the pipeline.

The search box: people (name, email, current company) and companies matching the
words typed (graph/directory.py).
"""

from __future__ import annotations

import secrets
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

from graph import directory
from graph import users as store
from referrals.errors import Invalid
from referrals.ids import new_id
from services.context import Context

ROLES = ("rep", "account_manager")
ROLE_LABELS = {"rep": "Rep", "account_manager": "Account manager"}
MIN_PASSWORD = 10
SEARCH_MIN_CHARS = 2
SEARCH_MAX_CHARS = 100

# a hash to check against when the email is unknown, so both cases take the same time
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


class UserError(Invalid):
    """A user cannot be created as asked (bad email or role, unknown person, short password,
    email taken); the message is fit for the command line."""


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
    if len(password or "") < MIN_PASSWORD:
        raise UserError(f"the password needs at least {MIN_PASSWORD} characters.", field="password")
    if directory.person_label(ctx.graph, person_id) is None:
        raise UserError(f"No person has the id {person_id!r}.", field="person_id")
    store.ensure_user_schema(ctx.graph)
    if not replace and store.user_id_for_email(ctx.graph, email) is not None:
        raise UserError(f"A user with the email {email} already exists.", field="email")
    return store.save_user(ctx.graph, new_id=new_id("u"), email=email, role=role,
                           person_id=person_id, password_hash=generate_password_hash(password),
                           now=ctx.now())


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


def session_secret(ctx: Context) -> str | None:
    """The key every app process signs web sessions with: random, made by the first
    process to start and shared through the database."""
    return store.shared_secret(ctx.graph, "session", secrets.token_hex(32))
