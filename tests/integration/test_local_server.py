"""The neo4j CLI and a real stop/start of the test server: /readyz follows it."""

import json
import time

import pytest
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


def _home(tmp_path, name: str, port: int):
    """A local server in a scratch state folder that shares the downloaded Neo4j."""
    from tests.conftest import SETTINGS

    state = tmp_path / name
    state.mkdir()
    (state / "lib").symlink_to(SETTINGS.neo4j_state_dir / "lib")
    return SETTINGS.with_changes(state_dir=state).local_neo4j(name, port, heap="512m", pagecache="64m")


def test_each_new_home_gets_its_own_owner_only_password(tmp_path, neo4j_server):
    from graph.config import DEV_PASSWORD

    passwords = []
    for name in ("first", "second"):  # what the first start does, without starting a server
        server = _home(tmp_path, name, 7699)
        server.write_config()
        server._set_initial_password(server.lib_dir)
        assert server.password_file.stat().st_mode & 0o777 == 0o600
        assert (server.home / "data" / "dbms" / "auth.ini").exists()  # Neo4j got it
        passwords.append(server.password)
    assert passwords[0] != passwords[1]
    assert DEV_PASSWORD not in passwords and min(len(p) for p in passwords) >= 24
    # the running test server has one too, and the tests reach it with it
    assert neo4j_server.password_file.stat().st_mode & 0o777 == 0o600
    assert neo4j_server.password != DEV_PASSWORD


def test_a_home_made_with_the_old_public_password_gets_its_own_at_its_next_start(tmp_path):
    """One real start: a home as older versions left it (DEV_PASSWORD, no password file)."""
    import subprocess

    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError

    from cli.loadtest import free_port
    from graph.config import DEV_PASSWORD
    from graph.local_server import ADMIN_TOOL

    server = _home(tmp_path, "legacy", free_port())
    server.write_config()
    subprocess.run([server.java(), "-cp", f"{server.lib_dir}/*", ADMIN_TOOL, "dbms",
                    "set-initial-password", DEV_PASSWORD],
                   env=server.child_environment(), check=True, capture_output=True)
    (server.home / "data" / "databases").mkdir(parents=True, exist_ok=True)  # "started before"
    assert server.password == DEV_PASSWORD  # what an old home answers to, until started
    try:
        server.start(timeout=180, echo=lambda _m: None)
        new = server.password
        assert new != DEV_PASSWORD
        assert server.password_file.stat().st_mode & 0o777 == 0o600
        assert not (server.home / "password.new").exists()
        with GraphDatabase.driver(server.uri, auth=("neo4j", new)) as driver:
            driver.verify_connectivity()
        old = GraphDatabase.driver(server.uri, auth=("neo4j", DEV_PASSWORD))
        with pytest.raises(AuthError), old:
            old.verify_connectivity()
    finally:
        server.stop(echo=lambda _m: None)
