"""Team-draft interleaving of two rankings, per-query credit, and the win-share report
(pure: standard library only; used by the offline evaluation and the live find page).

Team-draft interleaving (Radlinski, Kurup and Joachims 2008): the two rankings take
turns like captains picking teams. The team with fewer picks so far picks next; on a
draw a coin decides. A captain picks its highest-ranked item not already shown. Each
shown item remembers the team that picked it, so a click (here: the path the rep
requests) is credited to that team. Over many queries, the ranking whose picks are
requested more often is the better one, and because each query's coin flips give both
rankings the top slot equally often, position bias cancels out.

Choices made here, so every caller gets the same behaviour:

- Items are compared by ``key(item)``; an item the other team already placed is
  skipped, so each appears once.
- When one ranking has nothing left to add, the other keeps picking until it runs out
  too (or ``limit`` is reached); those picks are its own. With two orders of the same
  candidate set (the usual case) both run out together.
- ``credit``: each team counts the distinct clicked positions it contributed; more
  clicks wins, equal counts (no click at all included) is a tie.
- ``report``: the share of ``a`` among the decisive (non-tie) queries with a Wilson
  score interval. With no decisive query the share is 0.5 and the interval [0, 1]:
  nothing is known yet.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any, TypeVar

__all__ = ["InterleavingReport", "credit", "report", "team_draft", "wilson_interval"]

T = TypeVar("T")

TEAMS = ("a", "b")
OUTCOMES = ("a", "b", "tie")


def _identity(x: Any) -> Any:
    return x


def team_draft(a: Sequence[T], b: Sequence[T], *, rng: random.Random, limit: int | None = None,
               key: Callable[[T], Hashable] = _identity) -> tuple[list[T], list[str]]:
    """Interleave rankings ``a`` and ``b`` (best first). Returns the interleaved list and,
    per position, ``"a"`` or ``"b"``: the team that contributed it."""
    if limit is not None and limit < 0:
        raise ValueError("limit must be >= 0")
    cap = len(a) + len(b) if limit is None else limit
    out: list[T] = []
    teams: list[str] = []
    seen: set[Hashable] = set()
    cursor = {"a": 0, "b": 0}
    picks = {"a": 0, "b": 0}
    lists = {"a": a, "b": b}

    def next_unseen(team: str) -> T | None:
        seq, i = lists[team], cursor[team]
        while i < len(seq) and key(seq[i]) in seen:
            i += 1
        cursor[team] = i
        return seq[i] if i < len(seq) else None

    while len(out) < cap:
        left = {t: next_unseen(t) for t in TEAMS}
        available = [t for t in TEAMS if cursor[t] < len(lists[t])]
        if not available:
            break
        if len(available) == 1:
            team = available[0]
        elif picks["a"] != picks["b"]:
            team = "a" if picks["a"] < picks["b"] else "b"
        else:
            team = "a" if rng.random() < 0.5 else "b"
        item = left[team]
        assert item is not None  # the team is available
        seen.add(key(item))
        out.append(item)
        teams.append(team)
        picks[team] += 1
        cursor[team] += 1
    return out, teams


def credit(teams: Sequence[str], clicked_positions: Iterable[int]) -> str:
    """``"a"``, ``"b"`` or ``"tie"`` for one query: the team whose contributed positions
    got more of the (distinct) clicks. A position outside ``teams`` is a ValueError."""
    counts = {"a": 0, "b": 0}
    for pos in set(clicked_positions):
        if not 0 <= pos < len(teams):
            raise ValueError(f"clicked position {pos} is outside the {len(teams)} shown")
        team = teams[pos]
        if team not in counts:
            raise ValueError(f"team {team!r} is neither 'a' nor 'b'")
        counts[team] += 1
    if counts["a"] == counts["b"]:
        return "tie"
    return "a" if counts["a"] > counts["b"] else "b"


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion; [0, 1] when n is 0."""
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    if n < 0 or not 0 <= successes <= n:
        raise ValueError("need 0 <= successes <= n")
    if n == 0:
        return 0.0, 1.0
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # at the ends the interval touches 0 or 1 exactly (floating point leaves ~1e-17)
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class InterleavingReport:
    a_wins: int
    b_wins: int
    ties: int
    a_share: float  # a_wins / (a_wins + b_wins); 0.5 with no decisive query
    ci_low: float
    ci_high: float

    @property
    def decisive(self) -> int:
        return self.a_wins + self.b_wins

    @property
    def queries(self) -> int:
        return self.a_wins + self.b_wins + self.ties

    @property
    def winner(self) -> str | None:
        """``"a"`` or ``"b"`` when the interval excludes 0.5, else None (no clear winner)."""
        if self.ci_low > 0.5:
            return "a"
        if self.ci_high < 0.5:
            return "b"
        return None

    def as_dict(self) -> dict[str, Any]:
        return {"a_wins": self.a_wins, "b_wins": self.b_wins, "ties": self.ties,
                "a_share": self.a_share, "ci_low": self.ci_low, "ci_high": self.ci_high,
                "winner": self.winner}


def report(outcomes: Iterable[str], confidence: float = 0.95) -> InterleavingReport:
    """Count per-query outcomes (``"a"``, ``"b"``, ``"tie"``) into wins, losses and ties and
    the share of ``a`` among the decisive ones with its Wilson interval."""
    counts = {"a": 0, "b": 0, "tie": 0}
    for o in outcomes:
        if o not in counts:
            raise ValueError(f"outcome {o!r} is not one of 'a', 'b', 'tie'")
        counts[o] += 1
    n = counts["a"] + counts["b"]
    low, high = wilson_interval(counts["a"], n, confidence)
    share = counts["a"] / n if n else 0.5
    return InterleavingReport(counts["a"], counts["b"], counts["tie"], share, low, high)
