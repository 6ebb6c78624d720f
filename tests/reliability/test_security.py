"""Security properties, checked over the whole API rather than endpoint by endpoint.

- every /api/v1 route (but the health probes) is behind `require_scope`: 401 without a
  key, 403 with a key one scope too low, the expected scope read from the decorator;
- keys are stored hashed (no plaintext or secret anywhere in the database);
- no secret (the Neo4j password, an API key) in logs or responses, also when a bad key
  is sent and when the database is down.
The web pages' sign-in walk, CSRF and security headers are tests/web/test_web_security.py.
"""

from __future__ import annotations

import logging
import re
import threading

import pytest

from api.auth import SCOPE_RANK
from graph.keys import create_key
from referrals.keys import SCOPES, parse_key

pytestmark = pytest.mark.neo4j

PUBLIC = {"/api/v1/healthz", "/api/v1/readyz"}


def _example_url(rule) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: f"x-{m.group(1)}", rule.rule)


def api_operations(app):
    """(method, url, required scope or None) for every /api/v1 route and method."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        view = app.view_functions[rule.endpoint]
        cls = getattr(view, "view_class", None)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            func = getattr(cls, method.lower(), None) if cls else view
            yield method, _example_url(rule), rule.rule, getattr(func, "required_scope", None)


def test_every_api_route_declares_a_scope(app):
    missing = [(m, rule) for m, _url, rule, scope in api_operations(app)
               if scope is None and rule not in PUBLIC]
    assert not missing, f"routes without @require_scope: {missing}"
    # write methods need at least write (a read key must never change data)
    weak = [(m, rule, scope) for m, _url, rule, scope in api_operations(app)
            if m in ("POST", "PUT", "PATCH", "DELETE") and scope is not None
            and SCOPE_RANK[scope] < SCOPE_RANK["write"]]
    assert not weak, f"writes open to read keys: {weak}"


def test_every_api_route_answers_401_without_a_key_and_403_one_scope_too_low(app, client, graph):
    keys = {scope: create_key(graph, f"k-{scope}", scope)[1] for scope in SCOPES}
    checked_401 = checked_403 = 0
    for method, url, rule, scope in api_operations(app):
        if rule in PUBLIC:
            assert client.open(url, method=method).status_code == 200, url
            continue
        for headers in ({}, {"X-API-Key": "rk_nope"}, {"X-API-Key": keys["admin"] + "x"},
                        {"Authorization": "Bearer " + keys["admin"][:-2]}):
            response = client.open(url, method=method, headers=headers, json={})
            assert response.status_code == 401, (method, url, headers, response.status_code)
            assert response.mimetype == "application/problem+json"
            assert response.headers["WWW-Authenticate"].startswith("ApiKey")
            checked_401 += 1
        rank = SCOPE_RANK[scope]
        if rank > 0:
            lower = SCOPES[rank - 1]
            response = client.open(url, method=method, headers={"X-API-Key": keys[lower]}, json={})
            assert response.status_code == 403, (method, url, lower, response.status_code)
            assert "scope" in response.json["detail"] and lower in response.json["detail"]
            checked_403 += 1
        response = client.open(url, method=method, headers={"X-API-Key": keys[scope]}, json={})
        assert response.status_code not in (401, 403), (method, url, scope, response.status_code)
    assert checked_401 >= 4 * 30 and checked_403 >= 20, (checked_401, checked_403)
    for thread in threading.enumerate():  # POST /jobs/centrality started one: let it finish
        if thread.name.startswith("job-"):
            thread.join(timeout=30)


def test_keys_are_stored_hashed(graph, client, admin_headers):
    record, plaintext = create_key(graph, "hash-check", "read")
    secret = parse_key(plaintext).secret  # the secret may itself contain "_"
    assert len(secret) >= 20
    assert client.get("/api/v1/people", headers={"X-API-Key": plaintext}).status_code == 200
    stored = graph.query("MATCH (k:ApiKey) RETURN properties(k) AS p")
    assert stored
    for row in stored:
        for value in row["p"].values():
            assert plaintext not in str(value) and secret not in str(value)
    # and no other node or relationship holds it either
    leaks = graph.query("MATCH (n) WHERE any(k IN keys(n) WHERE toString(n[k]) CONTAINS $s) "
                        "RETURN count(n) AS n", s=secret)[0]["n"]
    assert leaks == 0


def test_no_secret_in_logs_or_responses_with_bad_keys_and_a_database_outage(app, client, graph, caplog,
                                                                           neo4j_settings):
    from cli.loadtest import free_port
    from graph.config import Neo4jSettings
    from runtime.requests import close as close_app
    from server import create_app

    _record, key = create_key(graph, "leak-check", "admin")
    wrong_secret = key[:-4] + "abcd"
    caplog.set_level(logging.DEBUG)
    bodies: list[str] = []
    for headers in ({"X-API-Key": wrong_secret}, {"X-API-Key": "rk_" + "A" * 40},
                    {"Authorization": f"Bearer {wrong_secret}"}, {"X-API-Key": key}):
        for url in ("/api/v1/people", "/api/v1/referral-paths?target=p-x", "/api/v1/webhooks"):
            bodies.append(client.get(url, headers=headers).get_data(as_text=True))
    # the database goes away: the same password, a port where nothing listens
    down = create_app({"TESTING": True, "NEO4J": Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}",
                                                                 password=neo4j_settings.password)})
    try:
        down_client = down.test_client()
        for url in ("/api/v1/people", "/api/v1/readyz", "/api/v1/referral-paths?target=p-x"):
            response = down_client.get(url, headers={"X-API-Key": key})
            assert response.status_code == 503, (url, response.status_code)
            assert response.headers["Retry-After"]
            bodies.append(response.get_data(as_text=True))
        response = down_client.post("/api/v1/people", json={"name": "X"}, headers={"X-API-Key": key})
        assert response.status_code == 503
        bodies.append(response.get_data(as_text=True))
    finally:
        close_app(down)
    logs = caplog.text + "\n".join(repr(r.args) for r in caplog.records)
    # rk_<id>_<secret>: the secret itself may contain "_", so split after the id only
    secrets = {"password": neo4j_settings.password, "key": key, "secret": key.split("_", 2)[2],
               "wrong secret": wrong_secret.split("_", 2)[2]}
    for name, value in secrets.items():
        assert value not in logs, f"the {name} is in the logs"
        for body in bodies:
            assert value not in body, f"the {name} is in a response: {body[:300]}"
    assert "Traceback" not in "".join(bodies)
    assert caplog.records, "nothing was logged: the check above proved nothing"


def test_no_stored_secret_is_answered_by_any_read_route_or_page(app, client, graph, ctx):
    """Every GET under /api/v1 (with an admin key, real ids in the paths) and every web
    page without parameters, signed in: no password, password hash, API key or its hash,
    webhook secret, session key or Neo4j password in any answer."""
    from services import webhooks
    from services.users import create_user

    graph.execute("CREATE (:Company {id: 'c-us', name: 'Northwind'})<-[:WORKS_AT {current: true}]-"
                  "(:Person:Rep {id: 'p-rep', name: 'Rita Rep', email: 'rita@example.com'})")
    password = "a long secret password"
    create_user(ctx, email="rita@example.com", password=password, role="rep", person_id="p-rep")
    record, webhook_secret = webhooks.subscribe(ctx, "http://127.0.0.1:9/hook", allow_private=True)
    key_record, key = create_key(graph, "reader", "admin")
    stored = graph.query("MATCH (u:WebUser) RETURN u.password_hash AS h")[0]["h"]
    key_hash = graph.query("MATCH (k:ApiKey {id: $id}) RETURN k.hash AS h", id=key_record["id"])[0]["h"]
    ids = {"webhook_id": record["id"], "person_id": "p-rep", "company_id": "c-us", "client_id": "c-us"}
    bodies: dict[str, str] = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: ids.get(m.group(1), f"x-{m.group(1)}"), rule.rule)
        if rule.rule.startswith("/api/"):
            bodies[url] = client.get(url, headers={"X-API-Key": key}).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").get_data(as_text=True))
    assert client.post("/signin", data={"email": "rita@example.com", "password": password,
                                        "csrf_token": token.group(1)}).status_code == 302
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("web.") and "GET" in rule.methods and not rule.arguments:
            bodies[rule.rule] = client.get(rule.rule).get_data(as_text=True)
    bodies["/app/search?q=rita"] = client.get("/app/search?q=rita").get_data(as_text=True)
    assert len(bodies) > 20
    # the routes answered with the records (not 401/404 all along), so the check means something
    assert record["id"] in bodies["/api/v1/webhooks"] and "Rita Rep" in bodies["/api/v1/people/p-rep"]
    secrets = {"password": password, "password hash": stored, "API key": key, "key hash": key_hash,
               "webhook secret": webhook_secret, "session key": app.config["SECRET_KEY"]}
    for name, value in secrets.items():
        for url, body in bodies.items():
            assert value not in body, f"the {name} is in {url}"
    for url, body in bodies.items():
        assert "password_hash" not in body and "scrypt:" not in body, url
