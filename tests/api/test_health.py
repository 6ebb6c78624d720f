import time

from graph.config import Neo4jSettings
from server import create_app


def test_healthz_answers_without_database(client):
    for path in ("/healthz", "/api/v1/healthz"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.get_json() == {"status": "ok"}


def test_readyz_is_200_when_neo4j_is_up(client):
    for path in ("/readyz", "/api/v1/readyz"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.get_json()["status"] == "ready"


def test_readyz_is_fast_503_problem_when_nothing_listens():
    app = create_app({"TESTING": True, "NEO4J": Neo4jSettings(uri="bolt://127.0.0.1:1")})
    started = time.monotonic()
    response = app.test_client().get("/readyz")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 503 and body["title"] == "Database unavailable"
    assert "Traceback" not in response.get_data(as_text=True)
    assert elapsed < 5


def test_a_database_that_refuses_the_password_is_a_503_not_a_500(neo4j_settings):
    # a user of its own: failed sign-ins lock the user for a few seconds, and the other
    # tests sign in as `neo4j`
    wrong = Neo4jSettings(uri=neo4j_settings.uri, user="no-such-user", password="not-the-password")
    app = create_app({"TESTING": True, "NEO4J": wrong})
    key = {"X-API-Key": "rk_0123456789ab_" + "s" * 32}  # shaped like a key: checking it needs the database
    for path in ("/readyz", "/api/v1/referral-paths?target=p-1"):
        response = app.test_client().get(path, headers=key)
        assert response.status_code == 503, path
        assert "not-the-password" not in response.get_data(as_text=True)
    assert app.test_client().get("/readyz").get_json()["title"] == "Database unavailable"


def test_start_page_sends_visitors_to_sign_in_which_links_the_api_docs(client):
    response = client.get("/", follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path.startswith("/signin") or b"Sign in" in response.data
    assert b"/api/docs" in response.data


def test_unknown_route_is_problem_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
