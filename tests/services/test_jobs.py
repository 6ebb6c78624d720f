"""The centrality job use cases on the real test Neo4j: start, one at a time, poll."""

from __future__ import annotations

import threading
import time

import pytest

from graph import jobs as store
from referrals.errors import Conflict, NotFound
from services import jobs
from tests.workflow_data import load_network

pytestmark = pytest.mark.neo4j


def _finished(ctx, job_id: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = jobs.get(ctx, job_id)
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {job['status']}")


def test_the_centrality_job_runs_once_at_a_time_and_stores_its_result(ctx, graph, monkeypatch):
    load_network(graph)
    release = threading.Event()
    real_runner = store.centrality_runner

    def held_runner(samples, seed):
        run = real_runner(samples, seed)

        def held(graph, report):
            assert release.wait(30)
            return run(graph, report)

        return held

    monkeypatch.setattr(store, "centrality_runner", held_runner)
    job = jobs.start_centrality(ctx, betweenness_samples=5, seed=7)
    assert job["kind"] == "centrality" and job["status"] == "queued"
    assert job["params"] == {"betweenness_samples": 5, "seed": 7}
    try:
        with pytest.raises(Conflict) as busy:
            jobs.start_centrality(ctx)
        assert busy.value.details == {"active_job": job["id"]}
        assert job["id"] in busy.value.message
    finally:
        release.set()
    done = _finished(ctx, job["id"])
    assert done["status"] == "done", done.get("error")
    assert done["result"]["people"] == 7 and done["progress"] == 1.0
    pct = graph.query("MATCH (p:Person) WHERE p.pagerank_pct IS NOT NULL RETURN count(p) AS n")[0]["n"]
    assert pct == 7
    again = jobs.start_centrality(ctx)  # once done, another may start
    assert _finished(ctx, again["id"])["status"] == "done"


def test_an_unknown_job_is_not_found(ctx):
    with pytest.raises(NotFound):
        jobs.get(ctx, "job-missing")


def test_closing_waits_for_the_jobs_running_on_the_driver_it_closes(graph):
    """A background job finishes before its driver closes (runtime.requests.close waits for
    it): before, a test app's job thread could lose its connection mid-write."""
    started = threading.Event()

    def slow(g, report):
        started.set()
        time.sleep(0.5)
        return {"slept": 0.5}

    job = store.start(graph, "wait-test", slow)
    assert started.wait(5)
    assert store.wait_for_jobs(graph, timeout=10.0) is True
    assert store.get(graph, job["id"])["status"] == "done"
    # nothing left running: nothing to wait for
    assert store.wait_for_jobs(graph, timeout=0.0) is True
