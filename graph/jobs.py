"""Background jobs stored as (:Job) nodes, run in a thread of the process that started them.

    (:Job {id, kind, status: queued|running|done|failed, progress (0..1), phase,
           created_at, started_at, finished_at, updated_at, error, result (JSON text), params})

One job of a kind may be active (queued or running) at a time: ``start`` raises
``JobConflict`` (a domain Conflict, ``active_job`` naming the active one) otherwise. The
check and the create happen under an in-process lock and in one write transaction, so
one process never starts two; across processes (several gunicorn workers) the window
between two workers' transactions is a few milliseconds. A job whose process died stops
heartbeating (``updated_at``); after ``STALE_AFTER`` it no longer blocks a new start and
is marked failed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.centrality import run_centrality
from graph.db import Graph
from graph.entry_points import refresh_entry_points
from referrals.errors import Conflict
from referrals.ids import new_id

log = logging.getLogger("referrals.jobs")

ACTIVE = ("queued", "running")
STALE_AFTER = timedelta(minutes=15)
HEARTBEAT_SECONDS = 1.0  # progress is written at most this often

# run(graph, report) -> result (JSON-serialisable); report(progress 0..1, phase)
Runner = Callable[[Graph, Callable[[float, str], None]], dict[str, Any]]

_start_lock = threading.Lock()


class JobConflict(Conflict):
    """A job of this kind is already queued or running: poll it instead (``active``)."""

    def __init__(self, active: dict[str, Any]):
        super().__init__(f"A {active.get('kind')} job ({active['id']}) is already {active.get('status')}; "
                         "poll it instead.", active_job=active["id"])
        self.active = active


CREATE = """
OPTIONAL MATCH (old:Job {kind: $kind}) WHERE old.status IN $active
WITH old ORDER BY old.created_at DESC
WITH collect(old) AS olds
FOREACH (o IN [o IN olds WHERE o.updated_at < $stale_before] |
  SET o.status = 'failed', o.error = 'abandoned: no progress reported', o.finished_at = $now)
WITH [o IN olds WHERE o.updated_at >= $stale_before] AS live
CALL (live) {
  WITH live WHERE size(live) = 0
  CREATE (j:Job {id: $id, kind: $kind, status: 'queued', progress: 0.0, phase: 'queued',
                 created_at: $now, updated_at: $now, params: $params})
  RETURN j, true AS created
UNION
  WITH live WHERE size(live) > 0
  RETURN live[0] AS j, false AS created
}
RETURN j {.*} AS job, created
"""
GET = "MATCH (j:Job {id: $id}) RETURN j {.*} AS job"
UPDATE = "MATCH (j:Job {id: $id}) SET j += $props RETURN j {.*} AS job"


def _plain(job: dict[str, Any]) -> dict[str, Any]:
    """Neo4j temporals to datetimes, the result and params back from JSON text."""
    out = dict(job)
    for key in ("created_at", "started_at", "finished_at", "updated_at"):
        value = out.get(key)
        if value is not None and hasattr(value, "to_native"):
            out[key] = value.to_native()
    for key in ("result", "params"):
        if isinstance(out.get(key), str):
            with contextlib.suppress(ValueError):
                out[key] = json.loads(out[key])
    return out


def get(graph: Graph, job_id: str) -> dict[str, Any] | None:
    rows = graph.query(GET, id=job_id)
    return _plain(rows[0]["job"]) if rows else None


def update(graph: Graph, job_id: str, **props: Any) -> dict[str, Any] | None:
    if "result" in props and not isinstance(props["result"], str | None):
        props["result"] = json.dumps(props["result"], default=str)
    props.setdefault("updated_at", datetime.now(UTC))
    rows = graph.execute(UPDATE, id=job_id, props=props)
    return _plain(rows[0]["job"]) if rows else None


def create(graph: Graph, kind: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """A new queued job, or JobConflict with the active one of this kind."""
    now = datetime.now(UTC)
    with _start_lock:
        rows = graph.execute(CREATE, id=new_id("job"), kind=kind, active=list(ACTIVE),
                             now=now, stale_before=now - STALE_AFTER,
                             params=json.dumps(params or {}, sort_keys=True))
    job, created = _plain(rows[0]["job"]), rows[0]["created"]
    if not created:
        raise JobConflict(job)
    return job


def execute(graph: Graph, job_id: str, run: Runner) -> None:
    """Run a created job to the end in this thread, recording progress and the outcome."""
    update(graph, job_id, status="running", started_at=datetime.now(UTC), phase="starting")
    last = [0.0]

    def report(progress: float, phase: str) -> None:
        now = time.monotonic()
        if now - last[0] >= HEARTBEAT_SECONDS:
            last[0] = now
            try:
                update(graph, job_id, progress=round(min(1.0, max(0.0, progress)), 4), phase=phase)
            except Exception:  # progress is best effort; the outcome is written below
                log.warning("could not record progress of job %s", job_id, exc_info=True)

    try:
        result = run(graph, report)
    except Exception as exc:
        log.exception("job %s failed", job_id)
        update(graph, job_id, status="failed", finished_at=datetime.now(UTC),
               error=f"{type(exc).__name__}: {exc}"[:2000])
        return
    update(graph, job_id, status="done", progress=1.0, phase="done", finished_at=datetime.now(UTC),
           result=result)


def start(graph: Graph, kind: str, run: Runner, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Create the job and run it in a daemon thread; returns the queued job at once."""
    job = create(graph, kind, params)
    # a batch, even when a request started it: no request transaction timeout
    thread = threading.Thread(target=execute, args=(graph.without_timeout(), job["id"], run),
                              name=f"job-{kind}-{job['id']}", daemon=True)
    thread.start()
    return job


# ---- the centrality job --------------------------------------------------------------------
# share of the run each phase takes (measured on 100k people; used for the progress bar)
_PHASE_SPAN = {"read": (0.0, 0.35), "build": (0.35, 0.4), "pagerank": (0.4, 0.45),
               "betweenness": (0.45, 0.8), "percentiles": (0.8, 0.82), "write": (0.82, 0.97),
               "entry points": (0.97, 1.0)}


def centrality_runner(betweenness_samples: int, seed: int) -> Runner:
    def run(graph: Graph, report: Callable[[float, str], None]) -> dict[str, Any]:
        def progress(phase: str, done: int, total: int | None) -> None:
            lo, hi = _PHASE_SPAN.get(phase, (0.0, 1.0))
            share = done / total if total else 1.0
            report(lo + (hi - lo) * share, phase)

        result = run_centrality(graph, betweenness_samples=betweenness_samples, seed=seed,
                                progress=progress)
        # the nightly batch also refreshes big companies' entry points (graph/entry_points.py)
        kept = refresh_entry_points(graph, progress=lambda done, total: progress("entry points", done, total))
        return {**result.as_dict(), "companies_with_entry_points": kept}

    return run


# ---- the refresh of kept entry points and reach, after an import --------------------------
REQUEST_REFRESH = "MERGE (m:Maintenance {id: 'entry-points'}) SET m.requested_at = datetime()"
REFRESH_REQUESTED_AT = """
OPTIONAL MATCH (m:Maintenance {id: 'entry-points'}) RETURN m.requested_at AS at, datetime() AS now
"""
REFRESH_ROUNDS = 3  # imports that land while a refresh runs get one more round each, up to this


def refresh_entry_points_later(graph: Graph) -> str:
    """Ask for the kept entry points and reach to be refreshed in a background job: start one,
    or, when one runs already, leave the request for it to see when it ends (it goes round
    again, since it may have read the graph before this import's changes). Returns the id of
    the job that will do it."""
    graph.execute(REQUEST_REFRESH)
    try:
        return start(graph, "entry-points", entry_points_runner())["id"]
    except JobConflict as running:
        return running.active["id"]


def entry_points_runner() -> Runner:
    def run(graph: Graph, report: Callable[[float, str], None]) -> dict[str, Any]:
        kept, rounds = 0, 0
        while rounds < REFRESH_ROUNDS:
            rounds += 1
            started = graph.query(REFRESH_REQUESTED_AT)[0]["now"]
            kept = refresh_entry_points(graph, forget=False,
                                        progress=lambda done, total: report(done / total, "entry points"))
            asked = graph.query(REFRESH_REQUESTED_AT)[0]["at"]
            if asked is None or asked <= started:
                break
        return {"companies_with_entry_points": kept, "rounds": rounds}

    return run

