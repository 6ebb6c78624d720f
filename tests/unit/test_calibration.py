"""Outcome calibration: Beta-Binomial shrinkage, L2 logistic regression, cold start, blend."""

from __future__ import annotations

import math
import random

import pytest

from referrals import calibration as cal


def test_accept_rate_shrinks_to_the_global_rate():
    assert cal.accept_rate(0, 0, 0.4) == pytest.approx(0.4)  # newcomer: the global rate
    # 1 of 1 with k = 4: (1 + 1.6) / 5 = 0.52, a fifth of the way to 1
    assert cal.accept_rate(1, 1, 0.4) == pytest.approx(0.52)
    # lots of evidence dominates the prior
    assert cal.accept_rate(90, 100, 0.4) == pytest.approx((90 + 1.6) / 104)
    # counts are repaired: yes never above asked, never negative
    assert cal.accept_rate(5, 2, 0.5) == cal.accept_rate(2, 2, 0.5)
    assert cal.accept_rate(-3, 2, 0.5) == cal.accept_rate(0, 2, 0.5)
    with pytest.raises(ValueError):
        cal.accept_rate(1, 1, 0.5, prior_strength=0)


def test_path_features_order_and_direct_paths():
    f = cal.path_features(0.25, [0.5, 0.8], 0.75, asks_90d=2)
    assert dict(zip(cal.FEATURES, f, strict=True)) == pytest.approx({
        "log_hand_score": math.log(0.25), "hops": 2, "sum_strength": 1.3, "sum_strength_sq": 0.89,
        "accept_logit": math.log(3), "asks_90d": 2, "direct": 0})
    d = cal.path_features(0.5, [0.6], None)
    assert d[cal.FEATURES.index("direct")] == 1 and d[cal.FEATURES.index("accept_logit")] == 0


def test_logistic_regression_recovers_a_known_model():
    rng = random.Random(3)
    xs, ys = [], []
    for _ in range(3000):
        x = [rng.gauss(0, 1), rng.gauss(0, 1)]
        p = 1 / (1 + math.exp(-(-0.5 + 1.5 * x[0] - 1.0 * x[1])))
        xs.append(x)
        ys.append(rng.random() < p)
    m = cal.fit_logistic(xs, ys, l2=0.01)
    # coefficients are on standardised features: sd ~ 1 here, so close to the truth
    assert m.intercept == pytest.approx(-0.5, abs=0.15)
    assert m.coef[0] == pytest.approx(1.5, abs=0.2)
    assert m.coef[1] == pytest.approx(-1.0, abs=0.2)


def test_l2_shrinks_coefficients_and_constant_features_get_zero():
    rng = random.Random(1)
    xs = [[rng.gauss(0, 1), 7.0] for _ in range(200)]
    ys = [rng.random() < (0.8 if x[0] > 0 else 0.2) for x in xs]
    loose = cal.fit_logistic(xs, ys, l2=0.001)
    tight = cal.fit_logistic(xs, ys, l2=1000.0)
    assert abs(tight.coef[0]) < abs(loose.coef[0]) / 5
    assert loose.coef[1] == pytest.approx(0.0, abs=1e-6)
    assert 0 < loose.predict([0.0, 7.0]) < 1


def test_log_loss_by_hand():
    assert cal.log_loss([0.5, 0.5], [1, 0]) == pytest.approx(math.log(2))
    assert cal.log_loss([0.9, 0.2], [True, False]) == pytest.approx(-(math.log(0.9) + math.log(0.8)) / 2)
    assert cal.log_loss([0.0], [1]) < 14  # clipped, finite
    with pytest.raises(ValueError):
        cal.log_loss([], [])


def _history(n: int, rng: random.Random) -> list[cal.PastIntroduction]:
    out = []
    for i in range(n):
        hand = rng.uniform(0.05, 0.6)
        accepted = rng.random() < 0.6
        out.append(cal.PastIntroduction(f"r{i % 7}", tuple(cal.path_features(hand, [0.5, 0.5], 0.6)),
                                        accepted, accepted and rng.random() < hand + 0.1))
    return out


def test_cold_start_falls_back_to_the_hand_set_score():
    rng = random.Random(2)
    few = cal.fit(_history(10, rng))
    assert few.cold and few.trust(1.0) == 0.0
    x = cal.path_features(0.3, [0.5, 0.5], 0.6)
    assert few.blend(0.3, x, 1.0) == 0.3
    # one kind of outcome only: nothing to learn either
    same = [cal.PastIntroduction("r", tuple(x), True, True)] * 50
    assert cal.fit(same).cold


def test_trust_ramps_with_evidence_and_weight_zero_is_hand_set():
    rng = random.Random(4)
    mid = cal.fit(_history(100, rng))
    full = cal.fit(_history(400, rng))
    assert not mid.cold and mid.trust(1.0) == pytest.approx(0.5)  # 100 of 200
    assert full.trust(1.0) == 1.0 and full.trust(0.3) == pytest.approx(0.3)
    x = cal.path_features(0.3, [0.5, 0.5], 0.6)
    assert full.blend(0.3, x, 0.0) == 0.3
    p = full.p_meeting(x)
    assert full.blend(0.3, x, 1.0) == pytest.approx(p)
    assert full.blend(0.3, x, 0.5) == pytest.approx(0.3**0.5 * p**0.5)


def test_fit_counts_referrers_and_smooths_the_global_rate():
    hist = [cal.PastIntroduction("a", (0.0,) * 7, True, False),
            cal.PastIntroduction("a", (0.0,) * 7, False, False),
            cal.PastIntroduction(None, (0.0,) * 7, True, True)]  # direct: not an ask
    m = cal.fit(hist)
    assert m.referrer_counts == {"a": (1, 2)}
    assert m.global_accept == pytest.approx((1 + 1) / (2 + 2))
    assert m.accept(1, 2) == pytest.approx((1 + 4 * 0.5) / 6)


def test_evaluation_world_calibrated_is_at_least_as_good_as_hand_set():
    from seed.evaluation import evaluate

    r = evaluate(people=600, queries=60, seed=5, draws=5, history=800)
    assert not r.calibration["cold"]
    # the independent world (docs/ranking.md, "Evaluation on an independent world"): the
    # learned ranking is no worse than the hand-set one; its probabilities at l2 = 1 are not
    # better calibrated there than the hand-set score's (the doc's log loss), so no bar on them
    assert r.metrics["calibrated"]["ndcg@10"] >= r.metrics["model"]["ndcg@10"] - 0.01
