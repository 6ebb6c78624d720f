"""Background jobs: start the centrality batch and read any job's progress and result.

The job runs in a thread of the process that started it and one job of a kind runs at a
time, guarded in Neo4j (graph/jobs.py): a second start raises Conflict with
`active_job`, the one to poll instead. Path queries only read what the batch stores.
"""

from __future__ import annotations

import time
from typing import Any

from graph import jobs as store
from graph.centrality import DEFAULT_BETWEENNESS_SAMPLES, DEFAULT_SEED
from referrals.errors import NotFound
from referrals.permissions import Action
from services import audit, authorization, metrics
from services.context import Context


def start_centrality(ctx: Context, *, betweenness_samples: int = DEFAULT_BETWEENNESS_SAMPLES,
                     seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Queue the centrality batch (PageRank, sampled betweenness, degree, percentiles) and
    start it; answers the queued job at once. Conflict (`active_job`) while one runs."""
    authorization.require(ctx, Action.RUN_IMPORTS)
    params = {"betweenness_samples": betweenness_samples, "seed": seed}
    job = store.start(ctx.graph, "centrality",
                      timed("centrality", store.centrality_runner(betweenness_samples, seed)), params)
    audit.record(ctx, "job.started", "job", job.get("id"), "centrality")
    return job


def timed(kind: str, run: store.Runner) -> store.Runner:
    """`run`, its duration recorded (referrals_job_duration_seconds) whether it ends done or failed."""
    def run_timed(graph, report):
        started, status = time.monotonic(), "failed"
        try:
            result = run(graph, report)
            status = "done"
            return result
        finally:
            metrics.observe(metrics.JOB_DURATION, time.monotonic() - started, kind, status)

    return run_timed


def get(ctx: Context, job_id: str) -> dict[str, Any]:
    """One job: its status, progress, timings, and its result once done."""
    authorization.require(ctx, Action.RUN_IMPORTS)
    job = store.get(ctx.graph, job_id)
    if job is None:
        raise NotFound(f"No job has the id {job_id!r}.")
    return job
