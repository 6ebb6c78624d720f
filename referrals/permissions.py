"""Who may do what: the roles of people who sign in, the scopes of API keys, and the
actions the use cases check.

services/authorization.py is the one place that checks them; every entry point (API,
pages, CLI) reaches the use cases through it. docs/permissions.md is the table a test
walks route by route.

- People who sign in have a role. A rep acts on their own introductions; a sales
  manager or an admin on any. Account managers own clients.
- API keys carry scopes. A key made for a person acts as that person (their role and
  their introductions), narrowed to its scopes; a partner's key has no role and is an
  integration: with ``introductions:write`` it may move any introduction, each move
  recorded under the key's name.

Pure domain code: standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

__all__ = ["Action", "LEGACY_SCOPES", "Role", "Scope", "parse_scopes", "role_allows",
           "scopes_allow"]


class Role(StrEnum):
    REP = "rep"
    ACCOUNT_MANAGER = "account_manager"
    SALES_MANAGER = "sales_manager"
    ADMIN = "admin"


class Scope(StrEnum):
    PATHS_READ = "paths:read"  # referral paths, opportunities, insights
    PEOPLE_READ = "people:read"  # people, companies, ties, introductions, asks
    PEOPLE_WRITE = "people:write"  # add and edit people, companies, ties, give-backs
    INTRODUCTIONS_WRITE = "introductions:write"  # request and move introductions, asks
    IMPORTS_RUN = "imports:run"  # imports and the centrality job
    WEBHOOKS_MANAGE = "webhooks:manage"
    ADMIN = "admin"  # everything, including consent, roles, keys, audit, erasure


# Keys made before scopes were split keep what they could do, less what is admin's now
# (deleting people, flipping is_rep, clearing do-not-contact): docs/permissions.md.
LEGACY_SCOPES: dict[str, frozenset[Scope]] = {
    "read": frozenset({Scope.PATHS_READ, Scope.PEOPLE_READ}),
    "write": frozenset({Scope.PATHS_READ, Scope.PEOPLE_READ, Scope.PEOPLE_WRITE,
                        Scope.INTRODUCTIONS_WRITE, Scope.IMPORTS_RUN}),
    "admin": frozenset(Scope),
}


class Action(StrEnum):
    """What a use case does, worded for the 403 ("You may not <action>")."""

    READ_PATHS = "read referral paths"
    READ_PEOPLE = "read people, companies and introductions"
    WRITE_PEOPLE = "add or change people, companies and ties"
    DELETE_PEOPLE = "delete people"
    CHANGE_REP_FLAG = "mark someone as one of our reps"
    CLEAR_DO_NOT_CONTACT = "clear do-not-contact"
    WRITE_INTRODUCTIONS = "request or move introductions"
    ACT_FOR_OTHERS = "act on another rep's introductions"
    ASK_CLIENTS = "ask clients for referrals"
    ASSIGN_OWNER = "assign a client's account manager"
    VIEW_TEAM = "see the whole team's clients"
    RUN_IMPORTS = "run imports and jobs"
    MANAGE_WEBHOOKS = "manage webhooks"
    MANAGE_CONSENT = "change a client's consent"
    MANAGE_ICP = "change the ideal client profile"
    READ_AUDIT = "read the audit trail"
    MANAGE_ACCESS = "manage users, roles and API keys"
    ERASE = "erase a person"
    REVIEW_IDENTITIES = "review and undo identity merges"
    RESOLVE_IDENTITIES = "run identity resolution"
    PLAN_ASKS = "see the weekly referral ask list"
    HANDLE_REMINDERS = "read your reminders"
    DISMISS_REMINDERS = "dismiss your reminders or record their thank-you"
    EDIT_ASK_TEMPLATES = "change the team's ask templates"


_EVERY_ROLE = frozenset(Role)
_MANAGERS = frozenset({Role.SALES_MANAGER, Role.ADMIN})
_ADMIN = frozenset({Role.ADMIN})

ROLE_ACTIONS: dict[Action, frozenset[Role]] = {
    Action.READ_PATHS: _EVERY_ROLE,
    Action.READ_PEOPLE: _EVERY_ROLE,
    Action.WRITE_PEOPLE: _EVERY_ROLE,
    Action.DELETE_PEOPLE: _ADMIN,
    Action.CHANGE_REP_FLAG: _ADMIN,
    Action.CLEAR_DO_NOT_CONTACT: _ADMIN,
    Action.WRITE_INTRODUCTIONS: _EVERY_ROLE,
    Action.ACT_FOR_OTHERS: _MANAGERS,
    Action.ASK_CLIENTS: _EVERY_ROLE,
    Action.ASSIGN_OWNER: _MANAGERS,
    Action.VIEW_TEAM: _MANAGERS,
    Action.RUN_IMPORTS: _MANAGERS,
    Action.MANAGE_WEBHOOKS: _ADMIN,
    Action.MANAGE_CONSENT: _ADMIN,
    Action.MANAGE_ICP: _MANAGERS,
    Action.READ_AUDIT: _MANAGERS,
    Action.MANAGE_ACCESS: _ADMIN,
    Action.ERASE: _ADMIN,
    # merging two people moves every tie and introduction: the people who see the whole team
    Action.REVIEW_IDENTITIES: _MANAGERS,
    Action.RESOLVE_IDENTITIES: _MANAGERS,
    # the clients they own (managers: any account manager's); reps ask no clients weekly
    Action.PLAN_ASKS: frozenset({Role.ACCOUNT_MANAGER, Role.SALES_MANAGER, Role.ADMIN}),
    Action.HANDLE_REMINDERS: _EVERY_ROLE,  # each person's own (services/reminders.py)
    Action.DISMISS_REMINDERS: _EVERY_ROLE,
    # one set of templates for the whole team (everyone who reads paths reads them)
    Action.EDIT_ASK_TEMPLATES: _MANAGERS,
}

# The scopes that allow each action (any one of them is enough; admin allows all).
SCOPE_ACTIONS: dict[Action, frozenset[Scope]] = {
    Action.READ_PATHS: frozenset({Scope.PATHS_READ}),
    Action.READ_PEOPLE: frozenset({Scope.PEOPLE_READ}),
    Action.WRITE_PEOPLE: frozenset({Scope.PEOPLE_WRITE}),
    Action.WRITE_INTRODUCTIONS: frozenset({Scope.INTRODUCTIONS_WRITE}),
    # a partner's integration moves any introduction; a person's key acts as the person
    Action.ACT_FOR_OTHERS: frozenset({Scope.INTRODUCTIONS_WRITE}),
    Action.ASK_CLIENTS: frozenset({Scope.INTRODUCTIONS_WRITE}),
    # a CRM import carries each account's owner
    Action.ASSIGN_OWNER: frozenset({Scope.IMPORTS_RUN}),
    Action.VIEW_TEAM: frozenset({Scope.PEOPLE_READ}),
    Action.RUN_IMPORTS: frozenset({Scope.IMPORTS_RUN}),
    Action.MANAGE_WEBHOOKS: frozenset({Scope.WEBHOOKS_MANAGE}),
    # a merge rewrites people as an import does; a partner's CRM sync may decide pairs
    Action.REVIEW_IDENTITIES: frozenset({Scope.IMPORTS_RUN}),
    Action.RESOLVE_IDENTITIES: frozenset({Scope.IMPORTS_RUN}),
    Action.PLAN_ASKS: frozenset({Scope.PATHS_READ}),
    Action.HANDLE_REMINDERS: frozenset({Scope.PEOPLE_READ}),
    # a write of the workflow's state, like moving an introduction: never a read key's
    Action.DISMISS_REMINDERS: frozenset({Scope.INTRODUCTIONS_WRITE}),
}


def parse_scopes(value: str | Iterable[str] | None) -> frozenset[Scope]:
    """Stored or given scopes: a legacy level (read/write/admin), a space- or comma-
    separated list, or an iterable. ValueError names an unknown scope."""
    if value is None:
        return frozenset()
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    scopes: set[Scope] = set()
    for item in items:
        item = str(item).strip()
        if item in LEGACY_SCOPES:
            scopes |= LEGACY_SCOPES[item]
            continue
        try:
            scopes.add(Scope(item))
        except ValueError:
            known = ", ".join([*LEGACY_SCOPES, *(s.value for s in Scope if s.value not in LEGACY_SCOPES)])
            raise ValueError(f"unknown scope {item!r}; use {known}") from None
    return frozenset(scopes)


def role_allows(role: str | None, action: Action) -> bool:
    try:
        return Role(role) in ROLE_ACTIONS[action] if role else False
    except ValueError:
        return False


def scopes_allow(scopes: Iterable[Scope], action: Action) -> bool:
    held = frozenset(scopes)
    return Scope.ADMIN in held or bool(held & SCOPE_ACTIONS.get(action, frozenset()))
