"""The account manager's weekly ask list (issue #17): across the clients they own, the best
(client person, prospect) asks this week, each with why now.

Ask timing (referrals/ask_timing.py) multiplies every opportunity of one client by the same
factor, so inside one client's list it changes nothing; across clients it is what decides
whom to ask this week. An opportunity's score (graph/opportunities.py) already holds the
client's fit and health, ask fatigue, the referrer's goodwill and record, the prospect's fit
and the path; the weekly score is that score without its timing term (`base_score`), times
the client's timing multiplier now:

    weekly_score = base_score * timing multiplier * (MERGE_FACTOR when the person was
                   already asked this week by a colleague: the ask joins that conversation)

Whom to ask first: `base_score` already holds the client person's reach into the
ideal-prospect market (`1 + ln(1 + reach)`, referrals/market_reach.py, applied with the
opportunity's score in graph/opportunities.py), so of two client people alike in all else
the one who knows more people at ideal-fit prospects is asked first; the row says so
("knows 12 people at ideal-fit prospects", `referrer_reach_people`).

What is not asked this week, and why (`held`):
- the client is at its quarterly ask limit (`asks_this_quarter >= max_per_quarter`);
- the person is resting (goodwill cooldown, referrals/goodwill.py).

What keeps the week sane (the order above decides who wins):
- one ask per person (a client's person hears about one prospect a week);
- one ask per prospect (the best client to ask for them);
- a client gets at most `per_client` asks, and never more than it has left this quarter.

Pure: the use case (services/weekly_asks.py) gathers the candidates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from referrals.ask_timing import TimingVerdict
from referrals.market_reach import reach_reason

MERGE_FACTOR = 0.5  # already asked this week: worth half a fresh ask
DEFAULT_LIMIT = 20
DEFAULT_PER_CLIENT = 2
IDEAL = 0.7  # fit and health read as strong from here (the pages' IDEAL_FIT)


@dataclass(frozen=True, slots=True)
class AskCandidate:
    """One opportunity of one client, with what the week's ranking reads."""

    client_id: str
    client_name: str
    referrer_id: str
    target_id: str
    base_score: float  # the opportunity's score without the timing term
    timing: TimingVerdict = field(default_factory=TimingVerdict)
    client_fit: float | None = None
    client_health: float | None = None
    asks_this_quarter: int = 0
    max_per_quarter: int = 3
    decision: str = "send"  # goodwill: send | merge | cooldown
    cooldown_until: date | None = None
    asked_by: str | None = None  # who asked them this week (a merge)
    balance: float | None = None  # goodwill balance: > 0 we gave more than we asked
    target_fit: float | None = None
    via: str | None = None  # the connector's name on a two-step path, else None
    referrer_name: str = ""
    target_name: str = ""
    referrer_reach_people: int | None = None  # people at ideal-fit prospects they know
    payload: object = None  # what the use case shows with the row (never read here)


@dataclass(frozen=True, slots=True)
class RankedAsk:
    candidate: AskCandidate
    weekly_score: float
    why_now: str
    reasons: list[str]


@dataclass(frozen=True, slots=True)
class HeldAsk:
    candidate: AskCandidate
    reason: str


@dataclass(frozen=True, slots=True)
class WeeklyPlan:
    asks: list[RankedAsk]
    held: list[HeldAsk]


def weekly_score(candidate: AskCandidate) -> float:
    factor = MERGE_FACTOR if candidate.decision == "merge" else 1.0
    return round(candidate.base_score * candidate.timing.multiplier * factor, 6)


def hold_reason(candidate: AskCandidate) -> str | None:
    """Why this ask waits (None: it can go this week)."""
    if candidate.asks_this_quarter >= candidate.max_per_quarter:
        return (f"{candidate.client_name} was asked {candidate.asks_this_quarter} times this quarter "
                f"(the limit is {candidate.max_per_quarter}); let it rest")
    if candidate.decision == "cooldown":
        until = candidate.cooldown_until.isoformat() if candidate.cooldown_until else "later"
        return f"{candidate.referrer_name or 'This person'} rests until {until} (asked enough lately)"
    return None


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def reasons_for(candidate: AskCandidate) -> list[str]:
    """Each thing that makes this ask good now, in plain words; timing first."""
    out = list(candidate.timing.reasons)
    if candidate.client_health is not None and candidate.client_health >= IDEAL:
        out.append(f"happy client (health {_pct(candidate.client_health)})")
    if candidate.client_fit is not None and candidate.client_fit >= IDEAL:
        out.append(f"ideal-fit client ({_pct(candidate.client_fit)})")
    reach = reach_reason(candidate.referrer_reach_people)
    if reach:
        out.append(f"{candidate.referrer_name or 'This person'} {reach}")
    left = candidate.max_per_quarter - candidate.asks_this_quarter
    out.append(f"{left} of {candidate.max_per_quarter} asks left this quarter")
    if candidate.decision == "merge":
        out.append(f"already asked this week by {candidate.asked_by or 'a colleague'}: this joins "
                   "that conversation")
    elif candidate.balance is not None and candidate.balance > 0:
        out.append(f"we gave them more than we asked (goodwill {candidate.balance:+g})")
    elif candidate.balance is not None and candidate.balance < 0:
        out.append(f"we owe them (goodwill {candidate.balance:+g}): give something back soon")
    if candidate.target_fit is not None and candidate.target_fit >= IDEAL:
        out.append(f"ideal-fit prospect ({_pct(candidate.target_fit)})")
    out.append(f"knows them through {candidate.via}" if candidate.via else "knows them directly")
    return out


def why_now(candidate: AskCandidate) -> str:
    """The one sentence a row leads with."""
    if candidate.timing.good_moment:
        return f"Good moment at {candidate.client_name}: " + "; ".join(candidate.timing.reasons) + "."
    return (f"No timing signal at {candidate.client_name}: ranked on fit, goodwill and the path "
            f"(x{candidate.timing.multiplier:.2f}).")


def rank_week(candidates: Iterable[AskCandidate], *, limit: int = DEFAULT_LIMIT,
              per_client: int = DEFAULT_PER_CLIENT) -> WeeklyPlan:
    """The week's asks, best first (see the module doc), and the ones held with why.

    Ties are broken by client, referrer and target id, so the list is the same every time
    for the same input."""
    if limit < 1:
        raise ValueError("limit: must be at least 1")
    if per_client < 1:
        raise ValueError("per_client: must be at least 1")
    ordered = sorted(candidates, key=lambda c: (-weekly_score(c), c.client_id, c.referrer_id, c.target_id))
    asks: list[RankedAsk] = []
    held: list[HeldAsk] = []
    seen_referrers: set[str] = set()
    seen_targets: set[str] = set()
    per: dict[str, int] = {}
    for candidate in ordered:
        reason = hold_reason(candidate)
        if reason is not None:
            held.append(HeldAsk(candidate, reason))
            continue
        if len(asks) >= limit or candidate.referrer_id in seen_referrers or \
                candidate.target_id in seen_targets:
            continue
        room = min(per_client, candidate.max_per_quarter - candidate.asks_this_quarter)
        if per.get(candidate.client_id, 0) >= room:
            continue
        per[candidate.client_id] = per.get(candidate.client_id, 0) + 1
        seen_referrers.add(candidate.referrer_id)
        seen_targets.add(candidate.target_id)
        asks.append(RankedAsk(candidate, weekly_score(candidate), why_now(candidate),
                              reasons_for(candidate)))
    return WeeklyPlan(asks, _one_per_person(held))


def _one_per_person(held: list[HeldAsk]) -> list[HeldAsk]:
    """The held asks, one line per client limit and per resting person."""
    out, seen = [], set()
    for item in held:
        key = item.reason
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
