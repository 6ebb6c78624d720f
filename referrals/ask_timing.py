"""Ask timing: signals that make now a good moment to ask a client for referrals (issue 9).

Stored on the client Company (graph/ask_timing.py): `renewal_on` (date of the next
renewal), `satisfaction` (0..1, e.g. a normalised NPS / CSAT), `last_win_on` (date of a
recent success the client had with us). Each signal that holds adds a boost; the
multiplier is 1 + the sum of boosts, capped at `MAX_MULTIPLIER`:

| signal | holds when | boost |
| --- | --- | --- |
| renewal coming | renewal_on is today or within the next 60 days (just renewed: up to 14 days ago) | +0.15 |
| high satisfaction | satisfaction >= 0.8 | +0.15 |
| recent win | last_win_on within the last 45 days | +0.10 |

So the best moment (all three) multiplies a client's referral opportunities by 1.4. A
multiplier never lowers a score (an unknown signal is simply not a boost), and it is the
same for every opportunity of the client, so it changes the order between clients, not
within one client's list. Each boost gives a reason for the explanation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

RENEWAL_AHEAD = timedelta(days=60)
RENEWAL_BEHIND = timedelta(days=14)
HIGH_SATISFACTION = 0.8
RECENT_WIN = timedelta(days=45)
BOOSTS = {"renewal": 0.15, "satisfaction": 0.15, "recent_win": 0.10}
MAX_MULTIPLIER = 1.5


@dataclass(frozen=True, slots=True)
class TimingSignals:
    renewal_on: date | None = None
    satisfaction: float | None = None
    last_win_on: date | None = None

    def __post_init__(self) -> None:
        if self.satisfaction is not None and not 0 <= self.satisfaction <= 1:
            raise ValueError("satisfaction: must be between 0 and 1")


@dataclass(frozen=True, slots=True)
class TimingVerdict:
    multiplier: float = 1.0
    reasons: list[str] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)

    @property
    def good_moment(self) -> bool:
        return self.multiplier > 1.0

    def to_dict(self) -> dict[str, object]:
        return {"multiplier": self.multiplier, "good_moment": self.good_moment,
                "signals": list(self.signals), "reasons": list(self.reasons)}


def ask_timing(signals: TimingSignals, today: date) -> TimingVerdict:
    boost = 0.0
    reasons: list[str] = []
    names: list[str] = []
    if signals.renewal_on is not None and (
            today - RENEWAL_BEHIND <= signals.renewal_on <= today + RENEWAL_AHEAD):
        days = (signals.renewal_on - today).days
        when = (f"renews in {days} days" if days > 0 else "renews today" if days == 0
                else f"renewed {-days} days ago")
        reasons.append(f"{when} ({signals.renewal_on.isoformat()})")
        names.append("renewal")
        boost += BOOSTS["renewal"]
    if signals.satisfaction is not None and signals.satisfaction >= HIGH_SATISFACTION:
        reasons.append(f"satisfaction {round(signals.satisfaction * 100)}%")
        names.append("satisfaction")
        boost += BOOSTS["satisfaction"]
    if signals.last_win_on is not None and today - RECENT_WIN <= signals.last_win_on <= today:
        reasons.append(f"a win with us {(today - signals.last_win_on).days} days ago")
        names.append("recent_win")
        boost += BOOSTS["recent_win"]
    return TimingVerdict(round(min(1.0 + boost, MAX_MULTIPLIER), 3), reasons, names)


def timing_sentence(verdict: TimingVerdict) -> str | None:
    """One line for the explanation, or None when nothing makes it a good moment."""
    if not verdict.good_moment:
        return None
    return f"Good moment to ask (x{verdict.multiplier:.2f}): " + "; ".join(verdict.reasons) + "."
