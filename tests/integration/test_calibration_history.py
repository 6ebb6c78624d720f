"""The calibrated model fitted from stored introductions: cold with little history (the
hand-set ranking, unchanged), blended into the score once there is enough."""

from __future__ import annotations

import time
from datetime import date

import pytest

from graph import calibration
from graph.paths import PathFinder, PathQuery
from tests.integration.test_paths import build

pytestmark = pytest.mark.neo4j


def _net(graph):
    build(graph, ["rep", "a", "b", "tgt"] + [f"h{i}" for i in range(8)],
          [("rep", "a", 0.8), ("a", "tgt", 0.7), ("rep", "b", 0.5), ("b", "tgt", 0.6)]
          + [("rep", f"h{i}", 0.6) for i in range(8)] + [(f"h{i}", "tgt", 0.3 + 0.08 * i) for i in range(8)],
          jobs=[("a", "c-acme", True), ("tgt", "c-target", True)])


def _history(graph, n):
    statuses = ["won", "meeting_held", "declined", "qualified_out", "introduced", "lost"]
    rows = [{"id": f"i-{k}", "status": statuses[k % len(statuses)], "ref": f"h{k % 8}",
             "path": ["rep", f"h{k % 8}", "tgt"]} for k in range(n)]
    graph.execute("UNWIND $rows AS r CREATE (:Introduction {id: r.id, status: r.status, path: r.path, "
                  "referrer_id: r.ref, requester_id: 'rep', target_id: 'tgt', "
                  "requested_at: date('2026-01-01')})", rows=rows)


def test_cold_start_keeps_the_hand_set_ranking(graph):
    _net(graph)
    _history(graph, 10)  # too few outcomes
    calibration._cache.clear()
    model = calibration.fit_from_history(graph)
    assert model.cold and model.outcomes <= 10
    query = PathQuery(target="tgt", source="rep", today=date(2026, 11, 1))
    plain, _ = PathFinder(graph).find(query)
    blended, _ = calibration.finder_for(graph, weight=1.0).find(query)
    assert [(p.nodes, p.score) for p in plain] == [(p.nodes, p.score) for p in blended]
    assert calibration.finder_for(graph, weight=0.0).calibration is None  # off: no model at all


def test_enough_history_blends_the_calibrated_chance(graph):
    _net(graph)
    _history(graph, 90)  # 'introduced' is open (no meeting outcome yet): 75 rows count
    calibration._cache.clear()
    model = calibration.fit_from_history(graph)
    assert not model.cold and model.outcomes == 75
    assert 0 < model.global_accept < 1
    paths, _ = calibration.finder_for(graph, weight=0.5).find(PathQuery(target="tgt", source="rep",
                                                                        today=date(2026, 11, 1)))
    assert paths and all({"hand_score", "p_meeting", "calibration_trust"} <= set(p.terms) for p in paths)
    best = paths[0]
    t = best.terms["calibration_trust"]
    assert t == pytest.approx(0.5 * 75 / 200)
    assert best.score == pytest.approx(best.terms["hand_score"] ** (1 - t) * best.terms["p_meeting"] ** t,
                                       abs=2e-4)


def test_a_search_never_waits_for_the_models_fit(graph):
    """A request asks without blocking: nothing fitted yet -> the hand-set ranking at once,
    while one background thread fits; the next request gets the fitted model."""
    _net(graph)
    _history(graph, 90)
    calibration._cache.clear()
    first = calibration.finder_for(graph, weight=0.5, block=False)
    assert first.calibration is None  # not fitted yet: hand-set, no waiting
    deadline = time.monotonic() + 60
    while graph not in calibration._cache and time.monotonic() < deadline:
        time.sleep(0.05)
    later = calibration.finder_for(graph, weight=0.5, block=False)
    assert later.calibration is not None and later.calibration.outcomes == 75
