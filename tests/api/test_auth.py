"""API keys: 401 / 403 / 429 as problem+json, scopes, revocation, cache, CLI."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner
from flask.views import MethodView
from flask_smorest import Blueprint

from api.auth import auth_state, invalidate, require_scope
from graph.keys import create_key, list_keys, revoke_key
from referrals.keys import hash_secret, parse_key


def _with_probe(app):
    """A throwaway blueprint with one route per scope (methods and a plain function)."""
    blp = Blueprint("auth_probe", __name__)

    @blp.route("/probe")
    class Probe(MethodView):
        @require_scope("read")
        @blp.response(200)
        def get(self):
            return {"ok": "read"}

        @require_scope("write")
        @blp.response(200)
        def post(self):
            return {"ok": "write"}

    @blp.route("/probe/admin")
    @require_scope("admin")
    @blp.response(200)
    def admin_only():
        return {"ok": "admin"}

    app.extensions["api"].register_blueprint(blp, url_prefix="/api/v1")
    return app


@pytest.fixture
def probe(app):
    return _with_probe(app).test_client()


def _is_problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert "rk_" not in response.get_data(as_text=True)  # never echo a key
    return body


def test_key_format_and_hash_only_storage(graph):
    record, plaintext = create_key(graph, "ci", "read")
    parsed = parse_key(plaintext)
    assert parsed and parsed.id == record["id"] and plaintext.startswith(f"rk_{record['id']}_")
    stored = graph.query("MATCH (k:ApiKey {id: $id}) RETURN k {.*} AS k", id=record["id"])[0]["k"]
    assert stored["hash"] == hash_secret(parsed.secret)
    assert parsed.secret not in str(stored)
    assert "hash" not in record
    assert [k["id"] for k in list_keys(graph)] == [record["id"]]


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": ""}, {"X-API-Key": "nonsense"},
                                     {"X-API-Key": "rk_000000000000_" + "x" * 43},
                                     {"Authorization": "Basic abc"}])
def test_missing_or_bad_key_is_401_with_challenge(probe, headers):
    response = probe.get("/api/v1/probe", headers=headers)
    _is_problem(response, 401)
    assert "X-API-Key" in response.headers["WWW-Authenticate"]


def test_wrong_secret_for_real_id_is_401(probe, graph):
    record, plaintext = create_key(graph, "x", "admin")
    wrong = plaintext[:-4] + ("aaaa" if not plaintext.endswith("aaaa") else "bbbb")
    _is_problem(probe.get("/api/v1/probe", headers={"X-API-Key": wrong}), 401)
    assert probe.get("/api/v1/probe", headers={"X-API-Key": plaintext}).status_code == 200


def test_scopes_are_ordered(probe, make_key):
    read, write, admin = make_key("read"), make_key("write"), make_key("admin")
    assert probe.get("/api/v1/probe", headers=read).status_code == 200
    body = _is_problem(probe.post("/api/v1/probe", headers=read), 403)
    assert "write" in body["detail"]
    assert probe.post("/api/v1/probe", headers=write).status_code == 200
    _is_problem(probe.get("/api/v1/probe/admin", headers=write), 403)
    for headers in (read, write, admin):
        assert probe.get("/api/v1/probe", headers=headers).status_code == 200
    assert probe.get("/api/v1/probe/admin", headers=admin).get_json() == {"ok": "admin"}


def test_bearer_header_is_accepted(probe, make_key):
    key = make_key("read")["X-API-Key"]
    assert probe.get("/api/v1/probe", headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_revoked_key_is_401_after_invalidate_and_within_ttl(app, graph):
    app.config["API_KEY_CACHE_SECONDS"] = 0.5
    client = _with_probe(app).test_client()
    record, plaintext = create_key(graph, "soon gone", "read")
    headers = {"X-API-Key": plaintext}
    assert client.get("/api/v1/probe", headers=headers).status_code == 200
    revoke_key(graph, record["id"])
    # another process revoked it: this one notices when its cache entry expires
    time.sleep(0.6)
    body = _is_problem(client.get("/api/v1/probe", headers=headers), 401)
    assert "revoked" in body["detail"]


def test_cache_means_no_db_round_trip_per_request(app, graph, monkeypatch):
    client = _with_probe(app).test_client()
    _record, plaintext = create_key(graph, "cached", "read")
    headers = {"X-API-Key": plaintext}
    assert client.get("/api/v1/probe", headers=headers).status_code == 200
    calls = []
    import graph.keys as keys_module

    monkeypatch.setattr(keys_module, "get_key_record", lambda *a: calls.append(a))
    for _ in range(5):
        assert client.get("/api/v1/probe", headers=headers).status_code == 200
    assert calls == []
    with app.app_context():
        invalidate()
        assert auth_state().cache == {}


def test_last_used_is_recorded(probe, graph):
    record, plaintext = create_key(graph, "used", "read")
    probe.get("/api/v1/probe", headers={"X-API-Key": plaintext})
    assert [k for k in list_keys(graph) if k["id"] == record["id"]][0]["last_used_at"]


def test_rate_limit_429_with_retry_after(app, make_key):
    app.config["RATE_LIMIT_PER_MINUTE"] = 3
    client = _with_probe(app).test_client()
    headers, other = make_key("read"), make_key("read")
    for _ in range(3):
        assert client.get("/api/v1/probe", headers=headers).status_code == 200
    response = client.get("/api/v1/probe", headers=headers)
    _is_problem(response, 429)
    assert int(response.headers["Retry-After"]) >= 1
    assert client.get("/api/v1/probe", headers=other).status_code == 200  # per key


def test_unknown_scope_is_a_programming_error():
    with pytest.raises(ValueError):
        require_scope("root")


def test_spec_documents_security(probe):
    spec = probe.get("/api/openapi.json").get_json()
    assert spec["components"]["securitySchemes"]["ApiKeyAuth"] == {
        "type": "apiKey", "in": "header", "name": "X-API-Key",
        "description": spec["components"]["securitySchemes"]["ApiKeyAuth"]["description"]}
    op = spec["paths"]["/api/v1/probe"]["get"]
    assert op["security"] == [{"ApiKeyAuth": []}]
    assert {"401", "403", "429"} <= set(op["responses"])
    assert spec["paths"]["/api/v1/healthz"]["get"]["security"] == []


def test_db_down_is_503_not_401():
    from graph.config import Neo4jSettings
    from server import create_app

    app = _with_probe(create_app({"TESTING": True, "NEO4J": Neo4jSettings(uri="bolt://127.0.0.1:1")}))
    response = app.test_client().get("/api/v1/probe", headers={"X-API-Key": "rk_0123456789ab_" + "y" * 43})
    _is_problem(response, 503)


def test_cli_create_list_revoke(graph, neo4j_settings, monkeypatch):
    from cli.main import cli

    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    runner = CliRunner()
    result = runner.invoke(cli, ["keys", "create", "--scope", "admin", "--name", "ops"])
    assert result.exit_code == 0, result.output
    key = result.output.strip().splitlines()[-1]
    parsed = parse_key(key)
    assert parsed is not None
    listed = runner.invoke(cli, ["keys", "list"])
    assert parsed.id in listed.output and parsed.secret not in listed.output
    revoked = runner.invoke(cli, ["keys", "revoke", parsed.id])
    assert revoked.exit_code == 0 and "Revoked" in revoked.output
    assert runner.invoke(cli, ["keys", "revoke", "nope"]).exit_code != 0
