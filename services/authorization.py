"""The one place that decides whether the actor may do something (referrals/permissions.py
says who may do what; docs/permissions.md is the table).

Every use case that reads or changes something calls `require` (or one of the object
checks below) before it touches the graph, so the API, the pages and the CLI get the
same answer. A refusal is `Forbidden` (403 problem+json on the API, the error page on the
web); the message says what the actor may not do, never what they may not see.
"""

from __future__ import annotations

from collections.abc import Callable

from referrals.errors import Forbidden
from referrals.permissions import Action, parse_scopes, role_allows, scopes_allow
from services.context import Actor, Context


def allowed(actor: Actor, action: Action) -> bool:
    """Whether `actor` may do `action` (object checks come on top of this)."""
    if actor.kind == "system":
        return True
    if actor.kind == "user":
        return role_allows(actor.role, action)
    if actor.kind == "key":
        try:
            scopes = parse_scopes(actor.scope)
        except ValueError:
            return False  # an unreadable stored scope grants nothing
        if not scopes_allow(scopes, action):
            return False
        # a person's key acts as the person: their role bounds it too
        return role_allows(actor.role, action) if actor.person_id else True
    return False


def require(ctx: Context, action: Action) -> None:
    if not allowed(ctx.actor, action):
        raise Forbidden(f"You may not {action.value}.", code="forbidden", action=action.name.lower())


def acts_for_anyone(actor: Actor) -> bool:
    """Managers, admins, partner integrations and the system act on anyone's behalf;
    a rep (or a rep's key) only on their own."""
    return allowed(actor, Action.ACT_FOR_OTHERS)


def require_own_introduction(ctx: Context, requester_of: Callable[[], str | None]) -> None:
    """A rep moves, qualifies and logs touches on the introductions they requested.
    `requester_of()` reads the introduction's requester, only when it matters (a rep)."""
    require(ctx, Action.WRITE_INTRODUCTIONS)
    if acts_for_anyone(ctx.actor):
        return
    if not ctx.actor.person_id or requester_of() != ctx.actor.person_id:
        raise Forbidden("You may act only on introductions you requested; ask a sales manager "
                        "to change another rep's.", code="not_yours")


def requester_for(ctx: Context, requester_id: str | None) -> str:
    """Whom a new introduction is filed for: a rep files in their own name; managers,
    admins and partner integrations may name any rep."""
    require(ctx, Action.WRITE_INTRODUCTIONS)
    own = ctx.actor.person_id
    if acts_for_anyone(ctx.actor):
        if requester_id:
            return requester_id
        if own:
            return own
        raise Forbidden("Say which rep requests the introduction (requester_id).",
                        code="requester_required", field="requester_id")
    if not own:
        raise Forbidden("Your account is not linked to a person in the graph, so it cannot "
                        "request introductions.", code="no_person")
    if requester_id and requester_id != own:
        raise Forbidden("You may request introductions only in your own name.",
                        code="not_yours", field="requester_id")
    return own

