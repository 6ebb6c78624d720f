"""The refresh of kept entry points and reach as a background job (graph/jobs.py), the way an
import through the API asks for it: it runs in a thread, and an import that lands while it
runs gets one more round, since the running one may have read the graph before it."""

from __future__ import annotations

import threading
import time

import pytest

from graph import centrality, entry_points
from graph import jobs as jobs_store
from tests.integration.test_paths import company_network

pytestmark = pytest.mark.neo4j


def _wait(graph, job_id: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = jobs_store.get(graph, job_id)
        if job and job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")


@pytest.fixture
def small_lines(monkeypatch):
    """Every company of this small network counts as big."""
    monkeypatch.setattr(entry_points, "KEEP_FROM_EMPLOYEES", 10)
    monkeypatch.setattr(entry_points, "KEEP_REACH_FROM_EMPLOYEES", 10)


def test_a_refresh_asked_for_later_keeps_entry_points_and_reach_in_a_job(graph, small_lines):
    company_network(graph)
    job = _wait(graph, jobs_store.refresh_entry_points_later(graph))
    assert job["status"] == "done" and job["kind"] == "entry-points"
    assert {k: job["result"][k] for k in ("companies_with_entry_points", "rounds")} == {
        "companies_with_entry_points": 3, "rounds": 1}
    kept = graph.query("MATCH (c:Company) RETURN c.id AS id, c.entry_from IS NOT NULL AS entries, "
                       "c.reach_target IS NOT NULL AS reach ORDER BY id")
    assert [(r["id"], r["entries"], r["reach"]) for r in kept] == [
        ("c-acme", True, True), ("c-poor", True, True), ("c-target", True, False)]


def test_a_refresh_asked_for_while_one_runs_makes_it_go_round_again(graph, small_lines, monkeypatch):
    company_network(graph)
    first_round, release = threading.Event(), threading.Event()
    calls = []
    real = jobs_store.refresh_entry_points

    def held(graph, **kwargs):
        calls.append(kwargs.get("forget"))
        if len(calls) == 1:
            first_round.set()
            assert release.wait(30)
        return real(graph, **kwargs)

    monkeypatch.setattr(jobs_store, "refresh_entry_points", held)
    job_id = jobs_store.refresh_entry_points_later(graph)
    assert first_round.wait(30)
    # a second import while the first refresh runs: the same job answers for it
    assert jobs_store.refresh_entry_points_later(graph) == job_id
    release.set()
    job = _wait(graph, job_id)
    assert job["status"] == "done" and job["result"]["rounds"] == 2
    assert calls == [False, False]  # after an import it never forgets: the nightly batch does


def test_the_refresh_after_an_import_computes_centrality(graph):
    """Issue #17: centrality follows every import that changed something, in the same job."""
    company_network(graph)
    assert centrality.centrality_state(graph)["computed_at"] is None
    job = _wait(graph, jobs_store.refresh_entry_points_later(graph))
    assert job["status"] == "done", job.get("error")
    people = graph.query("MATCH (p:Person) RETURN count(p) AS n, "
                         "count(p.centrality_computed_at) AS computed, max(p.pagerank_pct) AS top")[0]
    assert people["computed"] == people["n"] > 0 and people["top"] == 1.0
    state = centrality.centrality_state(graph)
    assert state["computed_at"] is not None and state["age_seconds"] < 60
    assert not state["changed_since"]  # the run read the graph after the import asked
    assert job["result"]["centrality"]["people"] == people["n"]


def test_the_batch_keeps_every_clients_reach_and_the_refresh_after_an_import_drops_the_small_ones(graph):
    company_network(graph)  # its two clients are under KEEP_REACH_FROM_EMPLOYEES people

    def kept_reach():
        return [r["id"] for r in graph.query("MATCH (c:Company) WHERE c.reach_target IS NOT NULL "
                                             "RETURN c.id AS id ORDER BY id")]

    entry_points.refresh_entry_points(graph, every_client=True)  # the nightly batch, a seed load
    assert kept_reach() == ["c-acme", "c-poor"]
    # after an import: their kept reach predates its ties, so they are scanned live again
    entry_points.refresh_entry_points(graph, forget=False)
    assert kept_reach() == []
    job = _wait(graph, jobs_store.refresh_entry_points_later(graph))  # the API's import does the same
    assert job["status"] == "done" and kept_reach() == []
