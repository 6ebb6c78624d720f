"""The outcome-calibrated model fitted on the stored introduction history (referrals.calibration).

Each introduction whose outcome is known is one row: those that reached a meeting
(Outcome.ACCEPTED_STATUSES: meeting = yes) and those closed without one (declined,
qualified out, withdrawn after being asked: meeting = no); open ones are left out, they
have no outcome yet. The referrer accepted when the introduction reached ``accepted`` or
was made. Features are computed with today's tie strengths and facts (the history keeps
the path, not the strengths at the time).

The model is fitted at most once per ``REFRESH_SECONDS`` per process, and only when the
calibration weight (``Rules.calibration_weight``, set by REFERRALS_CALIBRATION_WEIGHT;
default 0 = off, the hand-set ranking) is above 0. With too little history it is cold and
the ranking is the hand-set one.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import date

from graph.db import Graph
from graph.paths import PathFinder, _run
from referrals import calibration as cal
from referrals.introductions import Outcome
from referrals.scoring import DEFAULT_WEIGHTS, ScoringWeights, score_path

REFRESH_SECONDS = 600
MEETING = sorted(s.value for s in Outcome.ACCEPTED_STATUSES)
SAID_YES = sorted({"accepted"} | {s.value for s in Outcome.MADE_STATUSES})
HISTORY = """
MATCH (i:Introduction)
WHERE i.status IN $meeting OR i.status IN ['declined', 'qualified_out']
   OR (i.status = 'withdrawn' AND EXISTS { (i)-[:HAS_EVENT]->(:IntroductionEvent {to: 'asked'}) })
RETURN i.path AS path, i.status AS status, i.referrer_id AS referrer
ORDER BY i.requested_at DESC LIMIT $limit
"""
TIES = """
UNWIND $pairs AS pair
MATCH (:Person {id: pair[0]})-[k:KNOWS]-(:Person {id: pair[1]})
RETURN pair[0] AS a, pair[1] AS b, coalesce(k.confirmed_strength, k.strength) AS s
"""

_cache: dict[int, tuple[float, cal.CalibratedModel]] = {}
_lock = threading.Lock()


def fit_from_history(graph: Graph, today: date | None = None, limit: int = 5000,
                     weights: ScoringWeights = DEFAULT_WEIGHTS) -> cal.CalibratedModel:
    """Fit the calibrated model on the stored history (cold when there is too little)."""
    today = today or date.today()
    rows = _run(graph, HISTORY, meeting=MEETING, limit=limit)
    paths = [list(r["path"] or []) for r in rows]
    pairs = sorted({(a, b) for p in paths for a, b in zip(p, p[1:], strict=False)})
    strength = {}
    for r in _run(graph, TIES, pairs=[list(p) for p in pairs]) if pairs else []:
        strength[(r["a"], r["b"])] = strength[(r["b"], r["a"])] = r["s"]
    people = {n for p in paths for n in p}
    facts = PathFinder(graph, weights).facts(people, today) if people else {}
    said_yes = set(SAID_YES)
    asked = [r for r in rows if r["referrer"]]
    prior = cal.CalibratedModel(outcomes=0, global_accept=(sum(r["status"] in said_yes for r in asked) + 1)
                                / (len(asked) + 2), meeting=None)
    history = []
    for r, p in zip(rows, paths, strict=True):
        ties = [strength.get((a, b)) for a, b in zip(p, p[1:], strict=False)]
        if len(p) < 2 or any(s is None for s in ties) or len(set(p)) != len(p):
            continue  # a tie removed or hidden since: the path cannot be re-scored
        scored = score_path(p, ties, facts, weights)
        x = cal.features_for(scored, facts, prior)
        history.append(cal.PastIntroduction(r["referrer"], tuple(x), r["status"] in said_yes,
                                            r["status"] in MEETING))
    return cal.fit(history)


def current_model(graph: Graph) -> cal.CalibratedModel:
    """The cached model for this graph, refitted every REFRESH_SECONDS."""
    key = id(graph)
    with _lock:
        cached = _cache.get(key)
        if cached and time.monotonic() - cached[0] < REFRESH_SECONDS:
            return cached[1]
    model = fit_from_history(graph)
    with _lock:
        _cache[key] = (time.monotonic(), model)
    return model


def finder_for(graph: Graph, weight: float) -> PathFinder:
    """A PathFinder that blends in the calibrated model when the weight (0..1) is above 0."""
    if weight <= 0:
        return PathFinder(graph)
    return PathFinder(graph, replace(DEFAULT_WEIGHTS, calibration_weight=min(weight, 1.0)),
                      calibration=current_model(graph))
