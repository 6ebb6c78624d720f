"""Centrality batch against the real server, on a small graph whose answer is obvious.

Two dense groups joined only through ``bridge``; ``hub`` sits in the left group with
strong ties to everyone there and four extra acquaintances (who also know ``l1``, so the
hub is not their only way out). Everything between the groups runs through the bridge:
it has the top betweenness; the hub has the most (and strongest) ties: top PageRank.
"""

from __future__ import annotations

import threading
import time
from itertools import combinations

import networkx as nx
import numpy as np
import pytest

from graph import jobs
from graph.centrality import run_centrality
from search import centrality

pytestmark = pytest.mark.neo4j

LEFT = ["hub", *[f"l{i}" for i in range(1, 8)]]
RIGHT = [f"r{i}" for i in range(1, 9)]
EXTRA = [f"x{i}" for i in range(1, 5)]


def _ties() -> list[tuple[str, str, float]]:
    ties = []
    for group in (LEFT, RIGHT):
        for a, b in combinations(group, 2):
            ties.append((a, b, 0.9 if "hub" in (a, b) else 0.3))
    for x in EXTRA:
        ties += [("hub", x, 0.8), ("l1", x, 0.2)]
    ties += [("l6", "bridge", 0.5), ("l7", "bridge", 0.5), ("bridge", "r1", 0.5), ("bridge", "r2", 0.5)]
    return ties


PEOPLE = [*LEFT, *RIGHT, *EXTRA, "bridge", "loner"]


def _load(graph) -> None:
    graph.execute("UNWIND $ids AS id CREATE (:Person {id: id, name: id})", ids=PEOPLE)
    graph.execute("""
        UNWIND $rows AS row
        MATCH (a:Person {id: row[0]}), (b:Person {id: row[1]})
        CREATE (a)-[:KNOWS {strength: row[2]}]->(b)
        """, rows=[[a, b, s] for a, b, s in _ties()])


def _stored(graph) -> dict[str, dict]:
    rows = graph.query("MATCH (p:Person) RETURN p.id AS id, p {.*} AS props")
    return {r["id"]: r["props"] for r in rows}


def test_bridge_and_hub_are_found_and_stored(graph):
    _load(graph)
    seen: list[str] = []
    result = run_centrality(graph, betweenness_samples=100, read_page=5, write_batch=7,
                                       progress=lambda phase, _d, _t: seen.append(phase))
    assert result.people == len(PEOPLE)
    assert result.ties == len(_ties())
    assert result.top_betweenness[0][0] == "bridge"
    assert result.top_pagerank[0][0] == "hub"
    assert {"read", "build", "pagerank", "betweenness", "percentiles", "write"} <= set(seen)

    stored = _stored(graph)
    assert all("centrality_computed_at" in p for p in stored.values())
    assert stored["bridge"]["betweenness_pct"] == 1.0
    assert stored["hub"]["pagerank_pct"] == 1.0
    assert stored["loner"]["betweenness"] == 0.0 and stored["loner"]["betweenness_pct"] == 0.0
    assert stored["loner"]["degree"] == 0
    assert stored["hub"]["degree"] == len(LEFT) - 1 + len(EXTRA)
    assert all(0.0 <= p["pagerank_pct"] <= 1.0 and 0.0 <= p["betweenness_pct"] <= 1.0
               for p in stored.values())

    # the same numbers as networkx (exact betweenness: 100 pivots >= 22 people)
    g = nx.Graph()
    g.add_nodes_from(PEOPLE)
    g.add_weighted_edges_from(_ties())
    ref_b = nx.betweenness_centrality(g)
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    ref_p = _pagerank_python(g, weight="weight")
    for pid, props in stored.items():
        assert props["betweenness"] == pytest.approx(ref_b[pid], abs=1e-12)
        assert props["pagerank"] == pytest.approx(ref_p[pid], rel=1e-6)


def test_sampled_betweenness_matches_networkx():
    g = nx.connected_watts_strogatz_graph(300, 6, 0.2, seed=3)
    arrays = centrality.TieArrays.from_ties(((str(u), str(v), 1.0) for u, v in g.edges()),
                                            people=[str(n) for n in g])
    _w, pattern = centrality.build_matrices(arrays)
    mine = centrality.betweenness(pattern, 20, seed=5, batch=7)
    ref = nx.betweenness_centrality(nx.relabel_nodes(g, str), k=20, seed=5)
    assert np.allclose(mine, [ref[i] for i in arrays.ids], atol=1e-12)


def test_percentiles():
    pct = centrality.percentile_ranks(np.array([0.0, 0.0, 0.5, 2.0, 1.0]))
    assert pct.tolist() == [0.0, 0.0, 0.5, 1.0, 0.75]


def _wait(client, headers, location, status=("done", "failed"), timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(location, headers=headers).get_json()
        if job["status"] in status:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job still {job['status']}")


def test_job_endpoint_runs_to_done(client, graph, make_key):
    _load(graph)
    write, read = make_key("write"), make_key("read")
    response = client.post("/api/v1/jobs/centrality", json={"betweenness_samples": 50}, headers=write)
    assert response.status_code == 202, response.get_json()
    job = response.get_json()
    assert job["kind"] == "centrality" and job["status"] in ("queued", "running", "done")
    location = response.headers["Location"]
    assert location.endswith(f"/api/v1/jobs/{job['id']}")

    done = _wait(client, write, location)  # jobs are read by who may run them
    assert done["status"] == "done", done
    assert done["progress"] == 1.0
    assert done["finished_at"] and done["started_at"]
    assert done["result"]["people"] == len(PEOPLE)
    assert done["result"]["top_betweenness"][0]["id"] == "bridge"
    assert _stored(graph)["hub"]["pagerank_pct"] == 1.0

    assert client.get("/api/v1/jobs/job-missing", headers=write).status_code == 404
    assert client.post("/api/v1/jobs/centrality", headers=read).status_code == 403
    assert client.get(location).status_code == 401


def test_second_start_while_running_is_409(client, graph, make_key, monkeypatch):
    release = threading.Event()

    def slow_runner(_samples, _seed):
        def run(_graph, report):
            report(0.5, "waiting")
            assert release.wait(30)
            return {"ok": True}

        return run

    monkeypatch.setattr(jobs, "centrality_runner", slow_runner)
    headers = make_key("admin")
    first = client.post("/api/v1/jobs/centrality", headers=headers)
    assert first.status_code == 202
    try:
        second = client.post("/api/v1/jobs/centrality", headers=headers)
        assert second.status_code == 409
        problem = second.get_json()
        assert problem["active_job"] == first.get_json()["id"]
        assert second.headers["Location"] == first.headers["Location"]
    finally:
        release.set()
    done = _wait(client, headers, first.headers["Location"])
    assert done["status"] == "done" and done["result"] == {"ok": True}
    # once it is done another may start
    again = client.post("/api/v1/jobs/centrality", headers=headers)
    assert again.status_code == 202
    _wait(client, headers, again.headers["Location"])


def test_failed_job_records_the_error(graph, monkeypatch):
    def boom(_graph, _report):
        raise RuntimeError("no luck")

    job = jobs.create(graph, "centrality")
    jobs.execute(graph, job["id"], boom)
    failed = jobs.get(graph, job["id"])
    assert failed["status"] == "failed" and "no luck" in failed["error"]
