"""The workflow endpoints: ICP, introductions (transitions, qualification, touches),
inquiries, the pipeline review and referral asks. Success, 401/403, 404, 409, 422."""

from __future__ import annotations

from datetime import timedelta

import pytest

from referrals.icp import DEFAULT_PROFILE, profile_to_dict
from tests.workflow_data import PATH_ANN, PATH_BEN, T0, load_network

pytestmark = pytest.mark.neo4j

V1 = "/api/v1"


@pytest.fixture(autouse=True)
def webhooks_idle(app):
    """Webhook fan-out runs on a background thread with the app's driver: let it finish
    before the app fixture closes that driver."""
    yield
    from runtime.requests import app_runtime

    app_runtime(app).drainer.drain(10)


@pytest.fixture
def clock(app):
    state = {"now": T0}
    app.config["REFERRALS_CLOCK"] = lambda: state["now"]
    return state


@pytest.fixture
def api(client, graph, make_key, clock):
    load_network(graph)

    class Api:
        read = make_key("read", "reader")
        write = make_key("write", "riley")
        admin = make_key("admin", "boss")

        def __init__(self):
            self.client = client
            self.clock = clock

        def get(self, path, headers=None, **kw):
            return client.get(V1 + path, headers=headers or self.read, **kw)

        def post(self, path, body, headers=None, **kw):
            return client.post(V1 + path, json=body, headers=headers or self.write, **kw)

        def put(self, path, body, headers=None, **kw):
            return client.put(V1 + path, json=body, headers=headers or self.write, **kw)

        def request(self, path=PATH_ANN):
            r = self.post("/introductions", {"requester_id": path[0], "target_id": path[-1], "path": path})
            assert r.status_code == 201, r.get_json()
            return r.get_json()

        def move(self, intro_id, to, **body):
            if to == "introduced":  # double opt-in: the prospect says yes first (409 when not expected)
                self.post(f"/introductions/{intro_id}/prospect-consent",
                          {"answer": "yes", "channel": "email"})
            return self.post(f"/introductions/{intro_id}/transitions", {"to": to, **body})

    return Api()


def _pointers(response):
    return [e["pointer"] for e in response.get_json().get("errors", [])]


# ---- auth --------------------------------------------------------------------------------------
@pytest.mark.parametrize("method, path", [
    ("get", "/icp"), ("put", "/icp"), ("get", "/introductions"), ("post", "/introductions"),
    ("get", "/introductions/i-x"), ("post", "/introductions/i-x/transitions"),
    ("put", "/introductions/i-x/qualification"), ("post", "/introductions/i-x/touches"),
    ("get", "/inquiries"), ("post", "/inquiries"), ("get", "/pipeline/review"),
    ("get", "/clients/c-acme/referral-asks"), ("post", "/clients/c-acme/referral-asks"),
    ("post", "/referral-asks/ra-x/outcome"), ("get", "/referrers/p-ann/record"),
])
def test_every_endpoint_needs_a_key(api, method, path):
    response = getattr(api.client, method)(V1 + path, json={})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize("method, path", [
    ("put", "/icp"), ("post", "/introductions"), ("post", "/introductions/i-x/transitions"),
    ("put", "/introductions/i-x/qualification"), ("post", "/introductions/i-x/touches"),
    ("post", "/inquiries"), ("post", "/clients/c-acme/referral-asks"),
    ("post", "/referral-asks/ra-x/outcome"),
])
def test_read_keys_cannot_write(api, method, path):
    response = getattr(api.client, method)(V1 + path, json={}, headers=api.read)
    assert response.status_code == 403


def test_icp_put_needs_admin(api):
    response = api.put("/icp", profile_to_dict(DEFAULT_PROFILE), headers=api.write)
    assert response.status_code == 403


# ---- ICP ---------------------------------------------------------------------------------------
def test_icp_get_and_put_rescoring_companies(api, graph):
    got = api.get("/icp")
    assert got.status_code == 200 and got.get_json()["version"] == 0 and got.headers["ETag"] == '"v0"'
    doc = {"criteria": [{"attribute": "region", "op": "in", "value": ["NA"], "weight": 2}],
           "ideal_threshold": 0.5}
    put = api.put("/icp", {**doc, "version": 0}, headers=api.admin)
    assert put.status_code == 200, put.get_json()
    body = put.get_json()
    assert body["version"] == 1 and body["updated_by"] == "boss" and body["rescored"]["scanned"] == 5
    assert body["criteria"][0]["label"] == "region in {NA}"
    scores = {r["id"]: r["s"] for r in graph.query("MATCH (c:Company) RETURN c.id AS id, c.icp_score AS s")}
    assert scores["c-tgt"] == 1.0 and scores["c-acme"] == 0.0
    assert api.get("/icp").get_json()["ideal_threshold"] == 0.5
    stale = api.put("/icp", {**doc, "version": 0}, headers=api.admin)
    assert stale.status_code == 409 and stale.get_json()["current_version"] == 1


@pytest.mark.parametrize("doc, pointer", [
    ({"criteria": [{"attribute": "industry", "op": "in", "value": ["x"]},
                   {"attribute": "employees", "op": "like", "value": 3}]}, "/criteria/1/op"),
    ({"criteria": [{"attribute": "employees", "op": "between", "value": [9, 1]}]}, "/criteria/0/value"),
    ({"criteria": [{"attribute": "x", "op": "eq", "value": 1, "weight": -1}]}, "/criteria/0/weight"),
    ({"criteria": []}, "/criteria"),
    ({"criteria": [{"attribute": "x", "op": "eq", "value": 1}], "ideal_threshold": 2}, "/ideal_threshold"),
    ({"criteria": [{"attribute": "x", "op": "eq", "value": 1}], "colour": "red"}, "/colour"),
])
def test_icp_put_invalid_names_the_field(api, doc, pointer):
    response = api.put("/icp", doc, headers=api.admin)
    assert response.status_code == 422
    assert _pointers(response) == [pointer]


def test_icp_put_not_json_is_400(api):
    response = api.client.put(V1 + "/icp", data="nope", headers={**api.admin, "Content-Type": "text/plain"})
    assert response.status_code == 400


# ---- introductions -----------------------------------------------------------------------------
def test_request_and_read_an_introduction(api):
    intro = api.request()
    assert intro["status"] == "requested" and intro["referrer_id"] == "p-ann"
    assert intro["actor"] == "riley" and intro["allowed_transitions"] == ["asked", "withdrawn"]
    got = api.get(f"/introductions/{intro['id']}")
    assert got.status_code == 200 and got.headers["ETag"] == '"v1"'
    body = got.get_json()
    assert body["referrer"]["name"] == "Ann Able" and body["target"]["company"]["name"] == "Target Co"
    assert body["history"][0]["to"] == "requested"
    assert api.get("/introductions/i-nope").status_code == 404


@pytest.mark.parametrize("body, pointer", [
    ({"requester_id": "p-rep", "target_id": "p-tara", "path": ["p-rep", "p-gov", "p-tara"]}, "/path"),
    ({"requester_id": "p-rep", "target_id": "p-tara", "path": ["p-rep", "p-dnc", "p-tara"]}, "/path"),
    ({"requester_id": "p-rep", "target_id": "p-tara", "path": ["p-rep", "p-tara"]}, "/path"),
    ({"requester_id": "p-rep", "target_id": "p-gov", "path": PATH_ANN}, "/path"),
    ({"requester_id": "p-rep", "target_id": "p-tara"}, "/path"),
    ({"requester_id": "p-rep", "target_id": "p-tara", "path": PATH_ANN, "colour": 1}, "/colour"),
])
def test_request_validation(api, body, pointer):
    response = api.post("/introductions", body)
    assert response.status_code == 422, response.get_json()
    assert pointer in _pointers(response)


def test_duplicate_request_is_409(api):
    first = api.request()
    response = api.post("/introductions", {"requester_id": "p-rep", "target_id": "p-tara", "path": PATH_BEN})
    assert response.status_code == 409 and response.get_json()["existing_id"] == first["id"]


def test_list_filters_and_paginates(api):
    first = api.request()
    api.clock["now"] = T0 + timedelta(minutes=1)
    second = api.request(["p-rep", "p-ann", "p-gov"])
    api.move(second["id"], "asked")
    page1 = api.get("/introductions?limit=1").get_json()
    assert [i["id"] for i in page1["items"]] == [second["id"]] and page1["next_cursor"]
    page2 = api.get(f"/introductions?limit=1&cursor={page1['next_cursor']}").get_json()
    assert [i["id"] for i in page2["items"]] == [first["id"]] and page2["next_cursor"] is None
    asked = api.get("/introductions?status=asked").get_json()["items"]
    assert [i["id"] for i in asked] == [second["id"]]
    assert api.get("/introductions?requester_id=p-nobody").get_json()["items"] == []
    assert "/status" in _pointers(api.get("/introductions?status=hot"))
    assert "/cursor" in _pointers(api.get("/introductions?cursor=garbage"))


def test_transitions_history_and_flags(api):
    iid = api.request()["id"]
    for to in ("asked", "accepted", "introduced"):
        assert api.move(iid, to).status_code == 201
    meeting = api.move(iid, "meeting_held", note="intro call", actor="Riley Rep")
    assert meeting.status_code == 201
    assert meeting.get_json()["event"]["flags"] == ["no_next_step"]
    # the key's own name is recorded; the name it gives is added, never put in its place
    assert meeting.get_json()["event"]["actor"] == "riley (for Riley Rep)"
    detail = api.get(f"/introductions/{iid}").get_json()
    # 6: four moves, the creation and the prospect's recorded yes (double opt-in)
    assert detail["flags"] == ["no_next_step"] and detail["version"] == 6
    good = api.move(iid, "meeting_held", assignment="send last year's numbers",
                    next_meeting_at=(T0 + timedelta(days=7)).isoformat())
    assert good.get_json()["event"]["flags"] == [] and good.get_json()["introduction"]["flags"] == []
    timeline = api.get(f"/introductions/{iid}/transitions").get_json()["items"]
    assert [(h["from"], h["to"]) for h in timeline][-2:] == [("introduced", "meeting_held"),
                                                            ("meeting_held", "meeting_held")]
    assert timeline[-1]["assignment"] == "send last year's numbers"


def test_illegal_transition_is_409_listing_allowed(api):
    iid = api.request()["id"]
    response = api.move(iid, "won")
    assert response.status_code == 409
    body = response.get_json()
    assert body["allowed"] == ["asked", "withdrawn"] and body["status_now"] == "requested"
    assert "allowed from requested: asked, withdrawn" in body["detail"]
    assert api.move("i-nope", "asked").status_code == 404
    assert "/to" in _pointers(api.move(iid, "hot"))


def test_qualified_out_without_reason_is_422_and_can_be_reopened(api):
    iid = api.request()["id"]
    for to in ("asked", "accepted", "introduced"):
        api.move(iid, to)
    response = api.move(iid, "qualified_out")
    assert response.status_code == 422 and _pointers(response) == ["/reason"]
    assert api.move(iid, "qualified_out", reason="no budget until 2027").status_code == 201
    reopened = api.move(iid, "introduced", note="budget approved")
    assert reopened.status_code == 201 and reopened.get_json()["introduction"]["status"] == "introduced"


def test_meeting_details_on_other_moves_are_422(api):
    iid = api.request()["id"]
    response = api.move(iid, "asked", assignment="x")
    assert response.status_code == 422 and _pointers(response) == ["/assignment"]


def test_stale_version_is_409_by_body_or_if_match(api):
    iid = api.request()["id"]
    assert api.move(iid, "asked", version=1).status_code == 201
    stale = api.move(iid, "withdrawn", version=1)
    assert stale.status_code == 409 and stale.get_json()["current_version"] == 2
    assert stale.headers["ETag"] == '"v2"'
    by_header = api.post(f"/introductions/{iid}/transitions", {"to": "withdrawn"},
                         headers={**api.write, "If-Match": '"v1"'})
    assert by_header.status_code == 409
    ok = api.post(f"/introductions/{iid}/transitions", {"to": "withdrawn"},
                  headers={**api.write, "If-Match": '"v2"'})
    assert ok.status_code == 201 and ok.headers["ETag"] == '"v3"'


def test_qualification_gate(api):
    iid = api.request()["id"]
    for to in ("asked", "accepted", "introduced", "meeting_held"):
        api.move(iid, to)
    refused = api.move(iid, "qualified")
    assert refused.status_code == 409
    assert "budget unknown (required)" in refused.get_json()["missing"]
    state = api.put(f"/introductions/{iid}/qualification",
                    {"budget": {"known": True, "note": "120k approved"}, "need": True})
    assert state.status_code == 200 and state.get_json()["qualified"] is True
    assert state.get_json()["bant"]["budget"]["note"] == "120k approved"
    assert api.get(f"/introductions/{iid}/qualification").get_json()["completeness"] == 0.5
    assert api.move(iid, "qualified").status_code == 201
    bad = api.put(f"/introductions/{iid}/qualification", {"budget": "lots"})
    assert bad.status_code == 422 and _pointers(bad) == ["/budget"]
    assert api.put("/introductions/i-nope/qualification", {"need": True}).status_code == 404


def test_poor_fit_is_never_qualified_however_keen(api):
    intro = api.request(["p-rep", "p-ann", "p-gov"])  # a government agency: misses a must-have
    iid = intro["id"]
    for to in ("asked", "accepted", "introduced", "meeting_held"):
        api.move(iid, to)
    api.put(f"/introductions/{iid}/qualification", {"budget": True, "need": True, "authority": True,
                                                    "timing": True})
    refused = api.move(iid, "qualified")
    assert refused.status_code == 409 and refused.get_json()["icp_score"] == 0.0


def test_touches(api):
    iid = api.request()["id"]
    created = api.post(f"/introductions/{iid}/touches", {"direction": "outbound", "channel": "call"})
    assert created.status_code == 201 and created.get_json()["outbound_touches"] == 1
    assert api.get(f"/introductions/{iid}/touches").get_json()["items"][0]["channel"] == "call"
    assert "/direction" in _pointers(api.post(f"/introductions/{iid}/touches", {"direction": "sideways"}))
    assert api.post("/introductions/i-nope/touches", {"direction": "inbound"}).status_code == 404


def test_inquiries_are_never_leads(api):
    created = api.post("/inquiries", {"kind": "download", "person_id": "p-tara", "source": "white paper"})
    assert created.status_code == 201 and created.get_json()["is_lead"] is False
    listed = api.get("/inquiries").get_json()["items"]
    assert [q["id"] for q in listed] == [created.get_json()["id"]]
    assert api.get("/introductions").get_json()["items"] == []
    review = api.get("/pipeline/review").get_json()
    assert review["early_interest"]["count"] == 0 and review["active_count"] == 0
    assert "/kind" in _pointers(api.post("/inquiries", {"kind": "hot"}))
    assert "/person_id" in _pointers(api.post("/inquiries", {"kind": "list", "person_id": "p-nope"}))


# ---- pipeline review ---------------------------------------------------------------------------
def test_pipeline_review(api):
    early = api.request()["id"]
    for _ in range(10):  # early items are never chased, however many touches
        api.post(f"/introductions/{early}/touches", {"direction": "outbound"})
    chased = api.request(["p-rep", "p-ann", "p-gov"])["id"]
    for to in ("asked", "accepted", "introduced"):
        api.move(chased, to)
    for _ in range(8):
        api.post(f"/introductions/{chased}/touches", {"direction": "outbound"})
    api.clock["now"] = T0 + timedelta(weeks=6)
    body = api.get("/pipeline/review").get_json()
    assert body["early_interest"]["count"] == 1 and body["early_interest"]["item_ids"] == [early]
    assert "Anything new" in body["early_interest"]["question"]
    assert [f["item_id"] for f in body["stale"]] == [chased]
    assert [f["item_id"] for f in body["one_way"]] == [chased]
    flag = body["one_way"][0]
    assert "I've tried you 8 times" in flag["question"]
    action = flag["action"]
    # 5: created, asked, accepted, the prospect's recorded yes (double opt-in), introduced
    assert action["path"] == f"{V1}/introductions/{chased}/transitions" and action["body"]["version"] == 5
    # the one-call qualify-out works as offered
    done = api.post(action["path"][len(V1):], action["body"])
    assert done.status_code == 201 and done.get_json()["introduction"]["status"] == "qualified_out"
    # configurable: with 7 weeks nothing is stale yet
    api.clock["now"] = T0 + timedelta(weeks=6)
    again = api.get("/pipeline/review?stale_after_days=49").get_json()
    assert again["stale"] == [] and again["closed_count"] == 1
    assert "/one_way_touches" in _pointers(api.get("/pipeline/review?one_way_touches=0"))


# ---- referral asks -----------------------------------------------------------------------------
def test_referral_asks_fatigue_and_outcome(api, app):
    # the per-person goodwill budget (tests/api/test_goodwill_consent_insights.py) is off here
    app.config.update(REFERRAL_PERSON_ASKS_PER_WINDOW=100, REFERRAL_MERGE_WINDOW_DAYS=0)
    ids = []
    for n in range(3):
        api.clock["now"] = T0 + timedelta(days=n)
        r = api.post("/clients/c-acme/referral-asks", {"referrer_id": "p-ann", "target_id": "p-tara",
                                                       "account_manager_id": "p-am", "note": "quarterly"})
        assert r.status_code == 201, r.get_json()
        ids.append(r.get_json()["id"])
    assert r.get_json()["client_fit"]["ideal_client"] is True
    held = api.post("/clients/c-acme/referral-asks", {"referrer_id": "p-ann"})
    assert held.status_code == 409
    body = held.get_json()
    assert "limit 3" in body["detail"] and body["alternatives"][0]["id"] == "c-bolt"
    listed = api.get("/clients/c-acme/referral-asks").get_json()
    assert [a["id"] for a in listed["items"]] == ids[::-1]
    assert listed["fatigue"] == {"asks_in_quarter": 3, "max_per_quarter": 3, "allowed": False,
                                 "reason": listed["fatigue"]["reason"]}
    out = api.post(f"/referral-asks/{ids[0]}/outcome", {"outcome": "made_intro"})
    assert out.status_code == 200
    assert out.get_json()["thank_you_due"] == (T0 + timedelta(days=4)).isoformat()
    assert out.get_json()["referrer_record"]["made"] == 1
    assert api.post(f"/referral-asks/{ids[0]}/outcome", {"outcome": "declined"}).status_code == 409
    assert "/outcome" in _pointers(api.post(f"/referral-asks/{ids[1]}/outcome", {"outcome": "maybe"}))
    assert api.post("/referral-asks/ra-nope/outcome", {"outcome": "declined"}).status_code == 404
    record = api.get("/referrers/p-ann/record").get_json()
    assert record["asks"] == 1 and record["made"] == 1


def test_referral_ask_limit_is_configurable(api, app):
    app.config["REFERRAL_ASKS_PER_QUARTER"] = 1
    app.config.update(REFERRAL_PERSON_ASKS_PER_WINDOW=100, REFERRAL_MERGE_WINDOW_DAYS=0)
    assert api.post("/clients/c-acme/referral-asks", {"referrer_id": "p-ann"}).status_code == 201
    assert api.post("/clients/c-acme/referral-asks", {"referrer_id": "p-ann"}).status_code == 409


def test_referral_ask_validation(api):
    assert api.post("/clients/c-nope/referral-asks", {"referrer_id": "p-ann"}).status_code == 404
    not_there = api.post("/clients/c-acme/referral-asks", {"referrer_id": "p-ben"})
    assert not_there.status_code == 422 and _pointers(not_there) == ["/referrer_id"]
    prospect = api.post("/clients/c-tgt/referral-asks", {"referrer_id": "p-tara"})
    assert prospect.status_code == 422 and _pointers(prospect) == ["/client_id"]
    assert "/referrer_id" in _pointers(api.post("/clients/c-acme/referral-asks", {}))
    assert api.get("/clients/c-nope/referral-asks").status_code == 404
    assert api.get("/referrers/p-nope/record").status_code == 404


def test_referral_ask_for_an_introduction(api):
    iid = api.request()["id"]
    unknown = api.post("/clients/c-acme/referral-asks", {"referrer_id": "p-ann", "introduction_id": "i-nope"})
    assert unknown.status_code == 422 and _pointers(unknown) == ["/introduction_id"]
    wrong = api.post("/clients/c-bolt/referral-asks", {"referrer_id": "p-ben", "introduction_id": iid})
    assert wrong.status_code == 422 and _pointers(wrong) == ["/introduction_id"]
    ok = api.post("/clients/c-acme/referral-asks", {"referrer_id": "p-ann", "introduction_id": iid})
    assert ok.status_code == 201 and ok.get_json()["introduction_id"] == iid
    assert api.get(f"/introductions/{iid}").get_json()["status"] == "asked"
    again = api.post("/clients/c-acme/referral-asks", {"referrer_id": "p-ann", "introduction_id": iid})
    assert again.status_code == 409 and again.get_json()["status_now"] == "asked"


def test_transitions_are_sent_to_webhooks(api, graph, app):
    import json

    from graph.webhooks import create_webhook
    from runtime.requests import app_runtime
    from tests.api.test_webhooks import Receiver

    receiver = Receiver()
    app_runtime(app).drainer.allow_private = True  # the receiver is on 127.0.0.1
    try:
        create_webhook(graph, receiver.url, ["introduction.created", "introduction.status_changed"])
        iid = api.request()["id"]
        api.move(iid, "asked")
        assert app_runtime(app).drainer.drain(10)
        events = sorted((json.loads(body) for _headers, body in receiver.requests),
                        key=lambda e: e["type"])
        assert [e["type"] for e in events] == ["introduction.created", "introduction.status_changed"]
        changed = events[1]["data"]
        assert (changed["introduction_id"], changed["from"], changed["to"]) == (iid, "requested", "asked")
    finally:
        receiver.close()
