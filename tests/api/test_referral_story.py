"""Issue 6, end to end: a rep finds a warm path, requests the introduction, the account
manager asks the client, the introduction happens, meetings record the buyer's
assignment and the next date, the lead is qualified (or qualified out with a reason), the
weekly review shows the right groups, and the referrer's record changes the next ranking.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from graph.paths import PathFinder, PathQuery
from tests.workflow_data import T0, load_network

pytestmark = pytest.mark.neo4j

V1 = "/api/v1"


@pytest.fixture(autouse=True)
def webhooks_idle(app):
    yield
    from runtime.requests import app_runtime

    app_runtime(app).drainer.drain(10)


def _ranking(graph, today):
    paths, facts = PathFinder(graph).find(PathQuery(target="p-tara", source="p-rep", today=today))
    return paths, facts


def test_the_referral_story(client, graph, make_key, app):
    load_network(graph)
    clock = {"now": T0}
    app.config["REFERRALS_CLOCK"] = lambda: clock["now"]
    rep = make_key("write", "Riley Rep")
    am = make_key("write", "Alex Manager")
    reader = make_key("read", "weekly review")

    def at(days):
        clock["now"] = T0 + timedelta(days=days)

    def post(path, body, key=rep):
        response = client.post(V1 + path, json=body, headers=key)
        assert response.status_code in (200, 201), (path, response.get_json())
        return response.get_json()

    # 1. The rep looks for a warm path to Tara: two equally good referrers, Ann and Ben
    #    (the do-not-contact colleague is never suggested).
    paths, _ = _ranking(graph, T0.date())
    assert {p.nodes[-2] for p in paths} == {"p-ann", "p-ben"}
    assert all("p-dnc" not in p.nodes for p in paths)
    first_choice = paths[0].nodes
    other_referrer = ({"p-ann", "p-ben"} - {first_choice[-2]}).pop()
    referrer = other_referrer  # the rep picks the one they know better; either is fine
    path = ["p-rep", referrer, "p-tara"]
    client_id = {"p-ann": "c-acme", "p-ben": "c-bolt"}[referrer]

    # 2. The rep requests the introduction along that path.
    intro = post("/introductions", {"requester_id": "p-rep", "target_id": "p-tara", "path": path,
                                    "note": "Tara is evaluating finance tooling"})
    iid = intro["id"]
    assert intro["status"] == "requested" and intro["referrer_id"] == referrer

    # A white-paper download from Tara's colleague is an inquiry, never a lead.
    assert post("/inquiries", {"kind": "download", "company_id": "c-tgt"})["is_lead"] is False

    # 3. The account manager asks the client (the referrer) for it: the intro moves to asked.
    at(1)
    ask = post(f"/clients/{client_id}/referral-asks",
               {"referrer_id": referrer, "introduction_id": iid, "account_manager_id": "p-am",
                "note": "Would you introduce us to Tara?"}, key=am)
    assert ask["introduction_id"] == iid and ask["fatigue"]["asks_in_quarter"] == 0
    assert ask["client_fit"]["ideal_client"] is True

    # 4. The referrer says yes and makes the introduction; the ask closes as made_intro
    #    and the thank-you is due within 2 days.
    at(2)
    post(f"/introductions/{iid}/transitions", {"to": "accepted"})
    # Double opt-in: the referrer asks Tara first; her yes is stored before names are shared.
    consent = post(f"/introductions/{iid}/prospect-consent", {"answer": "yes", "channel": "call"})
    assert consent["consent"]["answer"] == "yes" and consent["introduction"]["status"] == "accepted"
    at(3)
    made = post(f"/introductions/{iid}/transitions", {"to": "introduced", "note": "email intro sent"})
    assert made["ask"]["outcome"] == "made_intro"
    assert made["ask"]["thank_you_due"] == (T0 + timedelta(days=5)).isoformat()

    # 5. First meeting: an assignment for the buyer and the next meeting on the calendar.
    at(10)
    meeting = post(f"/introductions/{iid}/transitions", {
        "to": "meeting_held", "assignment": "Tara shares current close timeline",
        "next_meeting_at": (T0 + timedelta(days=17)).isoformat()})
    assert meeting["event"]["flags"] == []
    # A second meeting ends noncommittal: allowed, but flagged.
    at(17)
    vague = post(f"/introductions/{iid}/transitions", {"to": "meeting_held", "note": "nice chat"})
    assert vague["event"]["flags"] == ["no_next_step"]

    # 6. The weekly review: the vague meeting is flagged with the honest question; a new
    #    early request sits in the early-interest group, counted, not chased.
    at(18)
    early = post("/introductions", {"requester_id": "p-rep", "target_id": "p-gov",
                                    "path": ["p-rep", "p-ann", "p-gov"]})
    review = client.get(V1 + "/pipeline/review", headers=reader).get_json()
    assert review["early_interest"]["count"] == 1 and review["early_interest"]["item_ids"] == [early["id"]]
    assert [f["item_id"] for f in review["no_next_step"]] == [iid]
    assert "next meeting on the calendar" in review["no_next_step"][0]["question"]
    assert review["stale"] == [] and review["one_way"] == []
    assert review["no_next_step"][0]["action"]["body"]["to"] == "qualified_out"

    # 7. The rep asks the honest question, gets the next step, and qualifies the lead:
    #    refused until budget and need are known, then accepted.
    at(19)
    post(f"/introductions/{iid}/transitions", {
        "to": "meeting_held", "assignment": "Tara brings the CFO",
        "next_meeting_at": (T0 + timedelta(days=26)).isoformat()})
    refused = client.post(f"{V1}/introductions/{iid}/transitions", json={"to": "qualified"}, headers=rep)
    assert refused.status_code == 409 and "need unknown (required)" in refused.get_json()["missing"]
    qualification = client.put(f"{V1}/introductions/{iid}/qualification", headers=rep, json={
        "budget": {"known": True, "note": "90k in FY budget"},
        "need": {"known": True, "note": "manual close"},
        "authority": {"known": True, "note": "CFO signs"}})
    assert qualification.get_json()["qualified"] is True
    assert "When does this need to be in place" in qualification.get_json()["questions"][0]
    post(f"/introductions/{iid}/transitions", {"to": "qualified"})

    # The other (early) request goes nowhere and is qualified out honestly, with a reason.
    for to in ("asked", "accepted", "introduced"):
        if to == "introduced":
            post(f"/introductions/{early['id']}/prospect-consent", {"answer": "yes", "channel": "email"})
        post(f"/introductions/{early['id']}/transitions", {"to": to})
    no_reason = client.post(f"{V1}/introductions/{early['id']}/transitions", headers=rep,
                            json={"to": "qualified_out"})
    assert no_reason.status_code == 422
    post(f"/introductions/{early['id']}/transitions",
         {"to": "qualified_out", "reason": "public sector: not a fit for us"})

    # 8. Months later the deal is won; the full timeline is there.
    at(100)
    post(f"/introductions/{iid}/transitions", {"to": "won", "note": "signed"})
    detail = client.get(f"{V1}/introductions/{iid}", headers=reader).get_json()
    assert [h["to"] for h in detail["history"]] == [
        "requested", "asked", "accepted", "introduced", "meeting_held", "meeting_held", "meeting_held",
        "qualified", "won"]
    assert detail["history"][5]["flags"] == ["no_next_step"]
    assert detail["history"][1]["actor"] == "Alex Manager"

    review = client.get(V1 + "/pipeline/review", headers=reader).get_json()
    assert review["early_interest"]["count"] == 0 and review["closed_count"] == 2
    assert review["no_next_step"] == [] and review["stale"] == []

    record = client.get(f"{V1}/referrers/{referrer}/record", headers=reader).get_json()
    assert (record["asks"], record["made"], record["accepted"], record["won"]) == (1, 1, 1, 1)

    # 9. Next time, the referrer whose introduction was won ranks first.
    paths, facts = _ranking(graph, (T0 + timedelta(days=100)).date())
    assert paths[0].nodes[-2] == referrer
    assert facts[referrer].intros_won == 1
    assert paths[0].score > paths[1].score
