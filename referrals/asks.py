"""Referral asks: an account manager asks a person at a client for an introduction.

Doctrine (see docs/process.md):
- Seed 004: ask current *ideal* clients (referrals.icp.is_ideal_client decides who).
- Ask fatigue: a client's people are asked at most `max_per_quarter` times (3 by
  default) in a rolling quarter (91 days), across all their people, so a happy client
  is not worn out; ranking down-weights a client as it nears the cap (`fatigue_factor`).
- Every ask ends in an outcome: made_intro, declined or no_answer. A made introduction
  is thanked within 2 days (`thank_you_due`).
- The referrer's record (asks, made, declined, no answer, accepted, won) feeds back
  into ranking. `made` comes from the ask outcome; accepted and won come later from
  the introduction (referrals.introductions.Outcome); each is counted once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from referrals.introductions import IntroStatus, Outcome, parse_status
from referrals.model import parse_choice

DEFAULT_MAX_PER_QUARTER = 3
QUARTER = timedelta(days=91)
THANK_YOU_WITHIN = timedelta(days=2)


class AskOutcome(StrEnum):
    MADE_INTRO = "made_intro"
    DECLINED = "declined"
    NO_ANSWER = "no_answer"


def parse_outcome(value: AskOutcome | str) -> AskOutcome:
    return parse_choice(AskOutcome, value, "outcome")


@dataclass(frozen=True, slots=True)
class ReferralAsk:
    """One ask: `account_manager_id` asked `referrer_id` (who works at client
    `client_company_id`) to introduce `target_id`. outcome is None while open."""

    id: str
    client_company_id: str
    referrer_id: str
    account_manager_id: str
    asked_at: datetime
    target_id: str | None = None
    introduction_id: str | None = None
    outcome: AskOutcome | None = None
    outcome_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.outcome is None


@dataclass(frozen=True, slots=True)
class FatigueVerdict:
    allowed: bool
    reason: str
    asks_in_quarter: int = 0
    max_per_quarter: int = DEFAULT_MAX_PER_QUARTER

    def __bool__(self) -> bool:
        return self.allowed


def ask_fatigue(
    asks_in_quarter_for_client: int, max_per_quarter: int = DEFAULT_MAX_PER_QUARTER
) -> FatigueVerdict:
    """Allowed while the client has been asked fewer than `max_per_quarter` times."""
    if asks_in_quarter_for_client < 0:
        raise ValueError("asks_in_quarter_for_client: must be >= 0")
    if max_per_quarter < 1:
        raise ValueError("max_per_quarter: must be at least 1")
    n = asks_in_quarter_for_client
    times = "time" if n == 1 else "times"
    if n >= max_per_quarter:
        return FatigueVerdict(
            False,
            f"this client has been asked {n} {times} this quarter (limit {max_per_quarter}); "
            "give them a rest and ask another ideal client",
            n,
            max_per_quarter,
        )
    left = max_per_quarter - n
    return FatigueVerdict(
        True,
        f"asked {n} {times} this quarter; {left} more allowed (limit {max_per_quarter})",
        n,
        max_per_quarter,
    )


def _as_date(x: date | datetime) -> date:
    return x.date() if isinstance(x, datetime) else x


def asks_in_quarter(asked_on: Iterable[date | datetime], today: date | datetime) -> int:
    """How many of the given ask dates fall in the rolling quarter ending today
    (the last 91 days, today included; future dates are ignored)."""
    end = _as_date(today)
    start = end - QUARTER + timedelta(days=1)
    return sum(1 for d in asked_on if start <= _as_date(d) <= end)


def fatigue_factor(asks_in_quarter_for_client: int, max_per_quarter: int = DEFAULT_MAX_PER_QUARTER) -> float:
    """Ranking multiplier in [0, 1]: 1 when not asked this quarter, falling linearly to
    0 at the cap (a client at the cap is not asked, so paths through it sink)."""
    if max_per_quarter < 1:
        raise ValueError("max_per_quarter: must be at least 1")
    n = max(0, asks_in_quarter_for_client)
    return max(0.0, 1.0 - n / max_per_quarter)


def thank_you_due(outcome: AskOutcome | str, at: datetime) -> datetime | None:
    """When a made introduction must be thanked by: within 2 days of `at` (when the
    outcome was recorded). None for declined / no_answer (nothing owed)."""
    if parse_outcome(outcome) is AskOutcome.MADE_INTRO:
        return at + THANK_YOU_WITHIN
    return None


def ask_outcome_for_transition(
    from_status: IntroStatus | str, to_status: IntroStatus | str
) -> AskOutcome | None:
    """The ask outcome an introduction move implies: accepted -> introduced is
    made_intro, asked -> declined and accepted -> declined (the prospect said no: double
    opt-in) are declined; None for every other move."""
    src, dst = parse_status(from_status), parse_status(to_status)
    if src is IntroStatus.ACCEPTED and dst is IntroStatus.INTRODUCED:
        return AskOutcome.MADE_INTRO
    if src in (IntroStatus.ASKED, IntroStatus.ACCEPTED) and dst is IntroStatus.DECLINED:
        return AskOutcome.DECLINED
    return None


@dataclass(frozen=True, slots=True)
class ReferrerRecord:
    """A referrer's track record. rates are None until there is something to divide."""

    asks: int = 0
    made: int = 0
    declined: int = 0
    no_answer: int = 0
    accepted: int = 0  # introductions the target accepted (a meeting was held)
    won: int = 0

    @property
    def made_rate(self) -> float | None:
        return self.made / self.asks if self.asks else None

    @property
    def accepted_rate(self) -> float | None:
        return self.accepted / self.made if self.made else None

    @property
    def win_rate(self) -> float | None:
        return self.won / self.made if self.made else None

    def to_dict(self) -> dict[str, int]:
        return {
            "asks": self.asks,
            "made": self.made,
            "declined": self.declined,
            "no_answer": self.no_answer,
            "accepted": self.accepted,
            "won": self.won,
        }


def record_ask_outcome(record: ReferrerRecord, outcome: AskOutcome | str) -> ReferrerRecord:
    """Count one finished ask: asks + 1 and made / declined / no_answer + 1."""
    o = parse_outcome(outcome)
    bumped = {
        AskOutcome.MADE_INTRO: "made",
        AskOutcome.DECLINED: "declined",
        AskOutcome.NO_ANSWER: "no_answer",
    }[o]
    return replace(record, asks=record.asks + 1, **{bumped: getattr(record, bumped) + 1})


def record_introduction_progress(record: ReferrerRecord, before: Outcome, after: Outcome) -> ReferrerRecord:
    """Count what an introduction newly achieved between two outcomes: accepted and
    won each go up once, when they turn true. `made` is not touched (the ask outcome
    counts it). Reopened items never count twice, because Outcome.from_history only
    grows."""
    return replace(
        record,
        accepted=record.accepted + int(after.accepted and not before.accepted),
        won=record.won + int(after.won and not before.won),
    )


def referrer_record_from_introductions(outcomes: Iterable[Outcome]) -> ReferrerRecord:
    """Build a record from past introductions alone (imports of history, where the asks
    themselves were not tracked): each introduction is one ask; made, accepted and won
    come from its Outcome, and an introduction that was never made counts as declined."""
    record = ReferrerRecord()
    for outcome in outcomes:
        record = record_ask_outcome(record, AskOutcome.MADE_INTRO if outcome.made else AskOutcome.DECLINED)
        record = record_introduction_progress(record, Outcome(), outcome)
    return record
