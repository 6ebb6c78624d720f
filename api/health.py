"""Liveness and readiness. They need no API key."""

from __future__ import annotations

import time

from flask import jsonify
from flask_smorest import Blueprint

from api.problems import problem
from graph.db import UNAVAILABLE_ERRORS
from runtime.requests import current_graph

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
    return jsonify(status="ready", neo4j_ms=round((time.perf_counter() - started) * 1000, 1))


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
