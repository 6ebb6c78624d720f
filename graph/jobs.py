"""Background jobs stored as (:Job) nodes, run in a thread of the process that started them.

    (:Job {id, kind, status: queued|running|done|failed, progress (0..1), phase, owner,
           created_at, started_at, finished_at, updated_at, heartbeat_at, error,
           result (JSON text), params})
    (:JobLock {kind, locked_at, job_id})   // one per kind: what a start locks

One job of a kind may be active (queued or running) at a time, across every process and
machine: ``start`` raises ``JobConflict`` (a domain Conflict, ``active_job`` naming the
active one) otherwise. A start takes the write lock of the kind's :JobLock node first and
only then looks for an active job and creates the new one, all in one transaction, so two
starts racing through different processes or machines queue on that lock: one creates the
job, the other finds it (one 202, one 409).

A job names its ``owner`` (process id @ host). While it runs, a heartbeat thread of that
process writes ``heartbeat_at`` (and ``updated_at``) every ``HEARTBEAT_INTERVAL`` seconds,
whatever the job's own progress reports do. A job whose process died (killed by a restart
or a crash) stops heartbeating: after ``STALE_AFTER`` (30 s) it no longer blocks a start,
which marks it failed ("abandoned") and starts the new one.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.centrality import (
    DEFAULT_BETWEENNESS_SAMPLES,
    DEFAULT_SEED,
    request_centrality,
    run_centrality,
)
from graph.db import Graph
from graph.entry_points import refresh_entry_points
from referrals.errors import Conflict
from referrals.ids import new_id

log = logging.getLogger("referrals.jobs")

ACTIVE = ("queued", "running")
STALE_AFTER = timedelta(seconds=30)  # no heartbeat for this long: the job's process is gone
HEARTBEAT_INTERVAL = 5.0  # seconds between a running job's heartbeats (its own thread)
HEARTBEAT_SECONDS = 1.0  # progress is written at most this often
LOCK_SCHEMA = (
    "CREATE CONSTRAINT job_lock_kind IF NOT EXISTS FOR (l:JobLock) REQUIRE l.kind IS UNIQUE",
    "CREATE INDEX job_kind_status IF NOT EXISTS FOR (j:Job) ON (j.kind, j.status)",
)


def owner() -> str:
    """Who runs a job started here: this process, on this machine."""
    return f"{os.getpid()}@{socket.gethostname()}"

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
MERGE (l:JobLock {kind: $kind})
SET l.locked_at = $now  // the kind's write lock: racing starts queue here, then read what committed
WITH l
OPTIONAL MATCH (old:Job {kind: $kind}) WHERE old.status IN $active
WITH l, old ORDER BY old.created_at DESC
WITH l, collect(old) AS olds
FOREACH (o IN [o IN olds WHERE o.updated_at < $stale_before] |
  SET o.status = 'failed', o.finished_at = $now,
      o.error = 'abandoned: its process (' + coalesce(o.owner, 'unknown') + ') stopped heartbeating')
WITH l, [o IN olds WHERE o.updated_at >= $stale_before] AS live
CALL (l, live) {
  WITH live WHERE size(live) = 0
  CREATE (j:Job {id: $id, kind: $kind, status: 'queued', progress: 0.0, phase: 'queued',
                 owner: $owner, created_at: $now, updated_at: $now, heartbeat_at: $now,
                 params: $params})
  SET l.job_id = j.id
  RETURN j, true AS created
UNION
  WITH live WHERE size(live) > 0
  RETURN live[0] AS j, false AS created
}
RETURN j {.*} AS job, created
"""
HEARTBEAT = """
MATCH (j:Job {id: $id}) WHERE j.status IN $active AND j.owner = $owner
SET j.heartbeat_at = $now, j.updated_at = $now
RETURN j.id AS id
"""
GET = "MATCH (j:Job {id: $id}) RETURN j {.*} AS job"
UPDATE = "MATCH (j:Job {id: $id}) SET j += $props RETURN j {.*} AS job"


def _plain(job: dict[str, Any]) -> dict[str, Any]:
    """Neo4j temporals to datetimes, the result and params back from JSON text."""
    out = dict(job)
    for key in ("created_at", "started_at", "finished_at", "updated_at", "heartbeat_at"):
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
                             now=now, stale_before=now - STALE_AFTER, owner=owner(),
                             params=json.dumps(params or {}, sort_keys=True))
    job, created = _plain(rows[0]["job"]), rows[0]["created"]
    if not created:
        raise JobConflict(job)
    return job


def heartbeat(graph: Graph, job_id: str, *, job_owner: str | None = None) -> bool:
    """Say the job's process is alive; False when the job is no longer active and ours
    (it ended, or another process took it over after our heartbeats stopped)."""
    now = datetime.now(UTC)
    return bool(graph.execute(HEARTBEAT, id=job_id, active=list(ACTIVE), owner=job_owner or owner(),
                              now=now))


def _beat_until(graph: Graph, job_id: str, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_INTERVAL):
        try:
            if not heartbeat(graph, job_id):
                log.warning("job %s is no longer ours; heartbeats stop", job_id)
                return
        except Exception:  # a missed beat is retried; STALE_AFTER allows several
            log.warning("could not record the heartbeat of job %s", job_id, exc_info=True)


def execute(graph: Graph, job_id: str, run: Runner) -> None:
    """Run a created job to the end in this thread, recording progress and the outcome,
    while a second thread writes its heartbeat."""
    update(graph, job_id, status="running", started_at=datetime.now(UTC), phase="starting")
    stop = threading.Event()
    beating = threading.Thread(target=_beat_until, args=(graph, job_id, stop),
                               name=f"job-heartbeat-{job_id}", daemon=True)
    beating.start()
    try:
        _execute(graph, job_id, run)
    finally:
        stop.set()


def _execute(graph: Graph, job_id: str, run: Runner) -> None:
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


# the job threads this process started, with their driver: closing a driver waits for its own
_RUNNING: list[tuple[threading.Thread, Any]] = []
_RUNNING_LOCK = threading.Lock()


def start(graph: Graph, kind: str, run: Runner, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Create the job and run it in a daemon thread; returns the queued job at once."""
    job = create(graph, kind, params)
    # a batch, even when a request started it: no request transaction timeout
    thread = threading.Thread(target=execute, args=(graph.without_timeout(), job["id"], run),
                              name=f"job-{kind}-{job['id']}", daemon=True)
    thread.start()
    with _RUNNING_LOCK:
        _RUNNING[:] = [(t, d) for t, d in _RUNNING if t.is_alive()]
        _RUNNING.append((thread, graph.driver))
    return job


def wait_for_jobs(graph: Graph, timeout: float = 10.0) -> bool:
    """Let the jobs running on ``graph``'s driver finish before it closes, ``timeout`` seconds
    at most in all (a job left running past it is an orphan the next job of its kind takes
    over: its heartbeat stops). True when none is left running."""
    deadline = time.monotonic() + timeout
    with _RUNNING_LOCK:
        mine = [t for t, d in _RUNNING if d is graph.driver and t.is_alive()]
    for thread in mine:
        thread.join(max(0.0, deadline - time.monotonic()))
    return not any(t.is_alive() for t in mine)


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
        kept = refresh_entry_points(graph, every_client=True,
                                    progress=lambda done, total: progress("entry points", done, total))
        return {**result.as_dict(), "companies_with_entry_points": kept}

    return run


# ---- the refresh of kept entry points, reach and centrality, after an import ---------------
REQUEST_REFRESH = "MERGE (m:Maintenance {id: 'entry-points'}) SET m.requested_at = datetime()"
REFRESH_REQUESTED_AT = """
OPTIONAL MATCH (m:Maintenance {id: 'entry-points'}) RETURN m.requested_at AS at, datetime() AS now
"""
REFRESH_ROUNDS = 3  # imports that land while a refresh runs get one more round each, up to this
ENTRY_POINTS_SHARE = 0.2  # of a round's progress bar; centrality takes the rest


def refresh_entry_points_later(graph: Graph) -> str:
    """Ask for the kept entry points, reach and centrality to be refreshed in a background
    job: start one, or, when one runs already, leave the request for it to see when it ends
    (it goes round again, since it may have read the graph before this import's changes).
    Returns the id of the job that will do it."""
    graph.execute(REQUEST_REFRESH)
    request_centrality(graph)
    try:
        return start(graph, "entry-points", entry_points_runner())["id"]
    except JobConflict as running:
        return running.active["id"]


def entry_points_runner(*, betweenness_samples: int = DEFAULT_BETWEENNESS_SAMPLES,
                        seed: int = DEFAULT_SEED) -> Runner:
    """Each round: the kept entry points and reach, then centrality (so the new ties count
    in PageRank and betweenness, docs/centrality.md); again while imports asked for it."""
    def run(graph: Graph, report: Callable[[float, str], None]) -> dict[str, Any]:
        kept, rounds, central = 0, 0, None
        while rounds < REFRESH_ROUNDS:
            rounds += 1
            started = graph.query(REFRESH_REQUESTED_AT)[0]["now"]
            kept = refresh_entry_points(
                graph, forget=False,
                progress=lambda done, total: report(ENTRY_POINTS_SHARE * done / total, "entry points"))

            def progress(phase: str, done: int, total: int | None) -> None:
                lo, hi = _PHASE_SPAN.get(phase, (0.0, 1.0))
                at = lo + (hi - lo) * (done / total if total else 1.0)
                report(ENTRY_POINTS_SHARE + (1 - ENTRY_POINTS_SHARE) * at, phase)

            central = run_centrality(graph, betweenness_samples=betweenness_samples, seed=seed,
                                     progress=progress)
            asked = graph.query(REFRESH_REQUESTED_AT)[0]["at"]
            if asked is None or asked <= started:
                break
        return {"companies_with_entry_points": kept, "rounds": rounds,
                "centrality": central.as_dict() if central else None}

    return run
