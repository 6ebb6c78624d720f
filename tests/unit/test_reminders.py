"""Reminder rules (referrals/reminders.py): what is due, for whom, under which key, and the
sentence each one says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from referrals.reminders import (
    ReminderKind,
    describe,
    pipeline_reminders,
    thank_you_reminders,
    unanswered_reminders,
)

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def test_a_thank_you_per_person_once_with_a_stable_key():
    rows = [{"ask_id": "a1", "thank_you_due": NOW + timedelta(days=2), "client_id": "c", "referrer_id": "p",
             "target_id": "t", "introduction_id": "i", "users": ["u1", "u2", "u1", None]}]
    drafts = thank_you_reminders(rows, NOW.date())
    assert [(d.key, d.user_id) for d in drafts] == [("thank_you_due:a1:u1", "u1"),
                                                    ("thank_you_due:a1:u2", "u2")]
    assert drafts[0].due_on == (NOW + timedelta(days=2)).date()
    assert drafts[0].kind is ReminderKind.THANK_YOU_DUE
    assert thank_you_reminders(rows, NOW.date()) == drafts  # the same input, the same keys
    old = [{**rows[0], "thank_you_due": NOW - timedelta(days=120)}]
    assert thank_you_reminders(old, NOW.date()) == []  # a backlog is not a reminder


def test_an_ask_is_unanswered_after_the_wait_and_not_forever():
    row = {"ask_id": "a1", "client_id": "c", "referrer_id": "p", "target_id": None, "users": ["u1"]}
    wait = timedelta(days=7)
    assert unanswered_reminders([{**row, "asked_at": NOW - timedelta(days=6)}], NOW, wait) == []
    [draft] = unanswered_reminders([{**row, "asked_at": NOW - timedelta(days=7)}], NOW, wait)
    assert draft.key == "ask_unanswered:a1:u1" and draft.due_on == NOW.date()
    assert unanswered_reminders([{**row, "asked_at": NOW - timedelta(days=200)}], NOW, wait) == []
    with pytest.raises(ValueError):
        unanswered_reminders([], NOW, timedelta(0))


def test_the_reviews_rules_flag_introductions_under_their_version():
    base = {"id": "i1", "last_transition_at": NOW - timedelta(days=1), "version": 4, "referrer_id": "p",
            "target_id": "t", "users": ["u-rep"]}
    meeting = {**base, "status": "meeting_held", "assignment": None, "next_meeting_at": None}
    [draft] = pipeline_reminders([meeting], NOW, timedelta(days=42))
    assert (draft.kind, draft.key, draft.introduction_version) == (ReminderKind.NO_NEXT_STEP,
                                                                   "no_next_step:i1:v4:u-rep", 4)
    stale = {**base, "status": "qualified", "last_transition_at": NOW - timedelta(days=50)}
    [draft] = pipeline_reminders([stale], NOW, timedelta(days=42))
    assert draft.kind is ReminderKind.STALE and draft.due_on == (NOW - timedelta(days=8)).date()
    early = {**base, "status": "requested", "last_transition_at": NOW - timedelta(days=90)}
    assert pipeline_reminders([early], NOW, timedelta(days=42)) == []  # early interest is never chased
    assert pipeline_reminders([{**stale, "users": []}], NOW, timedelta(days=42)) == []  # nobody signs in


def test_the_sentences():
    names = {"p": "Ann Able", "t": "Tara Target"}
    today = NOW.date()
    yesterday = today - timedelta(days=1)
    thank = {"kind": "thank_you_due", "referrer_id": "p", "target_id": "t", "due_on": yesterday}
    assert describe(thank, names, today) == (
        f"Thank Ann Able for introducing Tara Target (overdue since {yesterday.isoformat()}).")
    hidden = {**thank, "referrer_id": None, "due_on": today}
    assert describe(hidden, names, today) == (
        f"Thank someone at a client for introducing Tara Target (due {today.isoformat()}).")
    assert "has not answered" in describe({"kind": "ask_unanswered", "referrer_id": "p"}, names, today)
    assert "no next step" in describe({"kind": "no_next_step", "target_id": "t"}, names, today)
    assert "has not moved" in describe({"kind": "stale", "target_id": "t", "referrer_id": "p"}, names, today)
