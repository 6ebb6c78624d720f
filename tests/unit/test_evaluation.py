"""Ranking metrics checked against hand-computed values, and the independent evaluation world."""

from __future__ import annotations

import math
import random
import statistics

import pytest

from referrals.evaluation import dcg_at_k, hit_at_k, mean, ndcg_at_k, paired_bootstrap


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


def test_paired_bootstrap():
    rng = random.Random(1)
    # a constant difference has a zero-width interval
    assert paired_bootstrap([0.5, 0.7, 0.9], [0.4, 0.6, 0.8], rng=rng) == pytest.approx((0.1, 0.1, 0.1))
    a = [rng.random() for _ in range(300)]
    b = [x - 0.05 + rng.gauss(0, 0.1) for x in a]
    d, low, high = paired_bootstrap(a, b, rng=random.Random(2), resamples=1000)
    assert d == pytest.approx(sum(x - y for x, y in zip(a, b, strict=True)) / 300)
    assert low < d < high
    assert low > 0.03 and high < 0.07  # sd 0.1 / sqrt(300) = 0.0058: about +-0.011
    # a noise-only difference has an interval around 0
    _d, low, high = paired_bootstrap(a, [x + rng.gauss(0, 0.1) for x in a], rng=random.Random(3))
    assert low < 0 < high
    with pytest.raises(ValueError):
        paired_bootstrap([1.0], [1.0, 2.0], rng=rng)
    with pytest.raises(ValueError):
        paired_bootstrap([], [], rng=rng)


# ---- the independent world (seed/evaluation.py) ---------------------------------------

@pytest.fixture(scope="module")
def world():
    from seed.evaluation import build_world

    return build_world(600, seed=3)


def test_observed_strength_is_a_noisy_estimate_of_the_true_tie(world):
    keys = list(world.tau)
    tau = [world.tau[k] for k in keys]
    seen = [world.adjacency[a][b] for a, b in keys]
    r = statistics.correlation(tau, seen)
    assert 0.3 < r < 0.95  # informative, not the truth
    assert all(0 < s <= 1 for s in seen)


def test_truth_rewards_bridging_into_the_next_circle(world):
    from seed.evaluation import HOP_PASS

    p = next(x for x in world.facts if not world.facts[x].is_rep)
    same = next(q for q in world.facts if world.community[q] == world.community[p] and q != p)
    other = next(q for q in world.facts if world.community[q] not in (world.community[p], -1))
    assert world.reach(p, same) == 1.0
    ties_in = world.into[p].get(world.community[other], 0)
    assert world.reach(p, other) == pytest.approx(0.35 + 0.65 * min(1.0, ties_in / 3))
    # one stage per hand-over plus the target's yes; the product times timing is the chance
    path = next((r, a, b) for r in world.reps for a in world.adjacency[r] for b in world.adjacency[a]
                if b not in world.reps)
    steps = world.steps(path)
    assert len(steps) == 2 and steps[0] <= HOP_PASS
    assert world.true_chance(path) == pytest.approx(steps[0] * steps[1] * world.timing(path[-1]))


def test_rankers_order_the_same_candidates(world):
    from referrals.scoring import DEFAULT_WEIGHTS
    from seed.evaluation import RANKERS, _hand, rank, sample_queries, shortest_k_order

    q = sample_queries(world, 3, seed=1)[0]
    rng = random.Random(0)
    for ranker in RANKERS:
        order = rank(ranker, world, q.paths, rng)
        assert sorted(order) == sorted(q.paths), ranker
    scores = [_hand(world, p, DEFAULT_WEIGHTS) for p in rank("model", world, q.paths, rng)]
    assert scores == sorted(scores, reverse=True)
    lengths = [len(p) for p in rank("fewest_hops", world, q.paths, rng)]
    assert lengths == sorted(lengths)
    # SHORTEST k: by length, equal lengths kept in traversal (candidate) order
    paths = [("r", "a", "b", "t"), ("r", "c", "t"), ("r", "d", "e", "t"), ("r", "f", "t")]
    assert shortest_k_order(paths) == [("r", "c", "t"), ("r", "f", "t"), ("r", "a", "b", "t"),
                                       ("r", "d", "e", "t")]
    with pytest.raises(ValueError):
        rank("nope", world, q.paths, rng)


def test_whom_to_ask_first_ranks_by_the_services_market_reach_factor(world):
    import random

    from referrals.market_reach import ask_first_factor, market_reach
    from referrals.scoring import DEFAULT_WEIGHTS, referrer_quality
    from seed.evaluation import _ideal_prospect, ask_order

    rep = world.reps[0]
    people = [p for p in world.adjacency[rep] if world.facts[p].status == "client"]

    def service(p):  # what graph/opportunities.py multiplies a client person's asks by
        reach = market_reach(s for q, s in world.adjacency[p].items() if _ideal_prospect(world.facts[q]))
        tie = world.adjacency[rep][p] ** DEFAULT_WEIGHTS.chain_exponent
        quality = referrer_quality(world.facts[p], DEFAULT_WEIGHTS) * tie
        return quality * ask_first_factor(reach.reach)

    assert ask_order("quality_reach", world, rep, people, random.Random(0)) == \
        sorted(people, key=lambda p: (-service(p), p))
    assert ask_order("quality_reach", world, rep, people, random.Random(0)) != \
        ask_order("quality", world, rep, people, random.Random(0))


def test_evaluate_small_world():
    from seed.evaluation import RANKERS, evaluate

    r = evaluate(people=600, queries=40, seed=5, history=600, resamples=200, draws=2)
    assert set(r.metrics) == set(RANKERS)
    for ranker in RANKERS:
        assert 0 < r.metrics[ranker]["ndcg@10"] <= 1
        assert r.metrics[ranker]["hit@1"] <= r.metrics[ranker]["hit@3"] <= r.metrics[ranker]["hit@10"]
    assert r.metrics["model"]["ndcg@10"] > r.metrics["random"]["ndcg@10"]
    diff = next(d for d in r.differences if d["baseline"] == "random" and d["ranker"] == "model")
    assert diff["ndcg@10"]["ci_low"] <= diff["ndcg@10"]["diff"] <= diff["ndcg@10"]["ci_high"]
    il = r.interleaving
    assert il["a_wins"] + il["b_wins"] + il["ties"] == il["impressions"] == 2 * r.queries
    assert il["ci_low"] <= il["a_share"] <= il["ci_high"]
    assert r.ask_first["reps"] > 0 and "quality_reach" in r.ask_first["metrics"]
    assert r.as_dict()["interleaving"]["b"] == "calibrated"


def test_cli_prints_the_table_and_the_interleaving_report(tmp_path):
    from click.testing import CliRunner

    from cli.evaluate import evaluate_command

    out = tmp_path / "result.json"
    res = CliRunner().invoke(evaluate_command, ["--people", "400", "--queries", "15", "--history", "300",
                                                "--interleave-queries", "30", "--resamples", "100",
                                                "--json", str(out)], terminal_width=200)
    assert res.exit_code == 0, res.output
    for text in ("Independent world", "SHORTEST k order", "learned, no centrality", "Interleaving",
                 "Whom to ask first", "Wilson"):
        assert text in res.output
    import json

    data = json.loads(out.read_text())
    assert data["interleaving"]["queries"] > 0 and "differences" in data


def test_history_labels_and_blend_weight_match_production():
    from referrals import calibration as cal
    from seed import evaluation as ev

    if not hasattr(cal, "outcome_label"):
        pytest.skip("referrals.calibration has no outcome_label yet")
    for status in ("meeting_held", "qualified", "won", "lost", "declined", "qualified_out", "withdrawn",
                   "requested", "introduced"):
        assert ev.outcome_label(status) == cal.outcome_label(status), status
    assert ev.LEARNED_WEIGHT == cal.DEFAULT_WEIGHT
    assert ev.WARM_OUTCOMES == cal.WARM_OUTCOMES


def test_simulated_history_reaches_every_stage(world):
    from seed.evaluation import draw_history

    past = draw_history(world, 300, seed=2)
    statuses = {h.status for h in past}
    assert {"declined", "withdrawn", "won"} <= statuses
    for h in past:
        assert h.won <= h.meeting <= h.accepted
        assert h.label is not None
