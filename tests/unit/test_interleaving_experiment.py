"""The find page's interleaving experiment, its pure parts (services/interleaving.py): the
seed per (user, target, day), the impression id, the runner-up kept true of the
interleaved list, and the verdict. No server."""

from __future__ import annotations

import random
from datetime import date

from referrals.interleaving import team_draft
from referrals.scoring import ScoredPath
from search.paths import PathQuery, PathResult, RunnerUp
from services import interleaving


def _path(*nodes: str, score: float = 0.5) -> ScoredPath:
    roles = ["source"] + ["connector"] * (len(nodes) - 3) + ["referrer", "target"]
    return ScoredPath(score, {}, "", roles, tuple(nodes), tuple(0.5 for _ in nodes[1:]))


def test_the_draw_is_the_same_for_a_user_target_and_day_and_differs_otherwise():
    day = date(2026, 12, 2)
    assert interleaving.seed("u-1", "p-t", day) == interleaving.seed("u-1", "p-t", day)
    others = {interleaving.seed("u-2", "p-t", day), interleaving.seed("u-1", "p-u", day),
              interleaving.seed("u-1", "p-t", date(2026, 12, 3))}
    assert interleaving.seed("u-1", "p-t", day) not in others and len(others) == 3
    a, b = list("abcdefgh"), list("hgfedcba")
    first = team_draft(a, b, rng=random.Random(interleaving.seed("u-1", "p-t", day)))
    assert team_draft(a, b, rng=random.Random(interleaving.seed("u-1", "p-t", day))) == first
    # over many users the first pick is a fair coin (position bias cancels out)
    firsts = [team_draft(a, b, rng=random.Random(interleaving.seed(f"u-{i}", "p-t", day)))[1][0]
              for i in range(1000)]
    assert 430 < firsts.count("a") < 570


def test_the_impression_id_is_what_was_shown():
    query = PathQuery(target="p-t", source="p-rep", max_hops=3, limit=10, today=date(2026, 12, 2))
    one = interleaving.impression_id("u-1", query, ["p-rep,p-x,p-t", "p-rep,p-y,p-t"], ["a", "b"])
    assert one.startswith("il-") and len(one) == 35
    assert one == interleaving.impression_id("u-1", query, ["p-rep,p-x,p-t", "p-rep,p-y,p-t"], ["a", "b"])
    assert one != interleaving.impression_id("u-1", query, ["p-rep,p-x,p-t", "p-rep,p-y,p-t"], ["b", "a"])
    assert one != interleaving.impression_id("u-2", query, ["p-rep,p-x,p-t", "p-rep,p-y,p-t"], ["a", "b"])


def test_the_runner_up_is_renumbered_to_the_interleaved_list_or_dropped():
    x, y, z, w = (_path("p-rep", r, "p-t") for r in ("p-x", "p-y", "p-z", "p-w"))
    # learned showed [x, y] and z lost to y (#2); hand showed [z, w] and x lost to w (#2)
    learned = PathResult([x, y], {}, runner_up=RunnerUp(z, "rank", y, 2))
    hand = PathResult([z, w], {}, runner_up=RunnerUp(x, "rank", w, 2))
    # shown [y, z, x, w]: z is shown, so the learned runner-up no longer holds; x too
    assert interleaving._runner_up([y, z, x, w], (learned, hand)) is None
    # shown [x, y]: the learned runner-up z still lost to y, now at #2
    result, found = interleaving._runner_up([y, x], (learned, hand))
    assert result is learned and found.path is z and found.winner is y and found.winner_rank == 1
    # a winner not shown cannot be named: the next ranking's runner-up is tried
    learned = PathResult([x], {}, runner_up=RunnerUp(z, "rank", w, 3))
    hand = PathResult([w], {}, runner_up=RunnerUp(y, "rank", x, 1))
    result, found = interleaving._runner_up([x], (learned, hand))
    assert result is hand and found.path is y and found.winner_rank == 1


def _report(**kw):
    base = {"impressions": 40, "a_wins": 0, "b_wins": 0, "ties": 0, "learned_share": 0.5, "ci_low": 0.0,
            "ci_high": 1.0, "winner": None, "confidence": 0.95}
    return {**base, **kw}


def test_the_verdict_says_who_wins_by_how_much_and_how_sure():
    assert interleaving.verdict(_report(impressions=0)).startswith("No interleaved list shown yet")
    assert "none decided yet" in interleaving.verdict(_report(ties=3))
    won = interleaving.verdict(_report(a_wins=10, b_wins=30, learned_share=0.75, ci_low=0.6,
                                       ci_high=0.86, winner="learned"))
    assert won == "The learned ranking wins: 75% of 40 decided lists against 25% (95% CI 60%-86%)."
    lost = interleaving.verdict(_report(a_wins=30, b_wins=10, learned_share=0.25, ci_low=0.14,
                                        ci_high=0.4, winner="hand_set"))
    assert lost.startswith("The hand-set ranking wins: 75% of 40 decided lists against 25%")
    unsure = interleaving.verdict(_report(a_wins=1, b_wins=2, learned_share=0.67, ci_low=0.2, ci_high=0.9))
    assert unsure.startswith("No clear winner yet: the learned ranking has 67% of 3 decided lists")
