"""Liveness and readiness. They need no API key.

``/readyz`` also says how old the stored centrality is (``centrality``: computed_at,
age_seconds; nulls when never computed): detail for operators, never a reason to be
unready (a failure to read it leaves ``centrality`` null).
"""

from __future__ import annotations

import logging
import time

from flask import jsonify
from flask_smorest import Blueprint

from api.problems import problem
from graph.db import UNAVAILABLE_ERRORS
from runtime.requests import current_graph
from services import centrality

log = logging.getLogger("referrals.health")

blp = Blueprint("health", __name__, description="Liveness and readiness probes (no key needed)")
root_blp = Blueprint("health_root", __name__)


def _healthz():
    return jsonify(status="ok")


def _readyz():
    started = time.perf_counter()
    try:
        current_graph().ping()
    except UNAVAILABLE_ERRORS:
        return problem(503, "Neo4j is not reachable.", title="Database unavailable",
                       headers={"Retry-After": "5"})
    neo4j_ms = round((time.perf_counter() - started) * 1000, 1)
    return jsonify(status="ready", neo4j_ms=neo4j_ms, centrality=_centrality())


def _centrality() -> dict | None:
    """The centrality's age, or None when it cannot be read (readiness does not depend on it)."""
    try:
        found = centrality.state(current_graph())
    except Exception:  # detail only: a probe must not fail because of it
        log.warning("could not read the centrality's age", exc_info=True)
        return None
    at = found["computed_at"]
    return {"computed_at": at.isoformat() if at else None, "age_seconds": found["age_seconds"],
            "changed_since": found["changed_since"]}


@blp.route("/healthz")
@blp.doc(security=[])
def healthz():
    """Liveness: the process answers."""
    return _healthz()


@blp.route("/readyz")
@blp.doc(security=[])
def readyz():
    """Readiness: Neo4j answers a trivial query (503 problem+json when it does not)."""
    return _readyz()


root_blp.add_url_rule("/healthz", "healthz", _healthz)
root_blp.add_url_rule("/readyz", "readyz", _readyz)
