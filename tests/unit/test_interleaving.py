"""Team-draft interleaving, per-query credit and the Wilson report (pure, no server)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from referrals.interleaving import InterleavingReport, credit, report, team_draft, wilson_interval


def test_identical_rankings_interleave_to_the_same_order():
    a = ["p1", "p2", "p3", "p4"]
    for seed in range(20):
        out, teams = team_draft(a, list(a), rng=random.Random(seed))
        assert out == a
        assert sorted(teams) == ["a", "a", "b", "b"]  # picks alternate in pairs


def test_each_team_picks_its_best_unshown_item_and_picks_stay_balanced():
    a = [1, 2, 3, 4, 5]
    b = [5, 4, 3, 2, 1]
    for seed in range(50):
        out, teams = team_draft(a, b, rng=random.Random(seed))
        assert sorted(out) == [1, 2, 3, 4, 5]
        assert len(set(out)) == 5
        # every pick is the picking team's highest-ranked item not shown before it
        for i, (item, team) in enumerate(zip(out, teams, strict=True)):
            ranking = a if team == "a" else b
            assert item == next(x for x in ranking if x not in out[:i])
        # after each pair of picks, each team has the same number
        for n in range(2, len(teams) + 1, 2):
            c = Counter(teams[:n])
            assert c["a"] == c["b"]


def test_first_pick_is_a_fair_coin():
    first = Counter(team_draft([1, 2], [2, 1], rng=random.Random(s))[1][0] for s in range(2000))
    assert 900 < first["a"] < 1100


def test_known_sequence_for_a_fixed_rng():
    class Coin(random.Random):
        def __init__(self, flips):
            super().__init__(0)
            self.flips = list(flips)

        def random(self):
            return self.flips.pop(0)

    # pair 1: coin < 0.5 -> a first (1), then b (its best unshown: 9)
    # pair 2: coin >= 0.5 -> b first (8), then a (2)
    out, teams = team_draft([1, 2, 3], [9, 8, 1], rng=Coin([0.1, 0.9]))
    assert out == [1, 9, 8, 2, 3]
    assert teams == ["a", "b", "b", "a", "a"]  # b ran out (1 was shown); a adds the rest


def test_limit_key_and_empty_inputs():
    out, teams = team_draft(list(range(10)), list(range(10)), rng=random.Random(1), limit=3)
    assert out == [0, 1, 2] and len(teams) == 3
    assert team_draft([], [], rng=random.Random(1)) == ([], [])
    assert team_draft([1, 2], [], rng=random.Random(1)) == ([1, 2], ["a", "a"])
    assert team_draft([1, 2], [2, 1], rng=random.Random(1), limit=0) == ([], [])
    # equal by key: 'x1' and 'X1' are the same item, shown once
    out, _ = team_draft(["x1", "x2"], ["X1", "X2"], rng=random.Random(3), key=str.lower)
    assert [s.lower() for s in out] == ["x1", "x2"]
    with pytest.raises(ValueError):
        team_draft([1], [1], rng=random.Random(1), limit=-1)


def test_credit():
    teams = ["a", "b", "a", "b"]
    assert credit(teams, []) == "tie"
    assert credit(teams, [0]) == "a"
    assert credit(teams, [3]) == "b"
    assert credit(teams, [0, 1]) == "tie"
    assert credit(teams, [0, 2, 1]) == "a"
    assert credit(teams, [1, 1, 1, 0, 2]) == "a"  # a position counts once
    with pytest.raises(ValueError):
        credit(teams, [4])
    with pytest.raises(ValueError):
        credit(teams, [-1])


def test_wilson_interval_by_hand():
    # 8 of 10 at 95% (z = 1.959964): centre 0.7167, half-width 0.2265 -> [0.4902, 0.9433]
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)
    assert wilson_interval(0, 0) == (0.0, 1.0)
    low90, high90 = wilson_interval(8, 10, 0.90)
    assert low90 > low and high90 < high  # a lower confidence gives a narrower interval
    low, high = wilson_interval(0, 20)
    assert low == 0.0 and 0.16 < high < 0.17  # 0.1611
    assert wilson_interval(20, 20)[1] == 1.0
    with pytest.raises(ValueError):
        wilson_interval(5, 4)
    with pytest.raises(ValueError):
        wilson_interval(1, 2, 1.0)


def test_report_counts_and_share():
    r = report(["a"] * 60 + ["b"] * 40 + ["tie"] * 25)
    assert (r.a_wins, r.b_wins, r.ties) == (60, 40, 25)
    assert r.a_share == pytest.approx(0.6)
    assert r.ci_low == pytest.approx(wilson_interval(60, 100)[0])
    assert r.ci_low < 0.6 < r.ci_high
    assert r.decisive == 100 and r.queries == 125
    assert r.ci_low == pytest.approx(0.5020, abs=1e-4) and r.winner == "a"  # just clear of 0.5
    assert report(["a"] * 55 + ["b"] * 45).winner is None  # [0.452, 0.644]
    strong = report(["b"] * 80 + ["a"] * 20)
    assert strong.winner == "b" and strong.ci_high < 0.5
    empty = report([])
    assert empty == InterleavingReport(0, 0, 0, 0.5, 0.0, 1.0)
    assert empty.winner is None
    assert report(["tie", "tie"]).a_share == 0.5
    with pytest.raises(ValueError):
        report(["a", "draw"])


def test_interleaving_finds_the_better_ranking():
    """A simulated user who clicks the truly best shown item (with position bias) credits
    the ranking that puts good items first."""
    rng = random.Random(7)
    outcomes = []
    for _ in range(400):
        items = list(range(10))  # item i has quality 10 - i
        good = sorted(items)
        noisy = sorted(items, key=lambda i: i + rng.gauss(0, 4))
        shown, teams = team_draft(noisy, good, rng=rng, limit=10)
        weights = [2.0 ** (10 - it) / (pos + 1) for pos, it in enumerate(shown)]
        pos = rng.choices(range(len(shown)), weights=weights)[0]
        outcomes.append(credit(teams, [pos]))
    r = report(outcomes)
    assert r.winner == "b"
    assert r.a_share < 0.45
