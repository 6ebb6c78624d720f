"""Centrality's age, and its scheduled refresh (issue #17).

The batch itself is graph/centrality.py; it runs after every import that changed
something (the refresh job, graph/jobs.py), from `POST /jobs/centrality` and
`referrals centrality`, and from `referrals tick` through ``refresh_if_stale`` when the
stored run is older than ``Rules.centrality_max_age_hours`` (REFERRALS_CENTRALITY_MAX_AGE_HOURS,
24), was never made, or an import changed the graph since it read it.

``refresh_if_stale`` runs the batch in the calling process (cron's, not a web worker)
as a job of kind ``centrality``: the job lock (graph/jobs.py) lets one machine run it
when several tick at once; the others answer that it is already running. A second tick
after it finds the centrality fresh and does nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from graph import centrality as store
from graph import jobs as jobs_store
from graph.db import Graph
from referrals.permissions import Action
from services import authorization
from services.context import Context
from services.jobs import timed


def state(graph: Graph) -> dict[str, Any]:
    """{computed_at, age_seconds, people, changed_since}: what the insights page and
    /readyz show (no permission needed: a timestamp names nobody)."""
    found = store.centrality_state(graph)
    return {k: found[k] for k in ("computed_at", "age_seconds", "people", "changed_since")}


def stale_reason(found: dict[str, Any], max_age: timedelta) -> str | None:
    """Why the stored centrality should be recomputed now, or None when it is fresh."""
    if found["computed_at"] is None:
        return "never computed"
    if found["changed_since"]:
        return "an import changed the graph since"
    if found["age_seconds"] >= max_age.total_seconds():
        return f"older than {max_age.total_seconds() / 3600:g} h"
    return None


def refresh_if_stale(ctx: Context, *, max_age_hours: float | None = None,
                     force: bool = False) -> dict[str, Any]:
    """Recompute centrality when stale (or `force`), here and now. Answers {ran, reason,
    job, status, computed_at, age_seconds, people}; `ran` is False when it was fresh or a
    run of another process holds the lock (then `job` names it)."""
    authorization.require(ctx, Action.RUN_IMPORTS)
    hours = ctx.rules.centrality_max_age_hours if max_age_hours is None else max_age_hours
    found = store.centrality_state(ctx.graph)
    reason = "asked" if force else stale_reason(found, timedelta(hours=hours))
    if reason is None:
        return {"ran": False, "reason": "fresh", "job": None, "status": None, **state(ctx.graph)}
    try:
        job = jobs_store.create(ctx.graph, "centrality", {"scheduled": True, "reason": reason})
    except jobs_store.JobConflict as running:
        return {"ran": False, "reason": "already running", "job": running.active["id"],
                "status": running.active.get("status"), **state(ctx.graph)}
    # a batch: no request transaction timeout
    jobs_store.execute(ctx.graph.without_timeout(), job["id"],
                       timed("centrality", jobs_store.centrality_runner(
                           store.DEFAULT_BETWEENNESS_SAMPLES, store.DEFAULT_SEED)))
    done = jobs_store.get(ctx.graph, job["id"]) or {}
    return {"ran": True, "reason": reason, "job": job["id"], "status": done.get("status"),
            "error": done.get("error"), **state(ctx.graph)}
