"""The context for requests: built once per process by `install`, handed out per request.

The app factory calls `install(app, settings)`: one Neo4j driver (after gunicorn's fork,
since the factory runs in each worker), the schema, and the outbox drainer. Handlers
call `current_context()` and pass it to a use case; authentication calls `set_actor`.

App config keys override single rules for tests (``REFERRAL_ASKS_PER_QUARTER`` and
the others in `RULE_KEYS`), the sign-in throttle (`SIGNIN_KEYS`), and ``REFERRALS_CLOCK``
pins the clock.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from flask import Flask, current_app, g

from graph.db import UNAVAILABLE_ERRORS, Graph
from graph.jobs import wait_for_jobs
from graph.schema import ensure_schema
from referrals.goodwill import GoodwillPolicy
from referrals.rules import Rules
from runtime.context import connect, drainer_for
from runtime.settings import Settings
from services.context import Actor, Context, utc_now
from services.users import SignInPolicy, forget_session_secret
from services.webhooks import Drainer

log = logging.getLogger("referrals.runtime")

EXTENSION = "referrals"
ANONYMOUS = Actor(kind="anonymous", id="anonymous", name="api")

# app config key -> Rules field (tests pin single rules this way)
RULE_KEYS = {
    "REFERRAL_ASKS_PER_QUARTER": "asks_per_quarter",
    "REVIEW_STALE_AFTER_DAYS": "stale_after_days",
    "REVIEW_ONE_WAY_TOUCHES": "one_way_touches",
    "REFERRALS_TIE_HALF_LIFE_DAYS": "tie_half_life_days",
}
SIGNIN_KEYS = {
    "SIGNIN_MAX_PER_ACCOUNT": "max_per_account",
    "SIGNIN_MAX_PER_ADDRESS": "max_per_address",
    "SIGNIN_WINDOW_SECONDS": "window_seconds",
}
GOODWILL_KEYS = {
    "REFERRAL_PERSON_ASKS_PER_WINDOW": "asks_per_window",
    "REFERRAL_PERSON_COOLDOWN_DAYS": "cooldown_days",
    "REFERRAL_MERGE_WINDOW_DAYS": "merge_days",
}


@dataclass
class AppRuntime:
    settings: Settings
    graph: Graph
    drainer: Drainer
    schema_ready: bool = False


def install(app: Flask, settings: Settings) -> AppRuntime:
    if "WEBHOOKS_ALLOW_PRIVATE" in app.config:  # tests: loopback receivers (docs/webhooks.md)
        settings = settings.with_changes(webhooks_allow_private=bool(app.config["WEBHOOKS_ALLOW_PRIVATE"]))
    graph = connect(settings)
    runtime = AppRuntime(settings=settings, graph=graph, drainer=drainer_for(settings, graph))
    app.extensions[EXTENSION] = runtime
    app.extensions["graph"] = graph  # tests and benchmarks close it through this name
    try:
        ensure_schema(graph)
        runtime.schema_ready = True
        forget_session_secret(Context(graph=graph))
    except UNAVAILABLE_ERRORS as exc:
        # The app still starts; /readyz says 503 until the database is back.
        log.warning("Neo4j unavailable at start (%s); schema will be ensured when it returns",
                    type(exc).__name__)
    # Tests drain the outbox themselves (`drainer.drain()`) unless they ask for the thread.
    if app.config.get("OUTBOX_DRAINER", not app.config.get("TESTING")):
        runtime.drainer.start()
    return runtime


def app_runtime(app: Flask | None = None) -> AppRuntime:
    return (app or current_app).extensions[EXTENSION]


def close(app: Flask) -> None:
    """Stop the drainer, let the background jobs on the app's driver finish (a few seconds
    at most), and close the driver (tests, benchmarks, shutdown)."""
    runtime = app.extensions.get(EXTENSION)
    if runtime is not None:
        runtime.drainer.stop()
        if not wait_for_jobs(runtime.graph, timeout=10.0):
            log.warning("closing the driver with a background job still running (it will be taken over)")
        runtime.graph.close()


def current_graph() -> Graph:
    """The process's graph; ensures the schema once the database is reachable."""
    runtime = app_runtime()
    if not runtime.schema_ready:
        try:
            ensure_schema(runtime.graph)
            runtime.schema_ready = True
        except UNAVAILABLE_ERRORS:
            pass
    return runtime.graph


def set_actor(actor: Actor) -> None:
    g.referrals_actor = actor


def current_actor() -> Actor:
    return getattr(g, "referrals_actor", None) or ANONYMOUS


def _rules(config: dict[str, Any], base: Rules) -> Rules:
    changes = {field: int(config[key]) for key, field in RULE_KEYS.items() if key in config}
    goodwill = {field: int(config[key]) for key, field in GOODWILL_KEYS.items() if key in config}
    if goodwill:
        changes["goodwill"] = replace(base.goodwill, **goodwill) if isinstance(
            base.goodwill, GoodwillPolicy) else GoodwillPolicy(**goodwill)
    return replace(base, **changes) if changes else base


def _clock(config: dict[str, Any]):
    clock = config.get("REFERRALS_CLOCK")
    return clock if callable(clock) else utc_now


def current_context() -> Context:
    """The use cases' context for this request: graph, rules, clock and actor."""
    runtime = app_runtime()
    config = current_app.config
    return Context(graph=current_graph(), rules=_rules(config, runtime.settings.rules),
                   clock=_clock(config), actor=current_actor())


def sign_in_policy() -> SignInPolicy:
    """The sign-in throttle's limits: the settings, with any app config override."""
    settings = app_runtime().settings
    config = current_app.config
    base = {"max_per_account": settings.signin_max_per_account,
            "max_per_address": settings.signin_max_per_address,
            "window_seconds": settings.signin_window_seconds}
    base.update({field: config[key] for key, field in SIGNIN_KEYS.items() if key in config})
    return SignInPolicy(**base)


def now() -> datetime:
    return current_context().now()
