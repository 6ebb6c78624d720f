"""The outcome-calibrated model fitted on the stored introduction history (referrals.calibration).

Each introduction whose outcome is known is one row, labelled by the furthest stage it
reached (referrals.calibration.outcome_label): success for a held meeting still worked
(meeting_held, qualified) or a won deal; failure for a lost deal, a decline, a
qualified-out or a withdrawal after being asked; open ones before a meeting are left out,
they have no outcome yet. The referrer accepted when the introduction reached ``accepted`` or
was made. Features are computed with today's tie strengths and facts (the history keeps
the path, not the strengths at the time).

The model is fitted at most once per ``REFRESH_SECONDS`` per process, in a background
thread when a request needs it (the request keeps the model it has), and only when the
calibration weight (``Rules.calibration_weight``, set by REFERRALS_CALIBRATION_WEIGHT;
default 0.5; 0 = off, the hand-set ranking) is above 0. It applies once warm: at least
``Rules.calibration_min_outcomes`` (200) decided introductions of both kinds; below that
the ranking is the hand-set one. ``quality_report`` says how good it is (out-of-fold
log loss, Brier, reliability bins), cached the same way.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from dataclasses import replace
from datetime import date
from typing import Any

from graph.db import Graph
from graph.paths import PathFinder, _run
from referrals import calibration as cal
from referrals.introductions import Outcome
from referrals.scoring import DEFAULT_WEIGHTS, ScoringWeights, score_path

REFRESH_SECONDS = 600
DECIDED = sorted((cal.SUCCESS_STATUSES | cal.FAILURE_STATUSES) - {"withdrawn"})
SAID_YES = sorted({"accepted"} | {s.value for s in Outcome.MADE_STATUSES})
HISTORY = """
MATCH (i:Introduction)
WHERE i.status IN $decided
   OR (i.status = 'withdrawn' AND EXISTS { (i)-[:HAS_EVENT]->(:IntroductionEvent {to: 'asked'}) })
RETURN i.path AS path, i.status AS status, i.referrer_id AS referrer
ORDER BY i.requested_at DESC LIMIT $limit
"""
TIES = """
UNWIND $pairs AS pair
MATCH (:Person {id: pair[0]})-[k:KNOWS]-(:Person {id: pair[1]})
RETURN pair[0] AS a, pair[1] AS b, coalesce(k.confirmed_strength, k.strength) AS s
"""

# keyed by the Graph itself, held weakly: a closed app's graph drops out, and a new graph
# that happens to reuse a freed object's id() never gets another database's model
_cache: weakref.WeakKeyDictionary[Graph, tuple[float, cal.CalibratedModel]] = weakref.WeakKeyDictionary()
_quality_cache: weakref.WeakKeyDictionary[Graph, tuple[float, dict[str, Any]]] = weakref.WeakKeyDictionary()
_fitting: weakref.WeakSet[Graph] = weakref.WeakSet()  # graphs a background thread is fitting now
_lock = threading.Lock()
log = logging.getLogger("referrals.calibration")


def fit_from_history(graph: Graph, today: date | None = None, limit: int = 5000,
                     weights: ScoringWeights = DEFAULT_WEIGHTS) -> cal.CalibratedModel:
    """Fit the calibrated model on the stored history (cold when there is too little)."""
    return cal.fit(history_from_graph(graph, today, limit, weights))


def history_from_graph(graph: Graph, today: date | None = None, limit: int = 5000,
                       weights: ScoringWeights = DEFAULT_WEIGHTS) -> list[cal.PastIntroduction]:
    """The decided introductions as training rows, newest first (re-scored today)."""
    today = today or date.today()
    rows = _run(graph, HISTORY, decided=DECIDED, limit=limit)
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
        label = cal.outcome_label(r["status"])
        if label is None:
            continue
        history.append(cal.PastIntroduction(r["referrer"], tuple(x), r["status"] in said_yes, label))
    return history


def current_model(graph: Graph, *, block: bool = True) -> cal.CalibratedModel | None:
    """The cached model for this graph, refitted every REFRESH_SECONDS.

    A fit reads the whole decided history and takes seconds, so a request never waits for
    one (``block=False``, what ``finder_for`` passes): it gets the model it has, even a
    stale one, while one background thread per graph refits it, and ``None`` (the hand-set
    ranking) until the first fit is done. ``block=True`` (the CLI, the tests, warm-up)
    fits now when nothing fresh is cached."""
    with _lock:
        cached = _cache.get(graph)
        if cached and time.monotonic() - cached[0] < REFRESH_SECONDS:
            return cached[1]
        if not block:
            if graph not in _fitting:
                _fitting.add(graph)
                threading.Thread(target=_refit, args=(graph,), name="calibration-fit",
                                 daemon=True).start()
            return cached[1] if cached else None
    model = fit_from_history(graph)
    with _lock:
        _cache[graph] = (time.monotonic(), model)
    return model


def _refit(graph: Graph) -> None:
    try:
        model = fit_from_history(graph)
        with _lock:
            _cache[graph] = (time.monotonic(), model)
    except Exception:  # noqa: BLE001 - a failed fit keeps the last model; the next request retries
        log.warning("refitting the calibrated model failed", exc_info=True)
    finally:
        with _lock:
            _fitting.discard(graph)


def quality_report(graph: Graph) -> dict[str, Any]:
    """The cached quality figures of the model on the stored history
    (referrals.calibration.quality), refitted every REFRESH_SECONDS."""
    with _lock:
        cached = _quality_cache.get(graph)
        if cached and time.monotonic() - cached[0] < REFRESH_SECONDS:
            return cached[1]
    report = cal.quality(history_from_graph(graph))
    with _lock:
        _quality_cache[graph] = (time.monotonic(), report)
    return report


def finder_for(graph: Graph, weight: float, min_outcomes: int = 0, *, block: bool = True) -> PathFinder:
    """A PathFinder that blends in the calibrated model when the weight (0..1) is above 0
    and the model is warm: not cold, and fitted on at least ``min_outcomes`` decided
    introductions (the service passes Rules.calibration_min_outcomes, 200 by default).
    The service passes ``block=False``: see ``current_model``."""
    if weight <= 0:
        return PathFinder(graph)
    model = current_model(graph, block=block)
    if model is None:
        return PathFinder(graph)  # the first fit runs in the background: hand-set until then
    if min_outcomes and not model.warm(min_outcomes):
        return PathFinder(graph)  # still learning: the hand-set ranking, as with weight 0
    return PathFinder(graph, replace(DEFAULT_WEIGHTS, calibration_weight=min(weight, 1.0)),
                      calibration=model)
