"""The web pages through Flask's test client: sign-in on every page, CSRF on every form,
escaping, security headers; and the API (API keys, no CSRF) still works beside them."""

from __future__ import annotations

import re

import pytest

from services.users import authenticate
from tests.web.conftest import EVIL, PASSWORD
from web.security import CSP

pytestmark = pytest.mark.neo4j

def csrf_token(client, path: str = "/signin") -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client, email: str = "rita@example.com", password: str = PASSWORD):
    return client.post("/signin", data={"email": email, "password": password,
                                        "csrf_token": csrf_token(client)})


def _example_url(rule) -> str:
    values = {arg: "x-1" for arg in rule.arguments}
    if rule.endpoint == "web.static":
        values = {"filename": "app.css"}
    path = rule.rule
    for arg, value in values.items():
        path = re.sub(r"<(?:[^:<>]+:)?" + arg + ">", value, path)
    return path


def web_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("web.")]


def test_every_web_page_needs_sign_in(app, client, people):
    checked = 0
    for rule in web_rules(app):
        if rule.endpoint in ("web.signin", "web.static"):
            continue
        url = _example_url(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            if url.startswith("/app/"):
                assert response.status_code == 401, (method, url)
                assert response.json["error"] == "sign_in_required"
            else:
                assert response.status_code == 302, (method, url, response.status_code)
                assert response.headers["Location"].startswith("/signin?next="), (method, url)
            checked += 1
    assert checked >= 10  # every page and form of the app was walked
    # the public ones: the sign-in page, static assets, health
    assert client.get("/signin").status_code == 200
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_sign_in_and_out(client, people):
    response = client.post("/signin", data={"email": "rita@example.com", "password": "wrong password",
                                            "csrf_token": csrf_token(client)})
    assert response.status_code == 401
    assert "do not match" in response.get_data(as_text=True)
    response = sign_in(client)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    token = csrf_token(client, "/")
    assert client.post("/signout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_sign_in_only_follows_local_next(client, people):
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        token = csrf_token(client)
        response = client.post("/signin", data={"email": "rita@example.com", "password": PASSWORD,
                                                "csrf_token": token, "next": target})
        assert response.headers["Location"] == "/", target
        client.post("/signout", data={"csrf_token": csrf_token(client, "/")})
    response = client.post("/signin", data={"email": "rita@example.com", "password": PASSWORD,
                                            "csrf_token": csrf_token(client), "next": "/pipeline"})
    assert response.headers["Location"] == "/pipeline"


def test_forms_without_csrf_token_are_refused(client, people):
    # sign-in itself
    response = client.post("/signin", data={"email": "rita@example.com", "password": PASSWORD})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    sign_in(client)
    for url, data in (("/introductions", {"path": "p-rep,p-ref,p-evil"}),
                      ("/pipeline/i-1/qualify-out", {"reason": "no"}),
                      ("/clients/c-acme/asks", {"referrer_id": "p-ref"}),
                      ("/clients/c-acme/give-backs", {"person_id": "p-ref", "kind": "thanks"}),
                      ("/clients/c-acme/ask-timing", {"satisfaction": "90"}),
                      ("/signout", {})):
        response = client.post(url, data=data)
        assert response.status_code == 400, url
        response = client.post(url, data={**data, "csrf_token": "forged"})
        assert response.status_code == 400, url
    assert people.query("MATCH (i:Introduction) RETURN count(i) AS n")[0]["n"] == 0
    assert people.query("MATCH (a:ReferralAsk) RETURN count(a) AS n")[0]["n"] == 0
    assert people.query("MATCH (g:Goodwill) RETURN count(g) AS n")[0]["n"] == 0
    assert people.query("MATCH (c:Company {id: 'c-acme'}) RETURN c.satisfaction AS s")[0]["s"] is None


def test_the_api_keeps_api_keys_and_needs_no_csrf(client, people, make_key):
    headers = make_key("write")
    response = client.post("/api/v1/people", json={"name": "Dana Lee"}, headers=headers)
    assert response.status_code == 201
    assert client.post("/api/v1/people", json={"name": "Dana Lee"}).status_code == 401
    # a signed-in browser session is not an API key
    sign_in(client)
    assert client.get("/api/v1/people").status_code == 401


def test_names_are_escaped_everywhere(client, people):
    sign_in(client)
    pages = []
    response = client.get("/?target=p-evil")
    assert response.status_code == 200
    pages.append(response.get_data(as_text=True))
    pages.append(client.get("/?q=script").get_data(as_text=True))
    token = csrf_token(client, "/?target=p-evil")
    response = client.post("/introductions", data={"path": "p-rep,p-ref,p-evil", "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    intro_url = response.headers["Location"]
    pages.append(client.get(intro_url).get_data(as_text=True))
    pages.append(client.get("/pipeline").get_data(as_text=True))
    pages.append(client.get("/clients/c-acme").get_data(as_text=True))
    for html in pages:
        assert EVIL not in html
        assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in pages[0]
    # the JSON data block for the drawing is escaped for a <script> element too
    assert "\\u003cscript\\u003e" in pages[0]
    assert "&lt;script&gt;" in pages[2]
    found = client.get("/app/search?q=script").json
    assert found["people"][0]["name"] == EVIL  # JSON carries the raw text; the page's JS uses textContent


def test_security_headers(client, people):
    for response in (client.get("/signin"), client.get("/static/app.js")):
        assert response.headers["Content-Security-Policy"] == CSP
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
    assert "unsafe-inline" not in CSP and "frame-ancestors 'none'" in CSP
    sign_in(client)
    for url in ("/", "/pipeline", "/clients", "/app/search?q=ri"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Security-Policy"] == CSP, url
        assert response.headers["Cache-Control"] == "no-store", url
    html = client.get("/").get_data(as_text=True)
    assert " style=" not in html and " onclick=" not in html and " onload=" not in html
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))", html)  # no inline JS
    assert client.get("/healthz").headers["X-Content-Type-Options"] == "nosniff"


def test_pages_render_with_empty_states(client, people):
    sign_in(client)
    assert "Start with the person you want to meet" in client.get("/").get_data(as_text=True)
    html = client.get("/?target=p-lonely&hops=2").get_data(as_text=True)  # nobody knows them
    assert "No warm path within 2 hops" in html and "3 hops" in html
    html = client.get("/?q=nobody-like-this").get_data(as_text=True)
    assert "Nobody matches" in html
    html = client.get("/?target=p-nobody").get_data(as_text=True)
    assert "No person or company has the id" in html
    assert client.get("/introductions/i-missing").status_code == 404
    assert client.get("/clients/c-missing").status_code == 404
    html = client.get("/pipeline").get_data(as_text=True)
    assert "No introductions yet" in html
    html = client.get("/clients").get_data(as_text=True)  # a rep owns no clients
    assert "You own no clients yet" in html and "Acme" not in html
    graph = people
    graph.execute("MATCH (u:WebUser {email: 'rita@example.com'}), (c:Company {id: 'c-acme'}) "
                  "CREATE (u)-[:OWNS]->(c)")
    html = client.get("/clients").get_data(as_text=True)
    assert "Acme" in html and "My clients" in html


def test_users_cli(ctx, people, neo4j_settings, monkeypatch):
    from click.testing import CliRunner

    from cli.main import cli

    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    runner = CliRunner()
    result = runner.invoke(cli, ["users", "create", "--email", "am@example.com", "--role", "account_manager",
                                 "--person-id", "p-rep", "--generate"])
    assert result.exit_code == 0, result.output
    password = result.output.strip().splitlines()[-1].removeprefix("Password: ")
    assert authenticate(ctx, "am@example.com", password)["role"] == "account_manager"
    result = runner.invoke(cli, ["users", "create", "--email", "am@example.com", "--role", "rep",
                                 "--person-id", "p-rep", "--password", "another password"])
    assert result.exit_code != 0 and "already exists" in result.output


def test_workers_share_the_session_key(graph, neo4j_settings, monkeypatch, tmp_path):
    """Without REFERRALS_SECRET_KEY, every worker (app) signs sessions with the same key,
    kept in a file only the owner can read, and not in the graph (where anyone reading it
    could forge sessions; an older version's key there is removed)."""
    from runtime.requests import close as close_app
    from server import create_app

    monkeypatch.delenv("REFERRALS_SECRET_KEY", raising=False)
    monkeypatch.setenv("REFERRALS_STATE_DIR", str(tmp_path))
    graph.execute("CREATE (:WebSecret {name: 'session', value: 'the-old-key'})")
    apps = [create_app({"NEO4J": neo4j_settings}) for _ in range(2)]
    try:
        key = apps[0].config["SECRET_KEY"]
        assert apps[1].config["SECRET_KEY"] == key and len(key) >= 32
        key_file = tmp_path / "session-secret"
        assert key_file.read_text().strip() == key
        assert key_file.stat().st_mode & 0o777 == 0o600
        assert graph.query("MATCH (s:WebSecret) RETURN count(s) AS n")[0]["n"] == 0
        found = graph.query("MATCH (n) WHERE any(k IN keys(n) WHERE n[k] = $key) RETURN count(n) AS n",
                            key=key)
        assert found[0]["n"] == 0
    finally:
        for app in apps:
            close_app(app)
