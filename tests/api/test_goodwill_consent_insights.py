"""Issue 9 part B stories against the real server: double opt-in, the goodwill ledger
(merge, cooldown, give-back), ask timing and the referral-network insights."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.workflow_data import PATH_ANN, T0, load_network

pytestmark = pytest.mark.neo4j
V1 = "/api/v1"


@pytest.fixture
def api(client, graph, make_key, app):
    load_network(graph)
    state = {"now": T0}
    app.config["REFERRALS_CLOCK"] = lambda: state["now"]
    write = make_key("write", "riley")

    class Api:
        clock = state

        def get(self, path):
            return client.get(V1 + path, headers=write)

        def post(self, path, body):
            return client.post(V1 + path, json=body, headers=write)

        def put(self, path, body):
            return client.put(V1 + path, json=body, headers=write)

    yield Api()
    from runtime.requests import app_runtime

    app_runtime(app).drainer.drain(10)


def _intro(api, path=PATH_ANN):
    r = api.post("/introductions", {"requester_id": path[0], "target_id": path[-1], "path": path})
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def test_double_opt_in_yes_then_introduced(api):
    iid = _intro(api)
    early = api.post(f"/introductions/{iid}/prospect-consent", {"answer": "yes", "channel": "email"})
    assert early.status_code == 409 and early.get_json()["code"] == "consent_not_expected"
    for to in ("asked", "accepted"):
        assert api.post(f"/introductions/{iid}/transitions", {"to": to}).status_code == 201
    refused = api.post(f"/introductions/{iid}/transitions", {"to": "introduced"})
    assert refused.status_code == 409
    assert refused.get_json()["code"] == "prospect_consent_required"
    assert "double opt-in" in refused.get_json()["detail"]
    at = (T0 + timedelta(hours=3)).isoformat()
    yes = api.post(f"/introductions/{iid}/prospect-consent", {"answer": "yes", "channel": "call", "at": at})
    assert yes.status_code == 201
    assert yes.get_json()["consent"] == {"answer": "yes", "at": at, "channel": "call",
                                         "recorded_by": "riley", "note": None}
    assert yes.get_json()["introduction"]["prospect_consent"] == "yes"
    assert api.post(f"/introductions/{iid}/transitions", {"to": "introduced"}).status_code == 201
    listed = api.get(f"/introductions/{iid}/prospect-consent").get_json()["items"]
    assert [c["answer"] for c in listed] == ["yes"] and listed[0]["channel"] == "call"
    bad = api.post(f"/introductions/{iid}/prospect-consent", {"answer": "maybe", "channel": "email"})
    assert bad.status_code == 422


def test_double_opt_in_no_closes_as_declined_with_the_reason(api):
    iid = _intro(api)
    for to in ("asked", "accepted"):
        api.post(f"/introductions/{iid}/transitions", {"to": to})
    no = api.post(f"/introductions/{iid}/prospect-consent",
                  {"answer": "no", "channel": "email", "note": "not this year"})
    assert no.status_code == 201
    body = no.get_json()
    assert body["introduction"]["status"] == "declined"
    assert body["event"]["reason"].startswith("the prospect said no (email, ")
    assert body["introduction"]["last_reason"].endswith("not this year")
    # reopening starts a fresh request: the prospect is asked again
    reopened = api.post(f"/introductions/{iid}/transitions", {"to": "requested"}).get_json()
    assert reopened["introduction"]["prospect_consent"] is None


def test_two_reps_asking_one_person_in_a_week_are_merged_then_cooldown(api):
    first = api.post("/clients/c-acme/referral-asks", {"referrer_id": "p-ann", "account_manager_id": "p-am",
                                                       "target_id": "p-tara"})
    assert first.status_code == 201 and first.get_json()["merged"] is False
    api.clock["now"] = T0 + timedelta(days=2)
    second = api.post("/clients/c-acme/referral-asks", {"referrer_id": "p-ann", "account_manager_id": "p-rep",
                                                        "target_id": "p-tara"})
    assert second.status_code == 200
    merged = second.get_json()
    assert merged["merged"] is True and merged["merged_into"] == first.get_json()["id"]
    listed = api.get("/clients/c-acme/referral-asks").get_json()
    assert len(listed["items"]) == 1 and listed["fatigue"]["asks_in_quarter"] == 1
    api.post(f"/referral-asks/{first.get_json()['id']}/outcome", {"outcome": "no_answer"})
    api.clock["now"] = T0 + timedelta(days=10)
    held = api.post("/clients/c-acme/referral-asks", {"referrer_id": "p-ann"})
    assert held.status_code == 409 and held.get_json()["code"] == "ask_cooldown"
    assert held.get_json()["cooldown_until"] == (T0 + timedelta(days=30)).date().isoformat()
    ledger = api.get("/people/p-ann/goodwill").get_json()
    assert ledger["asks_sent"] == 1 and len(ledger["asks"][0]["merged"]) == 1
    assert ledger["next_ask"]["decision"] == "cooldown"
    api.clock["now"] = T0 + timedelta(days=30)
    assert api.post("/clients/c-acme/referral-asks", {"referrer_id": "p-ann"}).status_code == 201


def test_goodwill_given_back_and_stored_for_the_ranking(api, graph):
    api.post("/clients/c-acme/referral-asks", {"referrer_id": "p-ann"})
    gave = api.post("/people/p-ann/goodwill", {"kind": "referral_sent", "note": "sent them Bolt"})
    assert gave.status_code == 201 and gave.get_json()["goodwill_balance"] == 1.0
    api.post("/people/p-ann/goodwill", {"kind": "thanks"})
    ledger = api.get("/people/p-ann/goodwill").get_json()
    assert ledger["goodwill_balance"] == 1.5 and [g["kind"] for g in ledger["gave"]][-1] == "referral_sent"
    row = graph.query("MATCH (p:Person {id: 'p-ann'}) RETURN p.goodwill_balance AS b, "
                      "p.ask_cooldown_until AS until")[0]
    assert row["b"] == 1.5 and row["until"].to_native() == (T0 + timedelta(days=30)).date()
    assert api.post("/people/p-ann/goodwill", {"kind": "bribe"}).status_code == 422
    assert api.post("/people/p-nope/goodwill", {"kind": "thanks"}).status_code == 404


def test_ask_timing_raises_a_clients_opportunities(api, graph):
    from graph.opportunities import referral_opportunities

    def best():  # read in the domain: the API hides terms of clients not opted in (part A)
        return referral_opportunities(graph, "c-acme", today=T0.date())[1][0].path
    before = best()
    assert before.terms["ask_timing"] == 1.0
    renewal = (T0.date() + timedelta(days=20)).isoformat()
    put = api.put("/companies/c-acme/ask-timing", {"satisfaction": 0.9, "renewal_on": renewal})
    assert put.status_code == 200 and put.get_json()["timing"]["multiplier"] == 1.3
    after = best()
    assert after.terms["ask_timing"] == 1.3
    assert after.score == pytest.approx(before.score * 1.3, rel=1e-4)
    assert "Good moment to ask" in after.summary
    assert api.put("/companies/c-acme/ask-timing", {"satisfaction": 3}).status_code == 422
    assert api.get("/companies/c-nope/ask-timing").status_code == 404


def test_referral_network_insights(api, graph):
    graph.execute("""
        MATCH (ann:Person {id: 'p-ann'})
        CREATE (solo:Company {id: 'c-solo', name: 'Solo', status: 'prospect', icp_score: 0.9,
                              industry: 'software', region: 'EMEA', employees: 800})
        CREATE (s:Person {id: 'p-solo', name: 'Sol'})-[:WORKS_AT {current: true}]->(solo)
        CREATE (ann)-[:KNOWS {strength: 0.6}]->(s)
        WITH 1 AS one UNWIND range(1, 3) AS n
        CREATE (:Company {id: 'c-far' + n, name: 'Far ' + n, status: 'prospect', icp_score: 0.8,
                          industry: 'logistics', region: 'APAC', employees: 300})
    """)
    body = api.get("/insights/referral-network").get_json()
    spof = {s["company"]["id"]: s["gateway"]["id"] for s in body["single_points_of_failure"]}
    assert spof.get("c-solo") == "p-ann" and "c-tgt" not in spof
    hubs = {h["id"]: h for h in body["hubs"]}
    assert hubs["c-acme"]["icp_prospects_reached"] == 2 and hubs["c-acme"]["gateway_for"] == 1
    thin = body["thin_territory"]
    assert thin[0]["industry"] == "logistics" and thin[0]["prospects"] == 3 and thin[0]["reachable"] == 0
    assert body["totals"]["with_warm_path"] == 2
    assert body["subgraph"]["people"] >= 5
    assert api.get("/insights/referral-network?fanout=0").status_code == 422
