"""What the workflow blueprints (icp, introductions, pipeline, asks) share: the clock,
the actor, settings, webhooks, and workflow errors as problem+json.

Settings (app config):
- ``REFERRALS_CLOCK``: a callable answering "now" (an aware datetime); tests pin it.
- ``REFERRAL_ASKS_PER_QUARTER`` (3): asks to one client's people per rolling quarter.
- ``REVIEW_STALE_AFTER_DAYS`` (42): no status change for this long is stale.
- ``REVIEW_ONE_WAY_TOUCHES`` (8): outbound touches without a reply that make a chase one way.
- ``REFERRAL_PERSON_ASKS_PER_WINDOW`` (1), ``REFERRAL_PERSON_COOLDOWN_DAYS`` (30),
  ``REFERRAL_MERGE_WINDOW_DAYS`` (7): the goodwill budget per connector, shared by the
  whole team (referrals/goodwill.py).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from flask import current_app, g

from api.common import etag
from api.problems import problem
from graph.workflow_common import WorkflowError
from referrals.asks import DEFAULT_MAX_PER_QUARTER
from referrals.goodwill import (
    DEFAULT_ASKS_PER_WINDOW,
    DEFAULT_COOLDOWN_DAYS,
    DEFAULT_MERGE_DAYS,
    GoodwillPolicy,
)
from referrals.review import DEFAULT_ONE_WAY_TOUCHES, DEFAULT_STALE_AFTER

log = logging.getLogger("referrals.api.workflow")


def now() -> datetime:
    clock = current_app.config.get("REFERRALS_CLOCK")
    value = clock() if callable(clock) else datetime.now(UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def actor(given: str | None = None) -> str:
    """Who is acting: the body's `actor` when a tool acts for a person, else the key's name."""
    if given and given.strip():
        return given.strip()
    key = getattr(g, "api_key", None) or {}
    return key.get("name") or key.get("id") or "api"


def setting(name: str) -> int:
    defaults = {
        "REFERRAL_ASKS_PER_QUARTER": DEFAULT_MAX_PER_QUARTER,
        "REVIEW_STALE_AFTER_DAYS": DEFAULT_STALE_AFTER.days,
        "REVIEW_ONE_WAY_TOUCHES": DEFAULT_ONE_WAY_TOUCHES,
        "REFERRAL_PERSON_ASKS_PER_WINDOW": DEFAULT_ASKS_PER_WINDOW,
        "REFERRAL_PERSON_COOLDOWN_DAYS": DEFAULT_COOLDOWN_DAYS,
        "REFERRAL_MERGE_WINDOW_DAYS": DEFAULT_MERGE_DAYS,
    }
    return int(current_app.config.get(name, defaults[name]))


def goodwill_policy() -> GoodwillPolicy:
    """The per-connector ask budget from app config (web pages use it too)."""
    return GoodwillPolicy(asks_per_window=setting("REFERRAL_PERSON_ASKS_PER_WINDOW"),
                          cooldown_days=setting("REFERRAL_PERSON_COOLDOWN_DAYS"),
                          merge_days=setting("REFERRAL_MERGE_WINDOW_DAYS"))


def dispatch(event_type: str, payload: dict[str, Any]) -> None:
    """Send a webhook event when the webhooks module is there; never fails the request."""
    try:
        from graph.webhooks import dispatch_event
    except ImportError:  # webhooks not installed in this build
        return
    try:
        from api.app import get_graph

        dispatch_event(get_graph(), event_type, payload)
    except Exception:  # a receiver's trouble must not undo a stored change
        log.exception("webhook dispatch failed for %s", event_type)


def pointer(field: str) -> str:
    """"criteria[1].op" -> "/criteria/1/op"."""
    return "/" + field.replace("[", ".").replace("]", "").replace(".", "/").strip("/")


def workflow_problem(exc: WorkflowError):
    errors = None
    if exc.field and exc.status == 422:
        errors = [{"pointer": pointer(exc.field), "detail": exc.message}]
    extra = dict(exc.extra)
    if exc.field and exc.status != 422:
        extra.setdefault("field", exc.field)
    headers = {}
    if "current_version" in extra:
        headers["ETag"] = etag(extra["current_version"])
    return problem(exc.status, exc.message, errors=errors, headers=headers, **extra)


def register_errors(blp) -> None:
    blp.register_error_handler(WorkflowError, workflow_problem)
