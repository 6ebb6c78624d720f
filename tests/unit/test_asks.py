from datetime import UTC, date, datetime, timedelta

import pytest

from referrals.asks import (
    AskOutcome,
    ReferralAsk,
    ReferrerRecord,
    ask_fatigue,
    ask_outcome_for_transition,
    asks_in_quarter,
    fatigue_factor,
    record_ask_outcome,
    record_introduction_progress,
    referrer_record_from_introductions,
    thank_you_due,
)
from referrals.introductions import Outcome

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("n", "allowed"), [(0, True), (1, True), (2, True), (3, False), (7, False)])
def test_fatigue_default_limit_three(n, allowed):
    v = ask_fatigue(n)
    assert v.allowed is allowed and bool(v) is allowed
    assert v.asks_in_quarter == n and v.max_per_quarter == 3
    assert "limit 3" in v.reason
    if not allowed:
        assert "rest" in v.reason


def test_fatigue_custom_limit_and_validation():
    assert ask_fatigue(4, max_per_quarter=5).allowed
    assert not ask_fatigue(5, max_per_quarter=5).allowed
    assert "1 more allowed" in ask_fatigue(4, max_per_quarter=5).reason
    with pytest.raises(ValueError):
        ask_fatigue(-1)
    with pytest.raises(ValueError):
        ask_fatigue(0, max_per_quarter=0)


def test_asks_in_rolling_quarter():
    today = date(2025, 3, 31)
    dates = [
        date(2025, 3, 31),  # today
        date(2024, 12, 31),  # 90 days ago: inside
        date(2024, 12, 30),  # 91 days ago: outside
        datetime(2025, 1, 15, 12, tzinfo=UTC),
        date(2025, 4, 1),  # future: ignored
    ]
    assert asks_in_quarter(dates, today) == 3
    assert asks_in_quarter([], today) == 0


def test_fatigue_factor():
    assert fatigue_factor(0) == 1.0
    assert fatigue_factor(1) == pytest.approx(2 / 3)
    assert fatigue_factor(3) == 0.0
    assert fatigue_factor(9) == 0.0


def test_thank_you_due_within_two_days_for_made_intro():
    assert thank_you_due(AskOutcome.MADE_INTRO, NOW) == NOW + timedelta(days=2)
    assert thank_you_due("made_intro", NOW) == NOW + timedelta(days=2)
    assert thank_you_due("declined", NOW) is None
    assert thank_you_due(AskOutcome.NO_ANSWER, NOW) is None
    with pytest.raises(ValueError, match="outcome"):
        thank_you_due("maybe", NOW)


def test_record_ask_outcome_counts():
    r = ReferrerRecord()
    r = record_ask_outcome(r, "made_intro")
    r = record_ask_outcome(r, AskOutcome.DECLINED)
    r = record_ask_outcome(r, "no_answer")
    r = record_ask_outcome(r, "made_intro")
    assert r == ReferrerRecord(asks=4, made=2, declined=1, no_answer=1)
    assert r.made_rate == 0.5
    assert r.accepted_rate == 0.0
    assert ReferrerRecord().win_rate is None


def test_record_introduction_progress_counts_once():
    r = ReferrerRecord(asks=1, made=1)
    made = Outcome(made=True)
    met = Outcome(made=True, accepted=True)
    won = Outcome(made=True, accepted=True, won=True)
    r = record_introduction_progress(r, made, met)
    assert (r.made, r.accepted, r.won) == (1, 1, 0)
    r = record_introduction_progress(r, met, met)  # nothing new
    assert (r.accepted, r.won) == (1, 0)
    r = record_introduction_progress(r, met, won)
    assert (r.made, r.accepted, r.won) == (1, 1, 1)
    assert r.win_rate == 1.0
    assert r.to_dict()["won"] == 1


def test_record_from_past_introductions():
    outcomes = [Outcome.from_status(s) for s in ("won", "lost", "introduced", "declined")]
    r = referrer_record_from_introductions(outcomes)
    assert r == ReferrerRecord(asks=4, made=3, declined=1, accepted=2, won=1)


def test_ask_outcome_for_transition():
    assert ask_outcome_for_transition("accepted", "introduced") is AskOutcome.MADE_INTRO
    assert ask_outcome_for_transition("asked", "declined") is AskOutcome.DECLINED
    assert ask_outcome_for_transition("introduced", "meeting_held") is None


def test_referral_ask_open_until_outcome():
    a = ReferralAsk("a1", "client-1", "p-1", "am-1", NOW, target_id="t-1")
    assert a.is_open
    closed = ReferralAsk("a1", "client-1", "p-1", "am-1", NOW, outcome=AskOutcome.DECLINED, outcome_at=NOW)
    assert not closed.is_open
