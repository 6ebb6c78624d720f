"""Reach into the ideal-prospect market: whom among a client's people to ask first.

Doctrine (seed 004, docs/process.md): ask happy ideal clients for referrals; among their
people, ask first those who know the market we want. The offline evaluation
(docs/ranking.md, "Whom to ask first") found that a global centrality (PageRank,
betweenness) changes nothing measurable in that order, while how many ideal-fit prospect
people someone knows moves it a lot; so this, not centrality, is the factor.

- ``market_reach``: a person's reach is the strength-weighted count of the people they
  know (one hop) who work at an ideal-fit prospect company (ICP score >= the profile's
  ideal threshold), not do-not-contact, not our reps: ``Σ strength`` (each tie's strength
  in 0..1, so a strong tie counts as one person and a faint one as a fraction).
  graph/market_reach.py stores it on each client person in the centrality batch.
- ``ask_first_factor``: the multiplier on the score of asking that person:
  ``1 + REACH_WEIGHT · ln(1 + reach)``. Never below 1 (someone who knows no ideal
  prospect is asked on their other merits; an unknown reach is neutral), growing with
  each further contact but ever more slowly, so a hub does not drown the path and the
  client's fit and health.
- ``reach_reason``: the words a row says it in ("knows 12 people at ideal-fit prospects").

Pure: no database, used by the service (graph/opportunities.py, referrals/weekly.py) and
by the evaluation (seed/evaluation.py) alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

REACH_WEIGHT = 1.0  # docs/ranking.md "Whom to ask first": 0.25 / 0.5 / 1 / 2 tried, figures there


@dataclass(frozen=True, slots=True)
class MarketReach:
    """One person's stored reach: the weighted count and how many people it counts."""

    reach: float = 0.0
    people: int = 0


def market_reach(strengths: Iterable[float | None]) -> MarketReach:
    """The reach of someone whose ties to ideal-fit prospect people have these strengths
    (one per person; a missing strength counts as 0, a value is clamped to 0..1)."""
    total = 0.0
    people = 0
    for s in strengths:
        people += 1
        if s is not None and math.isfinite(s):
            total += min(1.0, max(0.0, s))
    return MarketReach(round(total, 4), people)


def ask_first_factor(reach: float | None, weight: float = REACH_WEIGHT) -> float:
    """The multiplier for asking a person with this reach (None: not computed, neutral)."""
    if reach is None or not math.isfinite(reach) or reach <= 0:
        return 1.0
    return round(1.0 + weight * math.log1p(reach), 6)


def reach_reason(people: int | None) -> str | None:
    """The why, in words (None when they know no one there, or it is not computed)."""
    if not people:
        return None
    return f"knows {people} {'person' if people == 1 else 'people'} at ideal-fit prospects"
