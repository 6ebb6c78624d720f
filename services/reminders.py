"""Reminders (issue #17): the tick that raises them, and each person's own list.

`tick` is meant for cron (`referrals tick`, every few minutes or hourly): it reads what is
due (thank-yous, unanswered asks, meetings with no next step, stale introductions; rules
and recipients in referrals/reminders.py), MERGEs one :Reminder per (kind, subject,
person) and writes a `reminder.raised` webhook event for each one it created, in the same
transaction (graph/reminders.py). Running it again, or on several machines at once,
raises nothing twice. Reminders whose reason is gone are marked resolved.

People read and dismiss their own reminders (`mine`, `count`, `dismiss`): the reminder
says its reason in one sentence, naming nobody hidden until their client opts in
(services/visibility.py). A thank-you reminder goes away as soon as the thank-you is
recorded (a `thanks` give-back, services/goodwill.py), without waiting for the next tick.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from neo4j import ManagedTransaction

from graph import reminders as store
from graph.workflow_common import jsonable
from referrals.errors import Invalid, NotFound
from referrals.introductions import CLOSED_STATUSES, EARLY_STATUSES
from referrals.permissions import Action
from referrals.reminders import (
    DEFAULT_UNANSWERED_AFTER,
    LOOKBACK,
    ReminderKind,
    describe,
    pipeline_reminders,
    thank_you_reminders,
    unanswered_reminders,
)
from services import authorization, goodwill, visibility, webhooks
from services.context import Context

EVENT = "reminder.raised"
EVENT_FIELDS = ("id", "kind", "user_id", "due_on", "ask_id", "introduction_id", "client_id",
                "referrer_id", "target_id", "raised_at")


def tick(ctx: Context, *, unanswered_after_days: int | None = None) -> dict[str, Any]:
    """Raise what is due now. Answers {raised: {kind: n}, already: n, resolved: n,
    unanswered_after_days}. Invalid (field "unanswered_after_days") below 1."""
    authorization.require(ctx, Action.RUN_IMPORTS)
    days = DEFAULT_UNANSWERED_AFTER.days if unanswered_after_days is None else unanswered_after_days
    if days < 1:
        raise Invalid("Wait at least one day before calling an ask unanswered.",
                      field="unanswered_after_days")
    now = ctx.now()
    after = timedelta(days=days)
    skip = sorted({s.value for s in CLOSED_STATUSES | EARLY_STATUSES})
    drafts = [
        *thank_you_reminders(store.thank_yous_due(ctx.graph, now.date() - LOOKBACK), now.date()),
        *unanswered_reminders(store.open_asks(ctx.graph, before=now - after, since=now - LOOKBACK),
                              now, after),
        *pipeline_reminders(store.open_introductions(ctx.graph, skip), now, ctx.rules.stale_after),
    ]

    def publish(tx: ManagedTransaction, created: list[dict[str, Any]]) -> None:
        hidden = visibility.hidden_people(ctx, [r.get(k) for r in created
                                                for k in ("referrer_id", "target_id")])
        for reminder in created:
            data = {k: reminder.get(k) for k in EVENT_FIELDS}
            for k in ("referrer_id", "target_id"):
                if data[k] in hidden:
                    data[k] = None
            webhooks.emit(tx, ctx, EVENT, jsonable(data))

    out = store.raise_reminders(ctx.graph, [d.props() for d in drafts], now=now,
                                run=uuid.uuid4().hex, on_created=publish)
    by_kind = {k.value: 0 for k in ReminderKind}
    for reminder in out["raised"]:
        by_kind[reminder["kind"]] += 1
    return {"raised": by_kind, "already": out["already"], "resolved": out["resolved"],
            "unanswered_after_days": days}


def _user_id(ctx: Context) -> str | None:
    """The sign-in whose reminders these are: the signed-in person, or the person a key
    acts for; None for a partner's key or the system (who have none)."""
    if ctx.actor.kind == "user":
        return ctx.actor.id
    if ctx.actor.kind == "key" and ctx.actor.person_id:
        return store.user_for_person(ctx.graph, ctx.actor.person_id)
    return None


def mine(ctx: Context, *, limit: int = 100) -> list[dict[str, Any]]:
    """The actor's open reminders, the soonest due first, each with `text` (its reason in
    one sentence) and `overdue`. People hidden by consent read as unnamed (null ids)."""
    authorization.require(ctx, Action.HANDLE_REMINDERS)
    user_id = _user_id(ctx)
    if user_id is None:
        return []
    found = store.list_for_user(ctx.graph, user_id, limit)
    hidden = visibility.hidden_people(ctx, [r.get(k) for r in found for k in ("referrer_id", "target_id")])
    for reminder in found:
        for k in ("referrer_id", "target_id"):
            if reminder.get(k) in hidden:
                reminder[k] = None
    ids = {r[k] for r in found for k in ("referrer_id", "target_id", "client_id") if r.get(k)}
    names = store.names(ctx.graph, ids) if ids else {}
    today = ctx.now().date()
    for reminder in found:
        reminder["text"] = describe(reminder, names, today)
        reminder["overdue"] = reminder.get("due_on") is not None and reminder["due_on"] < today
        reminder["client_name"] = names.get(reminder.get("client_id") or "")
    return jsonable(found)


def count(ctx: Context) -> int:
    """How many open reminders the actor has (the navigation's badge)."""
    authorization.require(ctx, Action.HANDLE_REMINDERS)
    user_id = _user_id(ctx)
    return store.count_for_user(ctx.graph, user_id) if user_id else 0


def dismiss(ctx: Context, reminder_id: str) -> dict[str, Any]:
    """Dismiss one of the actor's reminders; NotFound for any other id (another person's
    reminder reads as unknown)."""
    authorization.require(ctx, Action.DISMISS_REMINDERS)
    user_id = _user_id(ctx)
    out = store.dismiss(ctx.graph, reminder_id, user_id, ctx.now()) if user_id else None
    if out is None:
        raise NotFound(f"You have no reminder with the id {reminder_id!r}.")
    return jsonable(out)


def record_thanks(ctx: Context, reminder_id: str) -> dict[str, Any]:
    """A thank-you reminder's one click: record the thank-you to its referrer (a `thanks`
    give-back, services/goodwill.py), which ends the reminder. NotFound for an id the actor
    has no open thank-you reminder with."""
    authorization.require(ctx, Action.DISMISS_REMINDERS)
    reminder = next((r for r in mine(ctx) if r["id"] == reminder_id), None)
    if reminder is None or reminder["kind"] != ReminderKind.THANK_YOU_DUE or not reminder.get("referrer_id"):
        raise NotFound(f"You have no open thank-you reminder with the id {reminder_id!r}.")
    return goodwill.give_back(ctx, reminder["referrer_id"], kind="thanks", note="thank-you (from a reminder)")
