"""Issue #18: one JSON log line per request with its request id, Prometheus metrics at
/metrics (path-search stages included), who may read them, and overload shedding."""

from __future__ import annotations

import io
import json
import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families

from graph.keys import create_key
from tests.conftest import SETTINGS
from tests.workflow_data import load_network

pytestmark = pytest.mark.neo4j

PATHS = "/api/v1/referral-paths?target=p-tara&from=p-rep&limit=5"


@pytest.fixture
def log_stream(app):
    """What the app's `referrals` handler writes, for this test."""
    handler = next(h for h in logging.getLogger("referrals").handlers
                   if getattr(h, "referrals_handler", False))
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]


def _samples(text: str, name: str) -> dict[tuple, float]:
    """{(sample name, sorted labels): value} of one metric family."""
    out = {}
    for family in text_string_to_metric_families(text):
        if family.name == name:
            for s in family.samples:
                out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def _count(samples: dict[tuple, float], suffix: str = "_count", **labels: str) -> float:
    return sum(v for (name, lbl), v in samples.items()
               if name.endswith(suffix) and all(dict(lbl).get(k) == x for k, x in labels.items()))


def test_one_json_line_per_request_with_the_callers_request_id(app, client, graph, log_stream):
    record, key = create_key(graph, "log-check", "admin")
    response = client.get("/api/v1/people?limit=2", headers={"X-API-Key": key, "X-Request-Id": "req-42.a:b"})
    assert response.status_code == 200
    assert response.headers["X-Request-Id"] == "req-42.a:b"
    mine = [line for line in _lines(log_stream) if line.get("request_id") == "req-42.a:b"]
    assert len(mine) == 1, log_stream.getvalue()
    line = mine[0]
    assert line["logger"] == "referrals.request" and line["level"] == "INFO"
    assert (line["method"], line["route"], line["path"], line["status"]) == (
        "GET", "/api/v1/people", "/api/v1/people", 200)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["key_id"] == record["id"] and "user_id" not in line
    secret = key.split("_", 2)[2]
    assert secret not in log_stream.getvalue() and key not in log_stream.getvalue()


def test_a_request_id_that_is_not_short_and_plain_is_replaced(client, log_stream):
    for presented in ("has space", "x" * 65, "semi;colon", "quote\"d"):
        response = client.get("/healthz", headers={"X-Request-Id": presented})
        rid = response.headers["X-Request-Id"]
        assert rid != presented and len(rid) == 32 and int(rid, 16) >= 0
    assert client.get("/healthz").headers["X-Request-Id"]  # none given: one is made


def test_a_route_template_is_logged_not_the_ids_in_it(client, graph, admin_headers, log_stream):
    client.get("/api/v1/people/p-nobody", headers={**admin_headers, "X-Request-Id": "tpl"})
    (line,) = [x for x in _lines(log_stream) if x.get("request_id") == "tpl"]
    assert line["route"] == "/api/v1/people/<person_id>" and line["status"] == 404


def test_path_queries_show_in_the_metrics_with_their_stages(client, graph, admin_headers):
    load_network(graph)
    before = client.get("/metrics", headers=admin_headers)
    assert before.status_code == 200 and before.mimetype == "text/plain"
    for _ in range(3):
        response = client.get(PATHS, headers=admin_headers)
        assert response.status_code == 200 and response.get_json()["paths"]
    text = client.get("/metrics", headers=admin_headers).get_data(as_text=True)

    def grew(name: str, suffix: str = "_count", **labels: str) -> float:
        return (_count(_samples(text, name), suffix, **labels)
                - _count(_samples(before.get_data(as_text=True), name), suffix, **labels))

    http = "referrals_http_request_duration_seconds"
    assert grew(http, route="/api/v1/referral-paths", method="GET", status="2xx") == 3
    assert grew(http, "_bucket", route="/api/v1/referral-paths", le="+Inf") == 3
    assert grew(http, "_sum", route="/api/v1/referral-paths") > 0
    for stage in ("expand", "join", "score", "present"):
        assert grew("referrals_path_stage_seconds", stage=stage) >= 3, stage
    # the join read the connectors' facts and who is hidden too: no facts read apart
    assert grew("referrals_path_stage_seconds", stage="facts") == 0


def test_the_stage_timers_change_no_result(app, graph, ctx):
    """The same search with the timers on and off answers the same paths."""
    from services import metrics
    from services.paths import find_paths

    load_network(graph)
    timed = find_paths(ctx, "p-tara", "p-rep", limit=5)
    metrics.set_enabled(False)
    try:
        plain = find_paths(ctx, "p-tara", "p-rep", limit=5)
    finally:
        metrics.set_enabled(True)
    assert timed == plain and timed["paths"]


def test_the_metrics_are_for_admins_and_the_metrics_token(app, graph, neo4j_settings):
    from runtime.requests import close as close_app
    from server import create_app
    from services.users import create_user

    client = app.test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics").mimetype == "application/problem+json"
    for scope, status in (("read", 403), ("paths:read", 403), ("write", 403), ("admin", 200)):
        headers = {"X-API-Key": create_key(graph, f"m-{scope}", scope)[1]}
        assert client.get("/metrics", headers=headers).status_code == status, scope
    # a bearer is the token only when one is configured; else it is read as an API key
    assert client.get("/metrics", headers={"Authorization": "Bearer t0ken"}).status_code == 401
    with_token = create_app({"TESTING": True, "NEO4J": neo4j_settings},
                            settings=SETTINGS.with_changes(metrics_token="t0ken-for-prometheus"))
    try:
        scraper = with_token.test_client()
        assert scraper.get("/metrics", headers={"Authorization": "Bearer t0ken-for-prometheus"}
                           ).status_code == 200
        assert scraper.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    finally:
        close_app(with_token)
    # people: an admin's session reads them, a rep's does not
    from tests.api.test_permission_table import PASSWORD, _sign_in

    graph.execute("CREATE (:Person {id: 'p-ada'}), (:Person {id: 'p-rita'})")
    create_user(_ctx(graph), email="ada@us.example", password=PASSWORD, role="admin", person_id="p-ada")
    create_user(_ctx(graph), email="rita@us.example", password=PASSWORD, role="rep", person_id="p-rita")
    for email, status in (("ada@us.example", 200), ("rita@us.example", 403)):
        signed_in = app.test_client()
        _sign_in(signed_in, email)
        assert signed_in.get("/metrics").status_code == status, email


def _ctx(graph):
    from runtime import bootstrap

    return bootstrap(SETTINGS, graph=graph)


def test_past_the_in_flight_bound_a_request_is_answered_503_at_once(app, client, graph, admin_headers):
    from server.observability import observability

    state = observability(app)
    state.in_flight.set_limit(1)
    assert state.in_flight.enter()  # another request holds the one place
    try:
        refused = client.get("/api/v1/people", headers=admin_headers)
        assert refused.status_code == 503 and refused.mimetype == "application/problem+json"
        assert refused.headers["Retry-After"] == "1" and refused.get_json()["title"] == "Overloaded"
        assert client.get("/pipeline").status_code == 503  # the pages too
        for probe in ("/healthz", "/readyz", "/api/v1/healthz", "/api/v1/readyz"):
            assert client.get(probe).status_code == 200, probe  # never shed
        assert client.get("/static/app.css").status_code == 200  # a page's files neither
        text = client.get("/metrics", headers=admin_headers).get_data(as_text=True)
        assert _count(_samples(text, "referrals_http_refused"), "_total", status="503",
                      reason="overload") >= 2
    finally:
        state.in_flight.leave()
    assert client.get("/api/v1/people", headers=admin_headers).status_code == 200
    assert state.in_flight.current == 0  # every admitted request gave its place back


def test_observability_off_writes_no_line_and_serves_no_metrics(graph, neo4j_settings, admin_headers):
    from runtime.requests import close as close_app
    from server import create_app
    from services import metrics

    quiet = create_app({"TESTING": True, "NEO4J": neo4j_settings},
                       settings=SETTINGS.with_changes(observability=False))
    try:
        handler = next(h for h in logging.getLogger("referrals").handlers
                       if getattr(h, "referrals_handler", False))
        stream = io.StringIO()
        handler.setStream(stream)
        client = quiet.test_client()
        response = client.get("/api/v1/people", headers={**admin_headers, "X-Request-Id": "quiet"})
        assert response.status_code == 200 and response.headers["X-Request-Id"] == "quiet"
        assert "quiet" not in stream.getvalue()
        assert client.get("/metrics", headers=admin_headers).status_code == 404
        assert not metrics.enabled()
    finally:
        close_app(quiet)
        metrics.set_enabled(True)


def test_a_worker_warms_its_pool_a_path_search_and_a_request(app, graph):
    from server.observability import set_worker_threads, warm_up

    load_network(graph)
    from graph import calibration

    took = warm_up(app, connections=3)
    # the learned model is on by default: fitted here, so no request waits for it
    assert set(took) == {"pool_ms", "model_ms", "path_ms", "request_ms"}, took
    assert app.extensions["graph"] in calibration._cache
    assert set_worker_threads(app, 6) == 4  # threads - 2, as REFERRALS_MAX_IN_FLIGHT is unset
    assert set_worker_threads(app, 2) == 1


def test_warming_up_without_a_database_is_skipped(neo4j_settings):
    from cli.loadtest import free_port
    from graph.config import Neo4jSettings
    from runtime.requests import close as close_app
    from server import create_app
    from server.observability import warm_up

    down = create_app({"TESTING": True, "NEO4J": Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}",
                                                                 password=neo4j_settings.password)})
    try:
        assert "path_ms" not in warm_up(down, connections=1)  # logged and skipped, no exception
    finally:
        close_app(down)
