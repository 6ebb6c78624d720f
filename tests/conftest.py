"""Shared fixtures. Tests that need Neo4j use a separate local server on port 7688.

It has its own home folder (.neo4j/test), so `make test` never touches the demo data
and works whether or not `make demo` is running. Each test gets an empty database.
"""

from __future__ import annotations

import pytest

from graph.config import Neo4jSettings
from runtime.settings import Settings

SETTINGS = Settings.from_env()
TEST_PORT = SETTINGS.test_bolt_port


@pytest.fixture(scope="session")
def neo4j_server():
    # A non-default port gets its own home, so parallel test runs never share a database.
    name = "test" if TEST_PORT == 7688 else f"test-{TEST_PORT}"
    server = SETTINGS.local_neo4j(name, TEST_PORT, heap="768m", pagecache="256m")
    already_running = server.pid() is not None and server.bolt_open()
    if not already_running:
        server.start(timeout=180)
    yield server
    if not already_running and not SETTINGS.keep_test_server:
        server.stop(echo=lambda _m: None)


@pytest.fixture(scope="session")
def neo4j_settings(neo4j_server) -> Neo4jSettings:
    return Neo4jSettings(uri=neo4j_server.uri, password=neo4j_server.password)


@pytest.fixture(scope="session")
def session_graph(neo4j_settings):
    from graph.db import Graph
    from graph.schema import ensure_schema

    graph = Graph.connect(neo4j_settings, request_path=False)
    ensure_schema(graph)
    yield graph
    graph.close()


def wipe(graph) -> None:
    graph.run_autocommit("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")


@pytest.fixture
def graph(session_graph, neo4j_server):
    """An empty database (schema kept) for one test."""
    if not neo4j_server.bolt_open():  # a fault test may have stopped it
        neo4j_server.start(timeout=180)
    wipe(session_graph)
    return session_graph


@pytest.fixture
def app(graph, neo4j_settings):
    from runtime.requests import close as close_app
    from server import create_app

    app = create_app({"TESTING": True, "NEO4J": neo4j_settings})
    yield app
    close_app(app)


@pytest.fixture
def ctx(graph):
    """The use cases' context on the empty test database, as the CLI gets it (`bootstrap`)."""
    from runtime import bootstrap

    return bootstrap(SETTINGS, graph=graph)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_key(graph):
    """Create an API key in the test database; returns headers carrying it.

    headers = make_key("write")  ->  {"X-API-Key": "rk_..."}
    """
    from graph.keys import create_key

    def make(scope: str = "admin", name: str = "test") -> dict[str, str]:
        _record, plaintext = create_key(graph, name, scope)
        return {"X-API-Key": plaintext}

    return make


@pytest.fixture
def admin_headers(make_key) -> dict[str, str]:
    return make_key("admin", "test-admin")
