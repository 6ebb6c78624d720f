"""Client ownership: which account manager a client belongs to, and "My clients".

Managers and admins assign owners (and CRM imports, through their owner column); the
assignment is recorded in the audit trail. Storage: graph/ownership.py.
"""

from __future__ import annotations

from typing import Any

from graph import ownership as store
from graph import users as user_store
from referrals.errors import Invalid, NotFound
from referrals.permissions import Action
from services import audit, authorization
from services.context import Context

OWNER_ROLES = ("account_manager", "sales_manager", "admin")


def owner(ctx: Context, company_id: str) -> dict[str, Any]:
    authorization.require(ctx, Action.READ_PEOPLE)
    found = store.get_owner(ctx.graph, company_id)
    if found is None:
        raise NotFound(f"No company has the id {company_id!r}.")
    return found


def assign(ctx: Context, company_id: str, email: str | None) -> dict[str, Any]:
    """Make the sign-in with `email` the client's owner (None or "": nobody).
    Invalid(field="email") when no account manager, manager or admin signs in with it."""
    authorization.require(ctx, Action.ASSIGN_OWNER)
    email = (email or "").strip().lower() or None
    if email is not None:
        user_id = user_store.user_id_for_email(ctx.graph, email)
        role = (user_store.get_user(ctx.graph, user_id) or {}).get("role") if user_id else None
        if role not in OWNER_ROLES:
            raise Invalid(f"No account manager, sales manager or admin signs in as {email!r}.",
                          field="email")
    out = store.assign_owner(ctx.graph, company_id, email, by=ctx.actor.name, now=ctx.now())
    if out is None:
        raise NotFound(f"No company has the id {company_id!r}.")
    audit.record(ctx, "client.owner_changed", "company", company_id, email or "nobody")
    return out


def assign_from_import(ctx: Context, owners: dict[str, str]) -> dict[str, Any]:
    """A CRM import's owner column: each company's owner, named by sign-in email or by
    their person's name. Answers {assigned, unknown}: how many changed, and the names no
    single account manager matched (left as they were)."""
    if not owners:
        return {"assigned": 0, "unknown": []}
    authorization.require(ctx, Action.ASSIGN_OWNER)
    known = store.users_by_email_or_name(ctx.graph, OWNER_ROLES)
    pairs, unknown = [], set()
    for company_id, written in owners.items():
        matches = known.get(written.strip().lower(), [])
        if len(matches) == 1:
            pairs.append({"company": company_id, "user": matches[0]})
        else:
            unknown.add(written)
    changed = store.assign_owners(ctx.graph, pairs, by=ctx.actor.name, now=ctx.now()) if pairs else []
    if changed:
        audit.record(ctx, "client.owner_changed", "import", None,
                     f"{len(changed)} clients' owners set by an import")
    return {"assigned": len(changed), "unknown": sorted(unknown)[:50]}


def owned_ids(ctx: Context) -> set[str]:
    """The clients the signed-in person (or a person's key) owns."""
    user_id = ctx.actor.id if ctx.actor.kind == "user" else None
    return store.owned_company_ids(ctx.graph, user_id) if user_id else set()


def owners(ctx: Context, company_ids: list[str]) -> dict[str, str]:
    return store.owners_by_company(ctx.graph, company_ids)
