"""`referrals backup` and `referrals restore` on this run's own test server: back up, change
the graph (nodes and ties added, deleted, a property changed), restore, and every node
and tie is as it was (counts and a checksum of ids, labels and properties). The refusals
(an existing dump without --force, a restore without --force, no dump) change nothing."""

from __future__ import annotations

import hashlib
import json
import time

import pytest
from click.testing import CliRunner

from cli.main import cli
from graph.local_server import LocalServerError, backup_database, restore_database

pytestmark = pytest.mark.neo4j


def _snapshot(graph) -> tuple[dict[str, int], str]:
    """(counts, sha256) of every node (labels, properties) and tie (type, ends, properties),
    each named by the app's ids, in a canonical order."""
    nodes = graph.query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    ties = graph.query("MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, "
                       "properties(r) AS props")
    canon = sorted(json.dumps([sorted(n["labels"]), n["props"]], sort_keys=True, default=str) for n in nodes)
    canon += sorted(json.dumps([t["type"], t["start"], t["end"], t["props"]], sort_keys=True, default=str)
                    for t in ties)
    return {"nodes": len(nodes), "ties": len(ties)}, hashlib.sha256("\n".join(canon).encode()).hexdigest()


def _answering(graph, timeout: float = 60.0):
    """The session's driver once the restarted server answers it again."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            graph.query("RETURN 1 AS one")
            return graph
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _build(graph) -> None:
    graph.run_autocommit(
        "UNWIND range(1, 40) AS i "
        "CREATE (:Company {id: 'c-' + i, name: 'Company ' + i, icp_fit: i / 40.0})")
    graph.run_autocommit(
        "UNWIND range(1, 300) AS i MATCH (c:Company {id: 'c-' + (i % 40 + 1)}) "
        "CREATE (p:Person {id: 'p-' + i, name: 'Person ' + i, tags: ['a', toString(i)], "
        "  since: date('2024-01-01') + duration({days: i})})"
        "-[:WORKS_AT {current: true, title: 'T' + i}]->(c)")
    graph.run_autocommit(
        "UNWIND range(1, 299) AS i MATCH (a:Person {id: 'p-' + i}), (b:Person {id: 'p-' + (i + 1)}) "
        "CREATE (a)-[:KNOWS {strength: i / 300.0, channel: 'email'}]->(b)")


def _change(graph) -> None:
    graph.run_autocommit("MATCH (p:Person) WHERE p.id IN ['p-1', 'p-2', 'p-3'] DETACH DELETE p")
    graph.run_autocommit("MATCH (:Person {id: 'p-10'})-[k:KNOWS]->() DELETE k")
    graph.run_autocommit("MATCH (p:Person {id: 'p-20'}) SET p.name = 'Renamed', p.extra = 1")
    graph.run_autocommit("CREATE (:Person {id: 'p-new', name: 'New'})-[:KNOWS {strength: 1.0}]->"
                         "(:Person {id: 'p-new-2'})")


def test_backup_change_restore_gives_back_every_node_and_tie(graph, neo4j_server, tmp_path, monkeypatch):
    # the CLI builds its server from the settings: the same home, port and memory as the session's
    monkeypatch.setenv("NEO4J_HEAP", neo4j_server.heap)
    monkeypatch.setenv("NEO4J_PAGECACHE", neo4j_server.pagecache)
    where = ["--name", neo4j_server.name, "--port", str(neo4j_server.bolt_port)]
    runner = CliRunner()
    _build(graph)
    before = _snapshot(graph)
    assert before[0] == {"nodes": 340, "ties": 599}

    backup = runner.invoke(cli, ["backup", str(tmp_path / "b"), *where])
    assert backup.exit_code == 0, backup.output
    dump = tmp_path / "b" / "neo4j.dump"
    assert dump.stat().st_size > 0
    assert "Stopping Neo4j" in backup.output
    assert f"Backed up 'neo4j' of Neo4j '{neo4j_server.name}'" in backup.output
    assert "was down for" in backup.output and f"referrals restore {tmp_path / 'b'}" in backup.output
    assert list((tmp_path / "b").iterdir()) == [dump]  # no scratch folder left behind
    assert neo4j_server.pid() is not None  # started again
    assert _snapshot(_answering(graph)) == before  # the backup itself changed nothing

    _change(graph)
    changed = _snapshot(graph)
    assert changed != before and changed[0] == {"nodes": 339, "ties": 593}

    # refusals, the server untouched
    again = runner.invoke(cli, ["backup", str(tmp_path / "b"), *where])
    assert again.exit_code == 1 and "already exists" in again.output and "--force" in again.output
    unforced = runner.invoke(cli, ["restore", str(tmp_path / "b"), *where])
    assert unforced.exit_code == 1 and "--force" in unforced.output and "lost" in unforced.output
    (tmp_path / "empty").mkdir()
    nothing = runner.invoke(cli, ["restore", str(tmp_path / "empty"), "--force", *where])
    assert nothing.exit_code == 1 and "No backup at" in nothing.output
    assert _snapshot(graph) == changed

    restore = runner.invoke(cli, ["restore", str(dump), "--force", *where])
    assert restore.exit_code == 0, restore.output
    assert "Loading" in restore.output and "Restored Neo4j" in restore.output
    assert _snapshot(_answering(graph)) == before


def test_a_stopped_server_is_backed_up_and_stays_stopped(graph, neo4j_server, tmp_path):
    graph.run_autocommit("CREATE (:Person {id: 'p-only', name: 'Only'})")
    before = _snapshot(graph)
    neo4j_server.stop(echo=lambda _m: None)
    try:
        lines: list[str] = []
        result = backup_database(neo4j_server, tmp_path, echo=lines.append)
        assert result.downtime_seconds == 0 and neo4j_server.pid() is None
        assert not any("Stopping" in line for line in lines)
        with pytest.raises(LocalServerError, match="--force"):
            restore_database(neo4j_server, tmp_path, echo=lines.append)
        restore_database(neo4j_server, tmp_path, force=True, echo=lines.append)
        assert neo4j_server.pid() is None
    finally:
        neo4j_server.start(timeout=180, echo=lambda _m: None)
    assert _snapshot(_answering(graph)) == before
