"""The pure market-reach rules (referrals/market_reach.py)."""

from __future__ import annotations

import math

import pytest

from referrals.market_reach import MarketReach, ask_first_factor, market_reach, reach_reason
from referrals.weekly import AskCandidate, rank_week, reasons_for


def test_reach_is_a_strength_weighted_count():
    assert market_reach([]) == MarketReach(0.0, 0)
    assert market_reach([0.5, 1.0, None, 1.7, -1.0]) == MarketReach(2.5, 5)


def test_the_factor_is_neutral_without_reach_and_grows_ever_more_slowly():
    assert ask_first_factor(None) == ask_first_factor(0.0) == ask_first_factor(float("nan")) == 1.0
    assert ask_first_factor(1.0) == pytest.approx(1 + math.log(2))
    steps = [ask_first_factor(r) for r in (1, 2, 3, 4, 5)]
    assert steps == sorted(steps)
    gains = [b - a for a, b in zip(steps, steps[1:], strict=False)]
    assert all(g > 0 for g in gains) and gains == sorted(gains, reverse=True)  # each person adds less
    assert ask_first_factor(2.0, weight=0.0) == 1.0


def test_the_words():
    assert reach_reason(None) is None and reach_reason(0) is None
    assert reach_reason(1) == "knows 1 person at ideal-fit prospects"
    assert reach_reason(12) == "knows 12 people at ideal-fit prospects"


def test_the_weekly_row_says_it():
    c = AskCandidate("c", "Acme", "p", "t", 1.0, referrer_name="Ann", referrer_reach_people=12)
    assert "Ann knows 12 people at ideal-fit prospects" in reasons_for(c)
    assert not any("ideal-fit prospects" in r for r in reasons_for(AskCandidate("c", "Acme", "p", "t", 1.0)))
    assert rank_week([c]).asks[0].reasons == reasons_for(c)
