"""Transitional: what the blueprints not yet moved to services/ read from the request's
context (the clock, the actor, the rules). Moved blueprints call services directly."""

from __future__ import annotations

from datetime import datetime

from referrals.goodwill import GoodwillPolicy
from runtime.requests import current_context

RULES = {
    "REFERRAL_ASKS_PER_QUARTER": "asks_per_quarter",
    "REVIEW_STALE_AFTER_DAYS": "stale_after_days",
    "REVIEW_ONE_WAY_TOUCHES": "one_way_touches",
}


def now() -> datetime:
    return current_context().now()


def actor(given: str | None = None) -> str:
    """Who is acting: the body's `actor` when a tool acts for a person, else the key's name."""
    return current_context().actor.acting_for(given)


def setting(name: str) -> int:
    return int(getattr(current_context().rules, RULES[name]))


def goodwill_policy() -> GoodwillPolicy:
    return current_context().rules.goodwill
