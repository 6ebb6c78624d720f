"""Reminders (issue #17): what someone should do now that nobody would otherwise tell them.

`referrals tick` (services/reminders.py) raises, per person who signs in:

- `thank_you_due`: a referral ask ended in a made introduction and no thank-you to the
  referrer is recorded since (a give-back of kind `thanks`). For whoever asked, the
  introduction's requester and the client's owner; due on the ask's `thank_you_due`.
- `ask_unanswered`: a referral ask has had no outcome for `unanswered_after` (7 days by
  default). For whoever asked and the client's owner; due when the wait is over.
- `no_next_step`: a meeting was held without an assignment for the buyer or a next
  meeting (referrals/review.py). For the introduction's requester; due now.
- `stale`: an introduction past the early stage had no stage change for the review's
  `stale_after` (42 days). For the introduction's requester; due when the wait is over.

Each reminder has a key (kind, subject, recipient; for introductions also the version it
was raised at), so raising it again finds the one there: running the tick twice, or on
two machines at once, raises each reminder once. An introduction that moves on (a new
version) ends its reminders; a new stall raises a new one. Old thank-yous and old asks
are not raised (`LOOKBACK`): a reminder is about this week, not a backlog.

Pure domain code: standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from referrals.review import build_review

DEFAULT_UNANSWERED_AFTER = timedelta(days=7)
LOOKBACK = timedelta(days=91)  # thank-yous due, and asks made, longer ago are not raised


class ReminderKind(StrEnum):
    THANK_YOU_DUE = "thank_you_due"
    ASK_UNANSWERED = "ask_unanswered"
    NO_NEXT_STEP = "no_next_step"
    STALE = "stale"


@dataclass(frozen=True, slots=True)
class ReminderDraft:
    """One reminder to raise (stored as a :Reminder; graph/reminders.py)."""

    key: str
    kind: ReminderKind
    user_id: str
    due_on: date
    ask_id: str | None = None
    introduction_id: str | None = None
    introduction_version: int | None = None
    client_id: str | None = None
    referrer_id: str | None = None
    target_id: str | None = None

    def props(self) -> dict[str, Any]:
        return {"key": self.key, "kind": self.kind.value, "user_id": self.user_id,
                "due_on": self.due_on, "ask_id": self.ask_id,
                "introduction_id": self.introduction_id,
                "introduction_version": self.introduction_version, "client_id": self.client_id,
                "referrer_id": self.referrer_id, "target_id": self.target_id}


def _recipients(*user_ids: object) -> list[str]:
    out: list[str] = []
    for user_id in user_ids:
        for one in user_id if isinstance(user_id, list | tuple | set) else [user_id]:
            if isinstance(one, str) and one and one not in out:
                out.append(one)
    return out


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def thank_you_reminders(rows: Iterable[Mapping[str, Any]], today: date) -> list[ReminderDraft]:
    """Rows: made introductions with no thank-you since ({ask_id, thank_you_due, client_id,
    referrer_id, target_id, introduction_id, users})."""
    out = []
    for row in rows:
        due = _day(row["thank_you_due"])
        if due < today - LOOKBACK:
            continue
        for user in _recipients(row.get("users")):
            out.append(ReminderDraft(f"{ReminderKind.THANK_YOU_DUE}:{row['ask_id']}:{user}",
                                     ReminderKind.THANK_YOU_DUE, user, due, ask_id=row["ask_id"],
                                     introduction_id=row.get("introduction_id"),
                                     client_id=row.get("client_id"), referrer_id=row.get("referrer_id"),
                                     target_id=row.get("target_id")))
    return out


def unanswered_reminders(rows: Iterable[Mapping[str, Any]], now: datetime,
                         after: timedelta = DEFAULT_UNANSWERED_AFTER) -> list[ReminderDraft]:
    """Rows: open asks ({ask_id, asked_at, client_id, referrer_id, target_id, users})."""
    if after <= timedelta(0):
        raise ValueError("unanswered_after: must be positive")
    out = []
    for row in rows:
        asked = row["asked_at"]
        if now - asked < after or now - asked > LOOKBACK:
            continue
        for user in _recipients(row.get("users")):
            out.append(ReminderDraft(f"{ReminderKind.ASK_UNANSWERED}:{row['ask_id']}:{user}",
                                     ReminderKind.ASK_UNANSWERED, user, _day(asked + after),
                                     ask_id=row["ask_id"], client_id=row.get("client_id"),
                                     referrer_id=row.get("referrer_id"), target_id=row.get("target_id")))
    return out


def pipeline_reminders(rows: Iterable[Mapping[str, Any]], now: datetime,
                       stale_after: timedelta) -> list[ReminderDraft]:
    """Rows: introductions as referrals.review reads them, plus `version`, `referrer_id`,
    `target_id` and `users` (the requester's sign-ins). The review's own rules decide."""
    by_id = {row["id"]: row for row in rows}
    review = build_review(by_id.values(), now, stale_after=stale_after)
    out = []
    for kind, flags in ((ReminderKind.NO_NEXT_STEP, review.no_next_step), (ReminderKind.STALE, review.stale)):
        for flag in flags:
            row = by_id[flag.item_id]
            due = now.date() if kind is ReminderKind.NO_NEXT_STEP else \
                _day(row["last_transition_at"] + stale_after)
            version = int(row.get("version") or 0)
            for user in _recipients(row.get("users")):
                out.append(ReminderDraft(f"{kind}:{row['id']}:v{version}:{user}", kind, user, due,
                                         introduction_id=row["id"], introduction_version=version,
                                         referrer_id=row.get("referrer_id"), target_id=row.get("target_id")))
    return out


def describe(reminder: Mapping[str, Any], names: Mapping[str, str], today: date) -> str:
    """The sentence a reminder shows; `names` has the people's and clients' names (a hidden
    person is simply not in it, and reads as 'someone at a client')."""
    def name(key: str, fallback: str) -> str:
        value = reminder.get(key)
        return names.get(value, fallback) if value else fallback

    referrer = name("referrer_id", "someone at a client")
    target = name("target_id", "the prospect")
    due = reminder.get("due_on")
    due = _day(due) if isinstance(due, date | datetime) else None
    when = "" if due is None else (f" (overdue since {due.isoformat()})" if due < today
                                   else f" (due {due.isoformat()})")
    kind = reminder.get("kind")
    if kind == ReminderKind.THANK_YOU_DUE:
        return f"Thank {referrer} for introducing {target}{when}."
    if kind == ReminderKind.ASK_UNANSWERED:
        return (f"{referrer} has not answered the ask about {target}: follow up once, or record "
                f"'no answer'{when}.")
    if kind == ReminderKind.NO_NEXT_STEP:
        return (f"The meeting with {target} ended with no next step: book the next meeting and give "
                "the buyer an assignment, or qualify it out.")
    if kind == ReminderKind.STALE:
        return f"The introduction to {target} via {referrer} has not moved{when}: ask the honest question."
    return str(kind)
