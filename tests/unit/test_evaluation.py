"""Ranking metrics, checked against hand-computed values."""

from __future__ import annotations

import math

import pytest

from referrals.evaluation import dcg_at_k, hit_at_k, mean, ndcg_at_k


def test_hit_at_k():
    ranked = [0, 0, 1, 0]
    assert hit_at_k(ranked, 1) == 0.0
    assert hit_at_k(ranked, 2) == 0.0
    assert hit_at_k(ranked, 3) == 1.0
    assert hit_at_k(ranked, 10) == 1.0  # k beyond the list is fine
    assert hit_at_k([0.2], 1) == 1.0  # graded: any positive counts
    assert hit_at_k([], 5) == 0.0
    with pytest.raises(ValueError):
        hit_at_k([1], 0)


def test_dcg_by_hand():
    # 3/log2(2) + 2/log2(3) + 0 + 1/log2(5) = 3 + 1.261860 + 0.430677
    assert dcg_at_k([3, 2, 0, 1], 4) == pytest.approx(3 + 2 / math.log2(3) + 1 / math.log2(5))
    assert dcg_at_k([3, 2, 0, 1], 4) == pytest.approx(4.692536, abs=1e-6)
    assert dcg_at_k([3, 2, 0, 1], 2) == pytest.approx(4.261860, abs=1e-6)


def test_ndcg_by_hand():
    # ideal order [3, 2, 1, 0]: 3 + 1.261860 + 0.5 = 4.761860
    assert ndcg_at_k([3, 2, 0, 1], 4) == pytest.approx(4.692536 / 4.761860, abs=1e-6)
    assert ndcg_at_k([3, 2, 1, 0], 4) == 1.0
    # worst order of [1, 0]: 0 + 1/log2(3) = 0.630930 of the ideal 1
    assert ndcg_at_k([0, 1], 10) == pytest.approx(0.630930, abs=1e-6)
    # graded probabilities, cut at k = 2: (0.1 + 0.5/log2 3) / (0.5 + 0.4/log2 3)
    assert ndcg_at_k([0.1, 0.5, 0.4], 2) == pytest.approx(
        (0.1 + 0.5 / math.log2(3)) / (0.5 + 0.4 / math.log2(3)))
    assert ndcg_at_k([0, 0, 0], 10) is None


def test_mean_skips_none():
    assert mean([1.0, None, 0.0]) == 0.5
    assert mean([None]) is None
