"""The interleaving experiment end to end (services/interleaving.py): with a warm learned
model the find page interleaves the hand-set and learned rankings and stores the list it
showed; requesting an introduction from position k credits the ranking that placed it;
the report (API, CLI, insights page) counts it. A cold model, or the experiment off,
shows the plain ranking and records nothing; the API's ranking is never interleaved."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from click.testing import CliRunner

from cli.main import cli
from graph import calibration
from graph.bulk import BulkWriter
from referrals.model import PersonRecord, TieRecord
from services import interleaving, paths
from services.context import Actor
from services.users import create_user
from tests.conftest import SETTINGS
from tests.web.conftest import PASSWORD
from tests.web.test_web_security import csrf_token, sign_in

pytestmark = pytest.mark.neo4j

HELPERS = [f"p-h{i}" for i in range(8)]


def _network(graph) -> None:
    """Ten two-hop paths from the rep to the target: the hand-set ranking prefers the
    strong ties (p-h7 before p-h0), the history below says the weak ones work."""
    writer = BulkWriter(graph)
    writer.people([PersonRecord(p, p[2:].title(), is_rep=p == "p-rep")
                   for p in ["p-rep", "p-a", "p-b", "p-tgt", *HELPERS]])
    writer.ties([TieRecord(a, b, s) for a, b, s in
                 [("p-rep", "p-a", 0.8), ("p-a", "p-tgt", 0.7), ("p-rep", "p-b", 0.5), ("p-b", "p-tgt", 0.6)]
                 + [("p-rep", h, 0.6) for h in HELPERS]
                 + [(h, "p-tgt", 0.3 + 0.08 * i) for i, h in enumerate(HELPERS)]])


def _history(graph, n: int) -> None:
    """`n` decided introductions through the helpers: three in four through p-h0..p-h3
    succeeded, one in four through p-h4..p-h7 (another requester: none is open for p-rep)."""
    rows = []
    for k in range(n):
        h = k % 8
        lucky = (k // 8) % 4 != 0 if h < 4 else (k // 8) % 4 == 0
        rows.append({"id": f"i-old-{k}", "status": ("won", "meeting_held")[k % 2] if lucky
                     else ("declined", "qualified_out")[k % 2], "ref": HELPERS[h],
                     "path": ["p-rep", HELPERS[h], "p-tgt"]})
    graph.execute("UNWIND $rows AS r CREATE (:Introduction {id: r.id, status: r.status, path: r.path, "
                  "referrer_id: r.ref, requester_id: 'p-someone', target_id: 'p-tgt', "
                  "requested_at: date('2026-01-01')})", rows=rows)
    calibration._cache.clear()  # the model is cached per driver for 10 minutes


def _app(neo4j_settings, *, weight: float = 1.0, on: bool = True):
    from server import create_app

    rules = replace(SETTINGS.rules, calibration_weight=weight, interleaving=on)
    app = create_app({"TESTING": True, "NEO4J": neo4j_settings}, settings=SETTINGS.with_changes(rules=rules))
    # fit the model now, not in the first request (its 10 s budget, on a busy machine)
    calibration.current_model(app.extensions["graph"])
    return app


@pytest.fixture
def rita(graph, ctx):
    _network(graph)
    create_user(ctx, email="rita@example.com", password=PASSWORD, role="rep", person_id="p-rep")
    return graph


@pytest.fixture
def warm_app(rita, neo4j_settings):
    from runtime.requests import close

    _history(rita, 240)
    app = _app(neo4j_settings)
    yield app
    close(app)


def _impressions(graph) -> list[dict]:
    return [r["x"] for r in graph.query("MATCH (x:Interleaving) RETURN x {.*} AS x ORDER BY x.at")]


def _shown(html: str) -> list[str]:
    return re.findall(r'<li class="card path[^"]*" data-rank="\d+" data-path="([^"]+)"', html)


def test_a_warm_model_interleaves_and_a_request_credits_the_ranking_that_placed_it(warm_app, rita,
                                                                                    make_key):
    client = warm_app.test_client()
    sign_in(client)
    html = client.get("/?target=p-tgt&from=p-rep").get_data(as_text=True)
    [stored] = _impressions(rita)
    assert stored["team_a"] != stored["team_b"]  # the two rankings disagree
    # the learned ranking has taken the history in: the weak ties' path first
    assert stored["team_b"].index("p-rep,p-h0,p-tgt") < stored["team_b"].index("p-rep,p-h7,p-tgt")
    # what the page shows is the stored interleaved list, both rankings contributing
    assert _shown(html) == stored["shown"] and len(stored["shown"]) == 10
    assert sorted(set(stored["teams"])) == ["a", "b"] and stored["clicks"] == []
    assert f'name="impression" value="{stored["id"]}"' in html
    # a reload the same day is the same list and the same impression
    again = client.get("/?target=p-tgt&from=p-rep").get_data(as_text=True)
    assert _shown(again) == stored["shown"] and len(_impressions(rita)) == 1

    # request the intro from the first path the learned ranking placed
    k = stored["teams"].index("b") + 1
    token = csrf_token(client, "/?target=p-tgt&from=p-rep")
    response = client.post("/introductions", data={"path": stored["shown"][k - 1], "csrf_token": token,
                                                    "impression": stored["id"], "position": str(k)})
    assert "/introductions/i-" in response.headers["Location"]
    intro_id = response.headers["Location"].rsplit("/", 1)[1]
    [clicked] = _impressions(rita)
    assert clicked["clicks"] == [k - 1] and clicked["introductions"] == [intro_id]

    report = client.get("/api/v1/insights/interleaving", headers=make_key("paths:read")).get_json()
    assert {k: report[k] for k in ("impressions", "clicks", "a_wins", "b_wins", "ties")} == {
        "impressions": 1, "clicks": 1, "a_wins": 0, "b_wins": 1, "ties": 0}
    assert report["learned_share"] == 1.0 and 0 < report["ci_low"] < 0.5 < report["ci_high"] == 1.0
    assert report["winner"] is None and report["verdict"].startswith("No clear winner yet")
    page = client.get("/insights").get_data(as_text=True)
    assert 'id="interleaving-summary"' in page and "1 interleaved list shown" in page


def test_the_hand_set_team_is_what_the_search_without_the_model_ranks(warm_app, rita, ctx):
    """Team a comes from re-ranking the learned search's own candidates (no second search):
    the same list a search with the model's weight at 0 returns."""
    client = warm_app.test_client()
    sign_in(client)
    client.get("/?target=p-tgt&from=p-rep")
    [stored] = _impressions(rita)
    hand_ctx = replace(ctx, rules=replace(ctx.rules, calibration_weight=0.0))
    hand = paths.find_paths(hand_ctx, "p-tgt", "p-rep")
    assert stored["team_a"] == [",".join(n["id"] for n in p["nodes"]) for p in hand["paths"]]
    assert stored["team_a"] != stored["team_b"]


def test_a_click_counts_only_for_its_own_list_position_and_user(warm_app, rita, ctx):
    client = warm_app.test_client()
    sign_in(client)
    client.get("/?target=p-tgt&from=p-rep")
    [stored] = _impressions(rita)
    user = rita.query("MATCH (u:WebUser {email: 'rita@example.com'}) RETURN u.id AS id")[0]["id"]
    rep = ctx.as_actor(Actor(kind="user", id=user, name="Rita Rep", role="rep", person_id="p-rep"))
    path = stored["shown"][0].split(",")
    # the path shown elsewhere, another user, an unknown impression: nothing counted
    assert interleaving.record_click(rep, stored["id"], 2, path) is None
    assert interleaving.record_click(ctx, stored["id"], 1, path) is None  # the system is not rita
    assert interleaving.record_click(rep, "il-nope", 1, path) is None
    assert interleaving.record_click(rep, stored["id"], 99, path) is None
    assert _impressions(rita)[0]["clicks"] == []
    team = {"a": "hand_set", "b": "learned"}[stored["teams"][0]]
    assert interleaving.record_click(rep, stored["id"], 1, path) == team
    assert interleaving.record_click(rep, stored["id"], 1, path) == team  # once per position
    assert _impressions(rita)[0]["clicks"] == [0]


def test_the_api_keeps_its_ranking_and_records_nothing(warm_app, rita, make_key):
    client = warm_app.test_client()
    found = client.get("/api/v1/referral-paths?target=p-tgt&from=p-rep", headers=make_key("paths:read"))
    paths = [",".join(n["id"] for n in p["nodes"]) for p in found.get_json()["paths"]]
    scores = [p["score"] for p in found.get_json()["paths"]]
    assert scores == sorted(scores, reverse=True) and len(paths) == 10  # the learned ranking, in order
    assert _impressions(rita) == []


def test_the_report_needs_the_insights_permission(warm_app, make_key):
    client = warm_app.test_client()
    assert client.get("/api/v1/insights/interleaving", headers=make_key("people:read")).status_code == 403
    empty = client.get("/api/v1/insights/interleaving", headers=make_key("paths:read")).get_json()
    assert empty["impressions"] == 0 and empty["verdict"].startswith("No interleaved list shown yet")
    assert client.get("/api/v1/insights/interleaving?days=0",
                      headers=make_key("paths:read")).status_code == 422


@pytest.mark.parametrize("history, on", [(10, True), (240, False)], ids=["cold model", "experiment off"])
def test_cold_model_or_experiment_off_shows_the_plain_ranking(rita, neo4j_settings, history, on):
    from runtime.requests import close

    _history(rita, history)
    app = _app(neo4j_settings, on=on)
    try:
        client = app.test_client()
        sign_in(client)
        html = client.get("/?target=p-tgt&from=p-rep").get_data(as_text=True)
        assert len(_shown(html)) == 10 and 'name="impression"' not in html
        assert _impressions(rita) == []
        token = csrf_token(client, "/?target=p-tgt&from=p-rep")
        response = client.post("/introductions", data={"path": _shown(html)[0], "csrf_token": token})
        assert "/introductions/i-" in response.headers["Location"]
        assert _impressions(rita) == []
    finally:
        close(app)


def test_the_cli_prints_the_report(warm_app, rita, monkeypatch, neo4j_settings):
    s = neo4j_settings
    for name, value in (("NEO4J_URI", s.uri), ("NEO4J_USER", s.user), ("NEO4J_PASSWORD", s.password),
                        ("NEO4J_DATABASE", s.database)):
        monkeypatch.setenv(name, value)
    client = warm_app.test_client()
    sign_in(client)
    client.get("/?target=p-tgt&from=p-rep")
    runner = CliRunner()
    result = runner.invoke(cli, ["interleaving", "report"])
    assert result.exit_code == 0, result.output
    assert "Interleaved lists shown: 1" in result.output and "none decided yet" in result.output
    out = json.loads(runner.invoke(cli, ["interleaving", "report", "--json", "--days", "7"]).output)
    assert out["impressions"] == 1 and out["clicks"] == 0 and out["days"] == 7
