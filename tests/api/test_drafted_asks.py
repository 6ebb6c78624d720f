"""Drafted asks with evidence, end to end on the real test Neo4j (issue #17): the meetings
behind a tie become evidence, a bare LinkedIn connection says only that, the team's
templates change the next draft, only managers and admins change them, a bad placeholder
is a 422 naming the field, and a person hidden by consent is never named in a draft."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from graph.bulk import BulkWriter
from graph.consent import set_consent
from graph.keys import create_key
from graph.ownership import assign_owner
from graph.users import user_id_for_email
from referrals.model import EmploymentRecord, PersonRecord, TieRecord
from services import drafting, users
from tests.workflow_data import PATH_ANN, T0, load_network

pytestmark = pytest.mark.neo4j

PASSWORD = "correct horse battery"


@pytest.fixture
def world(graph, ctx):
    """The workflow network, plus: Ann (Acme) has met Tara 3 times; Ben (Bolt) is only
    connected on LinkedIn with Lina, who works at Target Co too."""
    load_network(graph)
    graph.execute("""
        MATCH (:Person {id: 'p-ann'})-[k:KNOWS]-(:Person {id: 'p-tara'})
        SET k.meetings = 3, k.calls = 0, k.emails = 0, k.messages = 0, k.interactions = 3,
            k.sent_by_a = 2, k.sent_by_b = 1, k.first_interaction = date('2025-11-04'),
            k.last_interaction = date('2026-02-20'), k.source = 'interactions'""")
    writer = BulkWriter(graph)
    writer.people([PersonRecord("p-lina", "Lina Link", title="Head of Ops")])
    writer.employments([EmploymentRecord("p-lina", "c-tgt", "Head of Ops")])
    writer.ties([TieRecord("p-ben", "p-lina", 0.5, 0, date(2024, 6, 1), source="linkedin")])
    for email, role, person in (("riley@us.example", "rep", "p-rep"),
                                ("alex@us.example", "account_manager", "p-am")):
        users.create_user(ctx, email=email, password=PASSWORD, role=role, person_id=person)
    graph.execute("CREATE (:Person {id: 'p-boss', name: 'Sam Boss'})")
    users.create_user(ctx, email="sam@us.example", password=PASSWORD, role="sales_manager",
                      person_id="p-boss")
    return replace(ctx, clock=lambda: T0)


def _opportunities(client, headers, client_id: str) -> dict[str, dict]:
    response = client.get(f"/api/v1/clients/{client_id}/referral-opportunities", headers=headers)
    assert response.status_code == 200, response.get_json()
    return {o["target"]["id"]: o for o in response.get_json()["opportunities"]}


def _sign_in(client, email: str) -> str:
    html = client.get("/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = client.post("/signin", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    html = client.get("/ask-templates").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_meetings_become_evidence_and_a_linkedin_connection_says_only_that(world, client, admin_headers):
    tara = _opportunities(client, admin_headers, "c-acme")["p-tara"]
    assert tara["referrer"]["id"] == "p-ann"
    assert tara["ask"].startswith("Hi Ann, you know Tara Target (VP Finance at Target Co): "
                                  "you and Tara have met 3 times, the last in February 2026.")
    assert {"claim": "Ann Able and Tara Target have met 3 times, the last in February 2026.",
            "source": "interactions"} in tara["evidence"]
    assert tara["subject"] == "Introduction to Tara Target?"
    assert tara["blurb"].startswith("Hi Tara, I'd like to introduce you to")
    assert "We work with them at Acme." in tara["blurb"]  # Acme is our client; no asker is known
    fit = [e for e in tara["evidence"] if e["source"] == "icp"]
    assert fit and fit[0]["claim"].startswith("Target Co matches our ideal client profile (100%): "
                                              "industry we serve (fintech)")
    assert "well" not in tara["ask"]  # 3 meetings: not enough to say they know each other well

    lina = _opportunities(client, admin_headers, "c-bolt")["p-lina"]
    assert lina["ask"].startswith("Hi Ben, you are connected on LinkedIn with Lina Link "
                                  "(Head of Ops at Target Co).")
    linked = {"claim": "Ben Bold and Lina Link are connected on LinkedIn.", "source": "linkedin"}
    assert linked in lina["evidence"]
    said = lina["ask"] + lina["blurb"] + " ".join(e["claim"] for e in lina["evidence"])
    assert "met" not in said and "2024" not in said and "you know" not in said


def test_an_edited_template_changes_the_next_draft(world, client, admin_headers):
    before = client.get("/api/v1/ask-templates", headers=admin_headers).get_json()
    assert before["customized"] == {"subject": False, "ask": False, "blurb": False}
    assert before["templates"]["ask"] == before["defaults"]["ask"]
    assert "connection" in {p["name"] for p in before["placeholders"]}
    assert before["preview"]["ask"].startswith("Hi Dana, you know Tara Ng")

    saved = client.put("/api/v1/ask-templates", headers=admin_headers,
                       json={"ask": "Hello ${referrer_first}! ${connection}\n\n${request}",
                             "subject": "About ${target_first}"})
    assert saved.status_code == 200, saved.get_json()
    body = saved.get_json()
    assert body["customized"] == {"subject": True, "ask": True, "blurb": False}
    assert body["preview"]["ask"].startswith("Hello Dana! you know Tara Ng")
    assert body["updated_by"] == "test-admin"

    tara = _opportunities(client, admin_headers, "c-acme")["p-tara"]
    assert tara["ask"] == ("Hello Ann! you know Tara Target (VP Finance at Target Co): you and Tara have met "
                           "3 times, the last in February 2026.\n\nWould you be open to introducing us?")
    assert tara["subject"] == "About Tara"
    # blank puts a kind back to the default
    client.put("/api/v1/ask-templates", headers=admin_headers, json={"ask": "", "subject": None})
    assert _opportunities(client, admin_headers, "c-acme")["p-tara"]["ask"].startswith("Hi Ann, you know")


def test_an_unknown_placeholder_is_a_422_naming_the_field_and_nothing_is_stored(world, client, admin_headers):
    refused = client.put("/api/v1/ask-templates", headers=admin_headers,
                         json={"subject": "Fine ${target_first}", "blurb": "Hi ${recipient_first}, ${price}"})
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    errors = refused.get_json()["errors"]
    assert errors[0]["pointer"] == "/blurb" and "${price}" in errors[0]["detail"]
    stray = client.put("/api/v1/ask-templates", headers=admin_headers, json={"ask": "Costs $5"})
    assert stray.status_code == 422 and stray.get_json()["errors"][0]["pointer"] == "/ask"
    unknown_field = client.put("/api/v1/ask-templates", headers=admin_headers, json={"footer": "x"})
    assert unknown_field.status_code == 422 and unknown_field.get_json()["errors"][0]["pointer"] == "/footer"
    current = client.get("/api/v1/ask-templates", headers=admin_headers).get_json()
    assert current["customized"] == {"subject": False, "ask": False, "blurb": False}


def test_a_rep_cannot_edit_templates(world, client, graph):
    rep_user = user_id_for_email(graph, "riley@us.example")
    rep_key = {"X-API-Key": create_key(graph, "riley's key", "admin", user_id=rep_user)[1]}
    assert client.get("/api/v1/ask-templates", headers=rep_key).status_code == 200
    refused = client.put("/api/v1/ask-templates", headers=rep_key, json={"ask": "Hi ${referrer_first}"})
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    reader = {"X-API-Key": create_key(graph, "reader", "paths:read")[1]}
    assert client.put("/api/v1/ask-templates", headers=reader, json={"ask": "x"}).status_code == 403

    token = _sign_in(client, "riley@us.example")
    page = client.get("/ask-templates").get_data(as_text=True)
    assert 'id="templates-form"' not in page and 'id="template-preview"' in page
    posted = client.post("/ask-templates", data={"csrf_token": token, "ask": "Hi ${referrer_first}",
                                                 "op": "save"})
    assert posted.status_code == 403
    headers = {"X-API-Key": create_key(graph, "admin", "admin")[1]}
    assert client.get("/api/v1/ask-templates", headers=headers).get_json()["customized"]["ask"] is False


def test_a_sales_manager_previews_and_saves_on_the_page(world, app, graph):
    client = app.test_client()
    token = _sign_in(client, "sam@us.example")
    form = {"csrf_token": token, "subject": "", "ask": "Hey ${referrer_first}. ${connection}", "blurb": ""}
    preview = client.post("/ask-templates", data={**form, "op": "preview"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Hey Dana. you know Tara Ng" in html
    headers = {"X-API-Key": create_key(graph, "admin", "admin")[1]}
    assert client.get("/api/v1/ask-templates", headers=headers).get_json()["customized"]["ask"] is False
    bad = client.post("/ask-templates", data={**form, "ask": "Hey ${whoever}", "op": "save"})
    assert bad.status_code == 422 and 'data-field="ask"' in bad.get_data(as_text=True)
    assert "Hey ${whoever}" in bad.get_data(as_text=True)  # the text as typed comes back
    saved = client.post("/ask-templates", data={**form, "op": "save"})
    assert saved.status_code == 302
    assert client.get("/api/v1/ask-templates", headers=headers).get_json()["templates"]["ask"] == \
        "Hey ${referrer_first}. ${connection}"


def test_the_introduction_page_shows_the_blurb_and_the_evidence(world, app, client, admin_headers):
    made = client.post("/api/v1/introductions", headers=admin_headers,
                       json={"requester_id": "p-rep", "target_id": "p-tara", "path": PATH_ANN})
    assert made.status_code == 201, made.get_json()
    browser = app.test_client()
    _sign_in(browser, "riley@us.example")
    html = browser.get(f"/introductions/{made.get_json()['id']}").get_data(as_text=True)
    assert "Ann Able and Tara Target have met 3 times, the last in February 2026." in html
    assert "For them to forward" in html and "I&#39;d like to introduce you to Riley Rep at Us." in html
    assert "Subject: Introduction to Tara Target?" in html


def test_the_weekly_list_carries_the_draft_asked_by_the_account_manager(world, client, graph):
    assign_owner(graph, "c-acme", "alex@us.example", by="test", now=T0)
    alex = {"X-API-Key": create_key(graph, "alex's key", "paths:read",
                                    user_id=user_id_for_email(graph, "alex@us.example"))[1]}
    rows = client.get("/api/v1/weekly-asks", headers=alex).get_json()["asks"]
    (tara,) = [r for r in rows if r["target"]["id"] == "p-tara"]
    assert tara["ask"].startswith("Hi Ann, you know Tara Target") and tara["ask"].endswith("Thanks,\nAlex")
    assert tara["blurb"].startswith("Hi Tara, I'd like to introduce you to Alex Manager at Us. "
                                    "We work with Us at Acme.")
    assert {"claim": "Acme is our client.", "source": "client"} in tara["evidence"]
    assert any("have met 3 times" in e["claim"] for e in tara["evidence"])


def test_a_draft_never_names_someone_hidden_by_consent(world, graph, client, admin_headers):
    assert drafting.draft_for_path(world, PATH_ANN).evidence
    set_consent(graph, "c-acme", "not_asked", actor="test", now=T0)
    empty = drafting.draft_for_path(world, PATH_ANN)
    assert empty.to_dict() == {"subject": "", "ask": "", "blurb": "", "evidence": []}
    waiting = client.get("/api/v1/clients/c-acme/referral-opportunities", headers=admin_headers).get_json()
    assert waiting["opportunities"] and all(
        (o["ask"], o["blurb"], o["subject"], o["evidence"]) == ("", "", "", [])
        for o in waiting["opportunities"])
    assert "Ann" not in str(waiting)


def test_a_path_whose_tie_is_gone_gets_no_draft(world, graph):
    graph.execute("MATCH (:Person {id: 'p-ann'})-[k:KNOWS]-(:Person {id: 'p-tara'}) DELETE k")
    assert drafting.draft_for_path(world, PATH_ANN).ask == ""
