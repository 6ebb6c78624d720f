"""Ranking-quality metrics for the offline evaluation (pure: standard library only).

A *ranking* is a list of relevances in the order a ranker put the candidates, best
first. Relevance is graded (a path's true chance of success, 0..1) or binary (did this
path succeed in one simulated draw: 0 or 1).

- ``hit_at_k``: 1.0 when at least one of the first ``k`` items is relevant (> 0).
- ``dcg_at_k``: ``sum(rel_i / log2(i + 2))`` over the first ``k`` (i from 0).
- ``ndcg_at_k``: DCG of the ranking over the DCG of the best possible order of the same
  relevances; 1.0 is a perfect order. A list with no relevance at all has no ideal
  order to compare with: ``None`` (callers leave such queries out).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

__all__ = ["dcg_at_k", "hit_at_k", "mean", "ndcg_at_k"]


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError("k must be >= 1")


def hit_at_k(ranked: Sequence[float], k: int) -> float:
    _check_k(k)
    return 1.0 if any(r > 0 for r in ranked[:k]) else 0.0


def dcg_at_k(ranked: Sequence[float], k: int) -> float:
    _check_k(k)
    return sum(r / math.log2(i + 2) for i, r in enumerate(ranked[:k]))


def ndcg_at_k(ranked: Sequence[float], k: int) -> float | None:
    ideal = dcg_at_k(sorted(ranked, reverse=True), k)
    if ideal <= 0:
        return None
    return dcg_at_k(ranked, k) / ideal


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None if there are none."""
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None
