"""The learned ranking's labels and quality figures (referrals.calibration), the
reliability chart's geometry and the centrality age text (web/insights.py), and when
centrality counts as stale (services/centrality.py): pure, no server."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from referrals import calibration as cal
from referrals.rules import Rules
from services.centrality import stale_reason
from web.insights import age_text, reliability_chart


def test_the_label_is_the_furthest_stage_reached():
    assert [cal.outcome_label(s) for s in ("won", "meeting_held", "qualified")] == [True] * 3
    assert [cal.outcome_label(s) for s in ("lost", "declined", "qualified_out", "withdrawn")] == [False] * 4
    assert [cal.outcome_label(s) for s in ("requested", "asked", "accepted", "introduced")] == [None] * 4


def test_learning_is_on_by_default_but_only_once_warm():
    rules = Rules()
    assert rules.calibration_weight == cal.DEFAULT_WEIGHT == 0.5
    assert rules.calibration_min_outcomes == cal.WARM_OUTCOMES == 200
    history = _history(150)
    model = cal.fit(history)
    assert not model.cold and not model.warm() and model.warm(100)
    assert cal.fit(_history(250)).warm()
    one_kind = [cal.PastIntroduction("r", h.features, True, True) for h in _history(300)]
    assert not cal.fit(one_kind).warm()  # one kind of outcome only: cold, never warm


def _history(n: int, seed: int = 3) -> list[cal.PastIntroduction]:
    """Success more likely with a stronger tie: a signal the model can learn."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        s = rng.random()
        hand = 0.2 + 0.6 * s
        out.append(cal.PastIntroduction(f"r{i % 9}", tuple(cal.path_features(hand, [s, 0.5], 0.6)),
                                        True, rng.random() < 0.15 + 0.7 * s))
    return out


def test_brier_and_reliability_bins():
    assert cal.brier([1.0, 0.0], [1, 0]) == 0.0
    assert cal.brier([0.5, 0.5], [1, 0]) == pytest.approx(0.25)
    bins = cal.reliability([0.05, 0.08, 0.5, 0.55, 0.95, 1.0], [0, 1, 1, 0, 1, 1], bins=10)
    assert [(b["lower"], b["count"]) for b in bins] == [(0.0, 2), (0.5, 2), (0.9, 2)]
    assert bins[0]["predicted"] == pytest.approx(0.065) and bins[0]["observed"] == 0.5
    assert bins[-1]["observed"] == 1.0  # 1.0 falls in the top bin, not an 11th
    with pytest.raises(ValueError):
        cal.brier([], [])


def test_quality_is_out_of_fold_and_beats_the_base_rate_on_a_real_signal():
    history = _history(400)
    q = cal.quality(history)
    assert q["outcomes"] == 400 and 0 < q["successes"] < 400
    assert q["log_loss"] < q["base_rate_log_loss"] and q["brier"] < q["base_rate_brier"]
    assert sum(b["count"] for b in q["bins"]) == 400
    # out of fold: no row is predicted by a model that saw it, so the loss is above in-sample
    model = cal.fit(history)
    in_sample = cal.log_loss([model.p_meeting(h.features) for h in history], [h.meeting for h in history])
    assert q["log_loss"] >= in_sample
    # on noise it does not pretend: no better than the base rate (within noise)
    rng = random.Random(1)
    noise = [cal.PastIntroduction("r", h.features, True, rng.random() < 0.4) for h in history]
    nq = cal.quality(noise)
    assert nq["log_loss"] > nq["base_rate_log_loss"] - 0.01


def test_quality_of_a_cold_history_has_no_figures():
    q = cal.quality(_history(20))
    assert q["outcomes"] == 20 and q["log_loss"] is None and q["bins"] == []
    assert cal.quality([])["base_rate"] is None


def test_the_reliability_chart_puts_the_diagonal_corner_to_corner():
    assert reliability_chart([]) is None
    chart = reliability_chart([{"lower": 0.0, "upper": 0.1, "predicted": 0.0, "observed": 0.0, "count": 5},
                               {"lower": 0.9, "upper": 1.0, "predicted": 1.0, "observed": 1.0, "count": 20}])
    low, high = chart["points"]
    assert (low["x"], low["y"]) == (chart["x0"], chart["y0"])  # (0, 0) bottom left
    assert (high["x"], high["y"]) == (chart["x1"], chart["y1"])  # (1, 1) top right
    assert chart["y1"] < chart["y0"] and high["r"] > low["r"]  # SVG y grows down; bigger bin, bigger dot
    assert len(chart["ticks"]) == 5 and chart["line"].count(",") == 2


def test_the_age_reads_as_people_say_it():
    assert [age_text(s) for s in (None, 5, 600, 3 * 3600, 5 * 86400)] == [
        "never", "just now", "10 min ago", "3 h ago", "5 days ago"]


def test_centrality_is_stale_when_never_made_changed_since_or_too_old():
    now = datetime.now(UTC)
    day = timedelta(hours=24)
    assert stale_reason({"computed_at": None, "changed_since": False, "age_seconds": None}, day) == \
        "never computed"
    fresh = {"computed_at": now, "changed_since": False, "age_seconds": 3600}
    assert stale_reason(fresh, day) is None
    assert stale_reason({**fresh, "changed_since": True}, day) == "an import changed the graph since"
    assert stale_reason({**fresh, "age_seconds": 25 * 3600}, day) == "older than 24 h"


def test_client_roles_are_relative_to_the_other_clients():
    from referrals.insights import client_roles

    # eight clients whose best people are all in the top fifth of everyone: two brokers
    # (the top quarter by betweenness), not eight
    clients = [(0.99, 0.5, 1), (0.97, 0.5, 1), (0.95, 0.5, 1), (0.9, 0.5, 1),
               (0.88, 0.5, 6), (0.86, 0.99, 1), (0.84, 0.5, 1), (0.82, 0.5, 1)]
    assert client_roles(clients) == ["broker", "broker", "connector", "connector",
                                     "hub", "hub", "connector", "connector"]
    assert client_roles([(0.5, 0.5, 1)]) == ["connector"]  # the top quarter still needs 0.8
    assert client_roles([(0.9, 0.1, 0)]) == ["broker"] and client_roles([]) == []
