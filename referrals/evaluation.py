"""Ranking-quality metrics for the offline evaluation (pure: standard library only).

A *ranking* is a list of relevances in the order a ranker put the candidates, best
first. Relevance is graded (a path's true chance of success, 0..1) or binary (did this
path succeed in one simulated draw: 0 or 1).

- ``hit_at_k``: 1.0 when at least one of the first ``k`` items is relevant (> 0).
- ``dcg_at_k``: ``sum(rel_i / log2(i + 2))`` over the first ``k`` (i from 0).
- ``ndcg_at_k``: DCG of the ranking over the DCG of the best possible order of the same
  relevances; 1.0 is a perfect order. A list with no relevance at all has no ideal
  order to compare with: ``None`` (callers leave such queries out).
- ``paired_bootstrap``: the mean per-query difference between two rankers and its
  percentile bootstrap interval (queries resampled with replacement, both rankers'
  values of a query kept together).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence

__all__ = ["dcg_at_k", "hit_at_k", "mean", "ndcg_at_k", "paired_bootstrap"]


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


def paired_bootstrap(a: Sequence[float], b: Sequence[float], *, rng: random.Random, resamples: int = 2000,
                     confidence: float = 0.95) -> tuple[float, float, float]:
    """``(mean(a - b), low, high)``: the percentile bootstrap interval of the mean paired
    difference, resampling the pairs ``resamples`` times."""
    if len(a) != len(b):
        raise ValueError("a and b need one value per query each")
    if not a:
        raise ValueError("no pairs to compare")
    if resamples < 1 or not 0 < confidence < 1:
        raise ValueError("need resamples >= 1 and 0 < confidence < 1")
    diffs = [x - y for x, y in zip(a, b, strict=True)]
    n = len(diffs)
    means = sorted(sum(rng.choices(diffs, k=n)) / n for _ in range(resamples))
    tail = (1 - confidence) / 2
    low = means[min(resamples - 1, int(math.floor(tail * resamples)))]
    high = means[min(resamples - 1, int(math.ceil((1 - tail) * resamples)) - 1)]
    return sum(diffs) / n, low, high
