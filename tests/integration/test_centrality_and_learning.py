"""Issue #17 on the real Neo4j: centrality computed after an API import and by the tick
when stale (once), its age in /readyz and on the insights page; the ranking learned
from outcomes on by default only once warm, and its quality figures in the API."""

from __future__ import annotations

import io
import time
from dataclasses import replace
from pathlib import Path

import pytest

from graph import calibration
from graph import jobs as jobs_store
from graph.centrality import centrality_state, request_centrality, run_centrality
from services import centrality, paths
from services.users import create_user
from tests.integration.test_calibration_history import _history, _net
from tests.integration.test_paths import build
from tests.web.conftest import PASSWORD
from tests.web.test_web_security import sign_in

pytestmark = pytest.mark.neo4j

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"


@pytest.fixture(autouse=True)
def _fresh_models():
    """The fitted model and its report are cached per process: each test starts without."""
    calibration._cache.clear()
    calibration._quality_cache.clear()
    yield
    calibration._cache.clear()
    calibration._quality_cache.clear()


def _small(graph):
    build(graph, ["rep", "a", "b", "c", "tgt"],
          [("rep", "a", 0.8), ("a", "tgt", 0.7), ("rep", "b", 0.5), ("b", "c", 0.6), ("c", "tgt", 0.4)])


def _wait(client, headers, job_id: str, timeout: float = 90.0) -> dict:
    deadline, job = time.monotonic() + timeout, {}
    while time.monotonic() < deadline and job.get("status") not in ("done", "failed"):
        job = client.get(f"/api/v1/jobs/{job_id}", headers=headers).get_json()
        time.sleep(0.1)
    return job


# ---- centrality: after an import, on a schedule, its age ----------------------------------------
def test_an_api_import_computes_centrality_in_its_refresh_job(client, make_key, graph):
    h = make_key("write")
    data = {"format": "hubspot", "file": (io.BytesIO((DATA / "hubspot_contacts.csv").read_bytes()),
                                          "hubspot_contacts.csv")}
    started = time.monotonic()
    report = client.post("/api/v1/imports", data=data, headers=h, content_type="multipart/form-data")
    answered = time.monotonic() - started
    assert report.status_code == 200, report.get_data(as_text=True)
    job = _wait(client, h, report.get_json()["refresh_job"])
    assert job["status"] == "done", job
    people = graph.query("MATCH (p:Person) RETURN count(p) AS n, "
                         "count(p.centrality_computed_at) AS computed")[0]
    assert people["n"] > 0 and people["computed"] == people["n"]
    assert job["result"]["centrality"]["people"] == people["n"]
    state = centrality_state(graph)
    assert state["computed_at"] is not None and not state["changed_since"]
    assert answered < 30  # the import answered without waiting for the batch


def test_the_tick_refreshes_stale_centrality_once(ctx, graph):
    _small(graph)
    first = centrality.refresh_if_stale(ctx)
    assert first["ran"] and first["reason"] == "never computed" and first["status"] == "done"
    assert first["computed_at"] is not None and first["people"] == 5
    assert graph.query("MATCH (p:Person) WHERE p.centrality_computed_at IS NULL RETURN count(p) AS n"
                       )[0]["n"] == 0
    # idempotent: a second tick finds it fresh and starts nothing
    jobs_before = graph.query("MATCH (j:Job {kind: 'centrality'}) RETURN count(j) AS n")[0]["n"]
    again = centrality.refresh_if_stale(ctx)
    assert not again["ran"] and again["reason"] == "fresh" and again["job"] is None
    assert graph.query("MATCH (j:Job {kind: 'centrality'}) RETURN count(j) AS n")[0]["n"] == jobs_before

    # older than the configured age: recomputed
    graph.execute("MATCH (m:Maintenance {id: 'centrality'}) "
                  "SET m.computed_at = datetime() - duration('PT25H')")
    old = centrality.refresh_if_stale(ctx)
    assert old["ran"] and old["reason"] == "older than 24 h" and old["age_seconds"] < 60
    hourly = replace(ctx, rules=replace(ctx.rules, centrality_max_age_hours=1))
    assert not centrality.refresh_if_stale(hourly)["ran"]

    # an import through the CLI changed the graph since: recomputed at the next tick
    request_centrality(graph)
    assert centrality.refresh_if_stale(ctx)["reason"] == "an import changed the graph since"
    assert not centrality.refresh_if_stale(ctx)["ran"]


def test_a_tick_while_another_machine_runs_centrality_waits_for_it(ctx, graph):
    _small(graph)
    running = jobs_store.create(graph, "centrality")  # another process's run holds the lock
    out = centrality.refresh_if_stale(ctx)
    assert not out["ran"] and out["reason"] == "already running" and out["job"] == running["id"]
    assert centrality_state(graph)["computed_at"] is None


def test_readyz_says_how_old_centrality_is_and_never_fails_for_it(client, graph, monkeypatch):
    body = client.get("/readyz").get_json()
    assert body["status"] == "ready"
    assert body["centrality"] == {"computed_at": None, "age_seconds": None, "changed_since": False}
    _small(graph)
    run_centrality(graph)
    for url in ("/readyz", "/api/v1/readyz"):
        body = client.get(url).get_json()
        assert body["centrality"]["computed_at"] and 0 <= body["centrality"]["age_seconds"] < 60

    def broken(_graph):
        raise RuntimeError("boom")

    monkeypatch.setattr(centrality, "state", broken)
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json()["centrality"] is None


def test_the_insights_page_shows_the_centrality_age_and_the_curve(client, graph, ctx):
    _net(graph)
    create_user(ctx, email="lead@example.com", password=PASSWORD, role="sales_manager", person_id="rep")
    sign_in(client, "lead@example.com")
    html = client.get("/insights").get_data(as_text=True)
    assert 'id="centrality-age"' in html and "Centrality computed <strong>never</strong>" in html
    assert 'id="calibration-empty"' in html and "0 decided introductions" in html  # cold: empty state
    assert 'id="reliability-curve"' not in html

    run_centrality(graph)
    _history(graph, 90)
    calibration._quality_cache.clear()
    html = client.get("/insights").get_data(as_text=True)
    assert "Centrality computed <strong>just now</strong>" in html
    assert '<svg id="reliability-curve"' in html and 'class="diagonal"' in html
    assert html.count('<circle class="bin"') >= 1 and 'id="calibration-empty"' not in html
    assert "75 decided introductions" in html and "not yet: from 200" in html


# ---- learning from outcomes ------------------------------------------------------------------------
def test_the_calibration_endpoint_gives_the_figures_and_needs_paths_read(client, make_key, graph):
    _net(graph)
    url = "/api/v1/insights/calibration"
    reader = make_key("read")
    cold = client.get(url, headers=reader)
    assert cold.status_code == 200, cold.get_data(as_text=True)
    assert cold.get_json()["status"] == "cold" and cold.get_json()["bins"] == []
    assert cold.get_json()["log_loss"] is None and cold.get_json()["outcomes"] == 0

    _history(graph, 90)  # 75 decided: 30 won or meeting held, 45 lost, declined or qualified out
    calibration._quality_cache.clear()
    body = client.get(url, headers=reader).get_json()
    assert body["status"] == "learning" and body["outcomes"] == 75 and body["successes"] == 30
    assert body["base_rate"] == pytest.approx(0.4)
    assert body["log_loss"] > 0 and body["base_rate_log_loss"] == pytest.approx(0.673, abs=1e-3)
    assert 0 <= body["brier"] <= 1 and body["base_rate_brier"] == pytest.approx(0.24)
    assert sum(b["count"] for b in body["bins"]) == 75
    assert all(0 <= b["predicted"] <= 1 and 0 <= b["observed"] <= 1 for b in body["bins"])
    assert body["warm_outcomes"] == 200 and body["weight"] == 0.5 and body["applied_weight"] == 0.0

    no_paths = make_key("people:read")  # a key without paths:read (the insights' permission)
    denied = client.get(url, headers=no_paths)
    assert denied.status_code == 403 and denied.mimetype == "application/problem+json"
    assert client.get(url).status_code == 401


def test_the_default_weight_applies_only_once_the_model_is_warm(graph, ctx):
    _net(graph)
    assert ctx.rules.calibration_weight == 0.5 and ctx.rules.calibration_min_outcomes == 200

    def terms() -> dict:
        calibration._cache.clear()
        calibration.current_model(ctx.graph)  # fitted now: a request only uses what is fitted
        return paths.find_paths(ctx, "tgt", "rep")["paths"][0]["explanation"]["terms"]

    assert "p_meeting" not in terms()  # no history: cold, the hand-set ranking
    _history(graph, 90)  # 75 decided: fitted, but below 200: still the hand-set ranking
    assert not calibration.fit_from_history(graph).cold
    assert "p_meeting" not in terms()
    graph.execute("MATCH (i:Introduction) DETACH DELETE i")
    _history(graph, 300)  # 250 decided, both kinds: warm
    warm = terms()
    assert warm["calibration_trust"] == pytest.approx(0.5) and 0 < warm["p_meeting"] < 1
    off = replace(ctx, rules=replace(ctx.rules, calibration_weight=0.0))
    assert "p_meeting" not in paths.find_paths(off, "tgt", "rep")["paths"][0]["explanation"]["terms"]
