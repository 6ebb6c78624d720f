"""Faults, short form (the long one is `referrals bench faults` on the bench server).

gunicorn serves the app against the TEST server; under a mixed read/write load the test
kills Neo4j with SIGKILL, keeps sending, starts it again and checks: refused requests
are quick 503s (no hung worker), the app recovers without a restart, and every write
that was acknowledged with a 2xx is in the database. Then an import process killed
halfway through a file is run again and must finish with no duplicates.
"""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli.loadtest import Workload, run_faults, serve
from runtime.settings import Settings

pytestmark = pytest.mark.neo4j
SETTINGS = Settings.from_env()


def test_kill_neo4j_under_load_quick_503s_recovery_and_no_lost_writes(graph, neo4j_server, neo4j_settings,
                                                                     make_key, tmp_path):
    key = make_key("write", "faults")["X-API-Key"]
    workload = Workload(key=key, search_terms=["Load", "Test", "load-"],
                        weights={"person": 0.4, "get": 0.3, "search": 0.3})
    with serve(neo4j_settings, workers=2, threads=4, log_path=tmp_path / "gunicorn.log",
               settings=SETTINGS) as served:
        workers_before = set(served.worker_pids())
        result = run_faults(served, neo4j_settings, neo4j_server, workload, users=4, before=2.0,
                            down=3.0, after=2.0, recover_timeout=45.0, echo=lambda _m: None)
        workers_after = set(served.worker_pids())
    log = (tmp_path / "gunicorn.log").read_text(errors="replace")
    assert result["errors_before_kill"] == 0, result["before_statuses"]
    assert result["answered_503"] > 0, result  # the outage was seen, as a 503
    assert result["outage_other_statuses"] == {}, result  # never a 500 or a stack trace
    # not even while Neo4j is starting (Bolt open, database recovering): the first
    # transactions after an outage run with a deadline (graph.db.Graph.probe_seconds)
    assert result["hung_requests"] == 0, result
    assert result["max_503_ms"] < 5000, result  # the driver's budgets: a 503 within seconds
    assert result["recovered"], result
    assert result["errors_after_recovery"] == 0, result
    assert result["writes_acknowledged"] > 0, result
    assert result["writes_found"] == result["writes_acknowledged"], result
    assert result["gunicorn_alive"], result
    assert workers_after == workers_before, "a worker died or timed out:\n" + log[-3000:]
    assert "WORKER TIMEOUT" not in log
    assert "Traceback" not in log, log[-3000:]
    # neither the database password nor the API key reached the server's log during the outage
    assert neo4j_settings.password not in log and key not in log


def _contacts_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Record ID", "First Name", "Last Name", "Email", "Company Name", "Job Title"])
        for i in range(rows):
            out.writerow([str(100000 + i), f"First{i}", f"Last{i}", f"person{i}@company{i % 200}.example",
                          f"Company {i % 200}", "Buyer"])


def _import(path: Path, neo4j_settings, *extra: str) -> subprocess.Popen:
    env = SETTINGS.process_environment(NEO4J_URI=neo4j_settings.uri, NEO4J_PASSWORD=neo4j_settings.password)
    referrals = Path(sys.executable).with_name("referrals")
    return subprocess.Popen([str(referrals), "import", str(path), "--format", "hubspot", "--json", *extra],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _counts(graph) -> dict[str, int]:
    return graph.query(
        "MATCH (p:Person) WITH count(p) AS people, count(DISTINCT p.email) AS emails "
        "MATCH (c:Company) WITH people, emails, count(c) AS companies, count(DISTINCT c.name) AS names "
        "OPTIONAL MATCH (x:ExternalId) RETURN people, emails, companies, names, count(x) AS external_ids")[0]


def test_import_killed_halfway_then_rerun_completes_without_duplicates(graph, neo4j_settings, tmp_path):
    rows = 12_000
    path = tmp_path / "contacts.csv"
    _contacts_csv(path, rows)
    proc = _import(path, neo4j_settings, "--batch-size", "500")
    deadline = time.monotonic() + 60
    killed_at = None
    while time.monotonic() < deadline and proc.poll() is None:
        n = graph.query("MATCH (p:Person) RETURN count(p) AS n")[0]["n"]
        if n >= 1000:
            proc.send_signal(signal.SIGKILL)
            killed_at = n
            break
        time.sleep(0.05)
    proc.wait(timeout=30)
    if killed_at is None:
        pytest.fail(f"the import ended (rc {proc.returncode}) before it could be killed halfway")
    partial = _counts(graph)
    assert 0 < partial["people"] < rows, partial

    again = _import(path, neo4j_settings)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()[-2000:]
    final = _counts(graph)
    assert final["people"] == rows == final["emails"], final
    assert final["companies"] == 200 == final["names"], final
    # a third run changes nothing
    third = _import(path, neo4j_settings)
    third.communicate(timeout=300)
    assert _counts(graph) == final
