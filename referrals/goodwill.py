"""The goodwill ledger: what we ask of a connector and what we give back (issue 9).

A connector is a person at a client who introduces us. Their goodwill is shared by every
rep and account manager, so the rules are per person, across the whole team:

- Ask budget and cooldown: at most `asks_per_window` asks (1 by default) to one person
  in `cooldown_days` (30). Past the budget the next ask is held back until
  `cooldown_until` (the day the oldest ask in the window leaves it).
- Merge: an ask to a person who already has an *open* ask (no outcome yet) from the
  last `merge_days` (7) is not sent again: it attaches to that first ask (two reps asking
  the same client person in the same week become one conversation). Merging comes before
  the budget check, so the second rep is told whose ask carries theirs.
- What we gave back: referrals sent their way, case studies, thanks, other favours; each
  entry has a kind and a weight (`GIVE_WEIGHTS`).
- `goodwill_balance` = sum of the weights of what we gave - the number of asks sent
  (merged asks are not sent, so they do not count). Positive: we have given more than we
  asked; negative: we owe them. The ranking may read it (graph/goodwill.py stores it on
  the Person node as `goodwill_balance`, with `ask_cooldown_until`).

Pure rules: no Flask, no neo4j.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from referrals.model import parse_choice

DEFAULT_ASKS_PER_WINDOW = 1
DEFAULT_COOLDOWN_DAYS = 30
DEFAULT_MERGE_DAYS = 7


class GiveKind(StrEnum):
    REFERRAL_SENT = "referral_sent"  # we sent business their way
    CASE_STUDY = "case_study"  # we featured them (publicity they asked for)
    THANKS = "thanks"  # a thank-you note or gift
    OTHER = "other"


#: How much each kind of give-back counts in the balance (an ask counts 1).
GIVE_WEIGHTS: dict[GiveKind, float] = {
    GiveKind.REFERRAL_SENT: 2.0,
    GiveKind.CASE_STUDY: 1.0,
    GiveKind.THANKS: 0.5,
    GiveKind.OTHER: 0.5,
}


def parse_give_kind(value: GiveKind | str) -> GiveKind:
    return parse_choice(GiveKind, value, "kind")


@dataclass(frozen=True, slots=True)
class GoodwillPolicy:
    asks_per_window: int = DEFAULT_ASKS_PER_WINDOW
    cooldown_days: int = DEFAULT_COOLDOWN_DAYS
    merge_days: int = DEFAULT_MERGE_DAYS

    def __post_init__(self) -> None:
        if self.asks_per_window < 1:
            raise ValueError("asks_per_window: must be at least 1")
        if self.cooldown_days < 0 or self.merge_days < 0:
            raise ValueError("cooldown_days / merge_days: must be >= 0")


DEFAULT_POLICY = GoodwillPolicy()


@dataclass(frozen=True, slots=True)
class PriorAsk:
    """An ask already sent to the person (merged asks are not listed: they were not sent)."""

    id: str
    asked_at: datetime
    is_open: bool
    asked_by: str | None = None


class AskDecision(StrEnum):
    SEND = "send"
    MERGE = "merge"
    COOLDOWN = "cooldown"


@dataclass(frozen=True, slots=True)
class AskVerdict:
    decision: AskDecision
    reason: str
    merge_into: str | None = None
    cooldown_until: date | None = None
    asks_in_window: int = 0

    @property
    def send(self) -> bool:
        return self.decision is AskDecision.SEND


def _day(x: date | datetime) -> date:
    return x.date() if isinstance(x, datetime) else x


def asks_in_window(prior: Iterable[PriorAsk], today: date, policy: GoodwillPolicy = DEFAULT_POLICY
                   ) -> list[PriorAsk]:
    """Asks in the cooldown window ending today (the last `cooldown_days` days, today
    included), oldest first."""
    start = today - timedelta(days=policy.cooldown_days - 1) if policy.cooldown_days else today + timedelta(1)
    return sorted((a for a in prior if start <= _day(a.asked_at) <= today), key=lambda a: a.asked_at)


def cooldown_until(prior: Iterable[PriorAsk], today: date, policy: GoodwillPolicy = DEFAULT_POLICY
                   ) -> date | None:
    """The first day the person may be asked again, or None when they may be asked today.
    With the budget used up, it is the day the oldest ask that counts leaves the window."""
    window = asks_in_window(prior, today, policy)
    if len(window) < policy.asks_per_window:
        return None
    blocking = window[len(window) - policy.asks_per_window]
    return _day(blocking.asked_at) + timedelta(days=policy.cooldown_days)


def decide_ask(prior: Iterable[PriorAsk], now: datetime, policy: GoodwillPolicy = DEFAULT_POLICY
               ) -> AskVerdict:
    """Send, merge into an open ask of the last `merge_days`, or hold back (cooldown)."""
    prior = list(prior)
    today = _day(now)
    merge_from = now - timedelta(days=policy.merge_days)
    open_recent = sorted((a for a in prior if a.is_open and merge_from <= a.asked_at <= now),
                         key=lambda a: a.asked_at)
    window = asks_in_window(prior, today, policy)
    if policy.merge_days and open_recent:
        first = open_recent[0]
        who = f" by {first.asked_by}" if first.asked_by else ""
        return AskVerdict(AskDecision.MERGE,
                          f"this person was already asked{who} on {_day(first.asked_at).isoformat()} and "
                          "has not answered yet: your ask is added to that conversation instead of "
                          "sending another", merge_into=first.id, asks_in_window=len(window))
    until = cooldown_until(prior, today, policy)
    if until is not None:
        n = len(window)
        return AskVerdict(AskDecision.COOLDOWN,
                          f"this person was asked {n} time{'s' if n != 1 else ''} in the last "
                          f"{policy.cooldown_days} days (limit {policy.asks_per_window}, shared by the "
                          f"whole team); let them rest until {until.isoformat()}",
                          cooldown_until=until, asks_in_window=n)
    return AskVerdict(AskDecision.SEND, "this person can be asked", asks_in_window=len(window))


@dataclass(frozen=True, slots=True)
class GiveBack:
    kind: GiveKind
    at: datetime
    note: str | None = None

    @property
    def weight(self) -> float:
        return GIVE_WEIGHTS[self.kind]


def goodwill_balance(gave: Iterable[GiveBack | GiveKind | str], asks_sent: int) -> float:
    """Sum of the give-back weights minus the asks sent (merged asks excluded)."""
    if asks_sent < 0:
        raise ValueError("asks_sent: must be >= 0")
    total = 0.0
    for g in gave:
        kind = g.kind if isinstance(g, GiveBack) else parse_give_kind(g)
        total += GIVE_WEIGHTS[kind]
    return round(total - asks_sent, 3)
