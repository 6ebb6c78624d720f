"""Transaction timeouts on the request path (graph/db.py, docs/reliability.md): a query
that runs past REFERRALS_REQUEST_TIMEOUT_SECONDS is stopped by Neo4j itself, the request
answers 504 problem+json at about the timeout, and the transaction is gone from the
server; batch work (the CLI, jobs) has no such limit."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from graph.db import Graph, QueryTimeout

pytestmark = pytest.mark.neo4j

# counts nothing, slowly: 10^8 rows filtered one by one (tens of seconds if left alone)
SLOW = "UNWIND range(1, 100000000) AS x WITH x WHERE x < 0 RETURN count(*) AS n"
TIMEOUT = 1.0


def running(graph: Graph, fragment: str) -> list[dict]:
    return [row for row in graph.query("SHOW TRANSACTIONS YIELD transactionId, currentQuery, status "
                                       "RETURN transactionId, currentQuery, status")
            if fragment in (row["currentQuery"] or "")]


@pytest.fixture
def slow_app(graph, neo4j_settings):
    from runtime.requests import close as close_app
    from runtime.requests import current_graph
    from server import create_app

    app = create_app({"TESTING": True, "NEO4J": replace(neo4j_settings, request_timeout=TIMEOUT)})

    def slow():  # a route whose query is far too slow, as a bad search would be
        return {"n": current_graph().query(SLOW)[0]["n"]}

    app.add_url_rule("/test/slow", "test_slow", slow)
    yield app
    close_app(app)


def test_a_query_past_the_request_timeout_answers_504_and_is_stopped_on_the_server(slow_app, graph):
    client = slow_app.test_client()
    assert client.get("/readyz").status_code == 200  # connected: no start-up probe below
    started = time.monotonic()
    response = client.get("/test/slow")
    elapsed = time.monotonic() - started
    assert response.status_code == 504, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 504 and body["title"] == "Query timed out"
    assert response.headers["Retry-After"]
    assert "Traceback" not in response.get_data(as_text=True)
    assert elapsed < TIMEOUT + 1.0, f"answered after {elapsed:.2f} s"
    # gone from the server, not merely abandoned by the client
    assert running(graph, "range(1, 100000000)") == []
    # the database is fine: the next request is served at once (no fail-fast)
    assert client.get("/readyz").status_code == 200


def test_batch_graphs_have_no_request_timeout(graph, neo4j_settings):
    settings = replace(neo4j_settings, request_timeout=0.2)
    request_graph = Graph.connect(settings)
    batch_graph = Graph.connect(settings, request_path=False)
    medium = "UNWIND range(1, 20000000) AS x WITH x WHERE x < 0 RETURN count(*) AS n"
    try:
        request_graph.query("RETURN 1")
        assert request_graph.tx_timeout == 0.2 and batch_graph.tx_timeout is None
        assert request_graph.without_timeout().tx_timeout is None  # jobs started by a request
        with pytest.raises(QueryTimeout):
            request_graph.query(medium)
        assert batch_graph.query(medium) == [{"n": 0}]
    finally:
        request_graph.close()
        batch_graph.close()
