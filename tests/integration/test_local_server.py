"""The neo4j CLI and a real stop/start of the test server: /readyz follows it."""

import json
import time

from click.testing import CliRunner

from cli.main import cli


def test_status_reports_the_running_test_server(neo4j_server):
    result = CliRunner().invoke(cli, ["neo4j", "status", "--name", neo4j_server.name,
                                      "--port", str(neo4j_server.bolt_port), "--json"])
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)
    assert status["running"] is True
    assert status["uri"] == neo4j_server.uri
    assert status["resident_mb"] > 50


def test_status_of_a_server_that_never_ran_exits_3(tmp_path, monkeypatch):
    monkeypatch.setenv("REFERRALS_STATE_DIR", str(tmp_path))
    result = CliRunner().invoke(cli, ["neo4j", "status", "--name", "ghost", "--port", "7699"])
    assert result.exit_code == 3
    assert "not running" in result.output


def test_readyz_follows_a_real_stop_and_start(app, neo4j_server):
    client = app.test_client()
    assert client.get("/readyz").status_code == 200
    neo4j_server.stop(echo=lambda _m: None)
    try:
        started = time.monotonic()
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.mimetype == "application/problem+json"
        assert time.monotonic() - started < 5
    finally:
        neo4j_server.start(timeout=180, echo=lambda _m: None)
    # the same app (same driver) recovers without a restart
    deadline = time.monotonic() + 20
    while client.get("/readyz").status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert client.get("/readyz").status_code == 200
