"""Cluster-ready driver use, against the local single server: the ``neo4j://`` routing
scheme works end to end, and a routing driver chains every transaction of the process with
bookmarks, so a read after a write waits for a member that has it (graph/db.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph.db import Graph
from graph.keys import create_key

pytestmark = pytest.mark.neo4j


@pytest.fixture
def routed_settings(neo4j_settings, graph):
    return replace(neo4j_settings, uri=neo4j_settings.uri.replace("bolt://", "neo4j://"))


def test_a_routing_driver_reads_its_own_writes_through_bookmarks(routed_settings):
    routed = Graph.connect(routed_settings)
    try:
        assert routed.bookmark_manager is not None
        before = set(routed.bookmark_manager.get_bookmarks())
        routed.execute("CREATE (:RoutingProbe {id: 1})")
        after_write = set(routed.bookmark_manager.get_bookmarks())
        assert after_write and after_write != before  # the commit's bookmark is kept
        # a read (execute_read: routed to a reader) carries it, and sees the write
        assert routed.query("MATCH (p:RoutingProbe) RETURN count(p) AS n")[0]["n"] == 1
        # a job's graph (no timeout) shares the chain
        assert routed.without_timeout().bookmark_manager is routed.bookmark_manager
    finally:
        routed.close()


def test_a_direct_driver_needs_no_bookmarks(graph):
    assert graph.bookmark_manager is None


def test_the_app_answers_over_neo4j_scheme(routed_settings, graph):
    from runtime.requests import close as close_app
    from server import create_app

    app = create_app({"TESTING": True, "NEO4J": routed_settings})
    try:
        _record, key = create_key(graph, "routed", "write")
        client = app.test_client()
        created = client.post("/api/v1/people", headers={"X-API-Key": key},
                              json={"name": "Rita Routed"})
        assert created.status_code == 201, created.get_json()
        got = client.get(f"/api/v1/people/{created.get_json()['id']}", headers={"X-API-Key": key})
        assert got.status_code == 200 and got.get_json()["name"] == "Rita Routed"
    finally:
        close_app(app)
