"""Erasure (issue #15): a person erased through the API is gone from every stored node and
relationship (a tombstone id in their place on introductions and asks, "[erased]" in
notes), the readers still answer, and imports (LinkedIn, HubSpot, graph-json) and POST
/people do not bring them back until an admin lifts the erasure."""

from __future__ import annotations

import io
import json
import re

import pytest

from graph.erasure import ERASED_TEXT, ErasedKeys, identity_keys, key_hash, scrub

pytestmark = pytest.mark.neo4j

DANA = {"id": "p-dana", "name": "Dana Whitfield", "email": "dana.whitfield@acme.example",
        "linkedin_url": "https://www.linkedin.com/in/dana-whitfield-77"}
TRACES = (DANA["id"], DANA["name"], DANA["email"], "dana-whitfield-77")

NETWORK = {
    "source": "crm",
    "companies": [
        {"id": "c-acme", "name": "Acme Corp", "domain": "acme.example", "status": "client", "health": 0.9},
        {"id": "c-globex", "name": "Globex", "domain": "globex.example", "status": "prospect"},
    ],
    "people": [
        {"id": "p-rita", "name": "Rita Rep", "email": "rita@ourco.example", "is_rep": True},
        {**DANA, "title": "CFO", "company_id": "c-acme", "external_id": "D-1"},
        {"id": "p-tom", "name": "Tom Target", "email": "tom@globex.example", "company_id": "c-globex"},
    ],
    "ties": [
        {"a": "p-rita", "b": "p-dana", "strength": 0.8},
        {"a": "p-dana", "b": "p-tom", "strength": 0.7},
    ],
    "interactions": [{"sender": "p-rita", "recipient": "p-dana", "channel": "email", "on": "2026-11-02"}],
}

# Any property (list elements too) of any node or relationship that holds the text.
HOLDS = """
{match}
WITH x, [k IN keys(x) WHERE any(v IN CASE WHEN valueType(x[k]) STARTS WITH 'LIST' THEN x[k] ELSE [x[k]] END
                               WHERE toLower(toStringOrNull(v)) CONTAINS toLower($s))] AS found
WHERE size(found) > 0
RETURN labels_or_type, found
"""


def _holding(graph, text: str) -> list[dict]:
    found = []
    for match, what in (("MATCH (x)", "labels(x) AS what"), ("MATCH ()-[x]->()", "type(x) AS what")):
        found += graph.query(HOLDS.replace("{match}", match).replace("labels_or_type", what), s=text)
    return found


def _upload(client, headers, fmt: str, text: str, **form):
    data = {"format": fmt, **form, "file": (io.BytesIO(text.encode()), f"upload.{fmt}")}
    response = client.post("/api/v1/imports", data=data, headers=headers, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _ok(response, status=200):
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


@pytest.fixture
def network(client, graph, admin_headers):
    """Dana on an introduction's path, an ask, two ties, a job, an interaction, a goodwill
    entry, an inquiry, a touch and the audit trail, with notes naming her."""
    report = _upload(client, admin_headers, "graph-json", json.dumps(NETWORK))
    assert report["error_count"] == 0, report
    _ok(client.put("/api/v1/companies/c-acme/consent", json={"connector_consent": "opted_in"},
                   headers=admin_headers))
    intro = _ok(client.post("/api/v1/introductions", headers=admin_headers, json={
        "requester_id": "p-rita", "target_id": "p-tom", "path": ["p-rita", "p-dana", "p-tom"],
        "note": f"{DANA['name']} ({DANA['email']}) knows Tom from the board"}), 201)
    _ok(client.post(f"/api/v1/introductions/{intro['id']}/touches", headers=admin_headers, json={
        "direction": "outbound", "note": f"wrote to DANA WHITFIELD at {DANA['email']}"}), 201)
    ask = _ok(client.post("/api/v1/clients/c-acme/referral-asks", headers=admin_headers, json={
        "referrer_id": "p-dana", "target_id": "p-tom",
        "note": f"Asked Dana Whitfield ({DANA['linkedin_url']}) about Tom"}), 201)
    _ok(client.post("/api/v1/people/p-dana/goodwill", headers=admin_headers, json={
        "kind": "thanks", "note": "a card for Dana Whitfield"}), 201)
    _ok(client.post("/api/v1/inquiries", headers=admin_headers, json={
        "kind": "webinar", "person_id": "p-dana", "note": "Dana Whitfield joined"}), 201)
    for text in TRACES:
        assert _holding(graph, text), text  # the set-up holds every trace the test looks for
    return {"intro": intro, "ask": ask.get("ask", ask)}


def _signed_in_admin(app, graph, ctx):
    """A browser signed in as an admin (the pages read what the API does)."""
    from services.users import create_user

    graph.execute("CREATE (:Person {id: 'p-boss', name: 'Bo Boss'})")
    create_user(ctx, email="boss@ourco.example", password="correct horse battery", role="admin",
                person_id="p-boss")
    browser = app.test_client()
    html = browser.get("/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    form = {"email": "boss@ourco.example", "password": "correct horse battery", "csrf_token": token}
    response = browser.post("/signin", data=form)
    assert response.status_code == 302, response.status_code
    return browser


def test_key_hashing_is_normalised_salted_and_one_way():
    keys = identity_keys(ids=["p-dana"], emails=["Dana <DANA.Whitfield@Acme.example>"],
                         linkedin_urls=["http://uk.linkedin.com/in/Dana-Whitfield-77/?trk=x"],
                         external_ids=[("hubspot", " 77 ")])
    assert {"id:p-dana", "email:dana.whitfield@acme.example",
            "linkedin:https://www.linkedin.com/in/dana-whitfield-77", "ext:hubspot:person:77"} <= keys
    # the ids the importers derive from the email, the URL and the source id are keys too
    from graph.importers.keys import person_id_for
    assert {"id:" + person_id_for(email="dana.whitfield@acme.example"),
            "id:" + person_id_for(linkedin_url="https://www.linkedin.com/in/dana-whitfield-77"),
            "id:" + person_id_for(source="hubspot", external_id="77")} <= keys
    assert identity_keys(emails=["not an email", None, ""], linkedin_urls=["https://example.com/x"]) == {
        "email:not an email"}
    one = key_hash("salt-a", "email:dana.whitfield@acme.example")
    assert len(one) == 64 and "dana" not in one
    assert one == key_hash("salt-a", "email:dana.whitfield@acme.example")
    assert one != key_hash("salt-b", "email:dana.whitfield@acme.example")  # per install


def test_scrub_replaces_ids_exactly_and_names_as_words():
    def clean(value, names=True):
        return scrub(value, person_id="p1", tombstone_id="erased-x", name="Dana Whitfield",
                     texts=["dana@acme.example"], names=names)

    assert clean(["p0", "p1", "p10"]) == ["p0", "erased-x", "p10"]
    assert clean('{"referrer_id": "p1", "other": "p10"}') == '{"referrer_id": "erased-x", "other": "p10"}'
    assert clean("ask DANA whitfield (Dana@Acme.example)") == f"ask {ERASED_TEXT} ({ERASED_TEXT})"
    assert clean("Dana Whitfields Ltd") == "Dana Whitfields Ltd"  # another word
    assert clean("Dana Whitfield Ltd", names=False) == "Dana Whitfield Ltd"  # a company's name
    assert clean(3) == 3


def test_erase_removes_every_trace_and_imports_do_not_bring_them_back(client, graph, ctx, admin_headers,
                                                                     make_key, network):
    intro_id, ask_id = network["intro"]["id"], network["ask"]["id"]
    # only an admin erases
    refused = client.post("/api/v1/people/p-dana/erasure", headers=make_key("write"))
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    missing = client.post("/api/v1/people/p-nobody/erasure", headers=admin_headers)
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"

    erased = _ok(client.post("/api/v1/people/p-dana/erasure", headers=admin_headers), 201)
    tomb = erased["tombstone_id"]
    assert tomb.startswith("erased-") and erased["erasure_id"].startswith("er-")
    removed = erased["removed"]
    assert removed["ties"] == 2 and removed["employments"] == 1 and removed["external_ids"] == 1
    assert removed["goodwill_entries"] == 1 and removed["introductions_rewritten"] == 1
    assert removed["asks_rewritten"] == 1 and removed["records_rewritten"] >= 5

    for text in TRACES:
        assert _holding(graph, text) == [], text
    assert graph.query("MATCH (n:Person) WHERE n.id = $t RETURN n", t=tomb) == []
    tombstone = graph.query("MATCH (n {id: $t}) RETURN labels(n) AS labels, keys(n) AS keys, "
                            "COUNT { (n)--() } AS links", t=tomb)
    assert len(tombstone) == 1 and tombstone[0]["labels"] == ["Erased"], tombstone
    assert set(tombstone[0]["keys"]) == {"id", "erased_at"} and tombstone[0]["links"] == 0
    # her two ties went, with the interaction evidence on them
    assert graph.query("MATCH ()-[k:KNOWS]-() RETURN count(k) AS n")[0]["n"] == 0

    # the introduction and the ask are still there, naming the tombstone; readers answer
    intro = _ok(client.get(f"/api/v1/introductions/{intro_id}", headers=admin_headers))
    assert intro["path"] == ["p-rita", tomb, "p-tom"] and intro["referrer_id"] == tomb
    assert intro["referrer"] is None and intro["requester"]["id"] == "p-rita"
    assert ERASED_TEXT in intro["note"] and "Tom" in intro["note"]
    touches = _ok(client.get(f"/api/v1/introductions/{intro_id}/touches", headers=admin_headers))
    assert ERASED_TEXT in json.dumps(touches)
    ask = _ok(client.get(f"/api/v1/referral-asks/{ask_id}", headers=admin_headers))
    assert ask["referrer_id"] == tomb and ERASED_TEXT in ask["note"]
    for url in ("/api/v1/introductions", "/api/v1/pipeline/review", "/api/v1/clients/c-acme/referral-asks",
                "/api/v1/people", "/api/v1/companies/c-acme", f"/api/v1/referrers/{tomb}/record",
                "/api/v1/referral-paths?target=p-tom&from=p-rita"):
        response = client.get(url, headers=admin_headers)
        assert response.status_code in (200, 404), (url, response.status_code, response.get_data())
    assert client.get("/api/v1/people/p-dana", headers=admin_headers).status_code == 404
    pages = _signed_in_admin(client.application, graph, ctx)
    for url in (f"/introductions/{intro_id}", "/pipeline", "/clients/c-acme", "/audit"):
        page = pages.get(url)
        assert page.status_code == 200, (url, page.status_code)
        assert DANA["name"] not in page.get_data(as_text=True), url
    assert client.get(f"/api/v1/people/{tomb}", headers=admin_headers).status_code == 404
    audit = _ok(client.get("/api/v1/audit?action=person.erased", headers=admin_headers))["items"]
    assert [(e["object_id"], e["action"]) for e in audit] == [(tomb, "person.erased")]
    assert client.post("/api/v1/people/p-dana/erasure", headers=admin_headers).status_code == 404

    # imports skip her, row by row, and still write the rest of the file
    linkedin = ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                "Lena,Other,https://www.linkedin.com/in/lena-other,,Initech,CTO,01 Feb 2024\n"
                "Dana,Whitfield,http://uk.linkedin.com/in/Dana-Whitfield-77/,,Acme Corp,CFO,12 Mar 2021\n")
    report = _upload(client, admin_headers, "linkedin", linkedin, owner_id="p-rita")
    assert [(e["line"], e["field"]) for e in report["errors"]] == [(3, "linkedin_url")], report
    detail = report["errors"][0]["detail"]
    assert "erased on" in detail and erased["erasure_id"] in detail
    assert graph.query("MATCH (p:Person {linkedin_url: 'https://www.linkedin.com/in/lena-other'})"
                       "-[:KNOWS]-(:Person {id: 'p-rita'}) RETURN p.id AS id")

    hubspot = ("Record ID,First Name,Last Name,Email,Company Name,Job Title\n"
               "901,Dana,Whitfield,DANA.WHITFIELD@acme.example,Acme Corp,CFO\n"
               "902,Omar,Else,omar@acme.example,Acme Corp,CEO\n")
    report = _upload(client, admin_headers, "hubspot", hubspot)
    assert [(e["line"], e["field"]) for e in report["errors"]] == [(2, "email")], report
    assert graph.query("MATCH (p:Person {email: 'omar@acme.example'}) RETURN p.id AS id")

    doc = {"people": [{"id": "p-dana", "name": "Dana Whitfield"}, {"id": "p-new", "name": "New Person"}],
           "ties": [{"a": "p-rita", "b": "p-dana", "strength": 0.9},
                    {"a": "p-rita", "b": "p-new", "strength": 0.4}]}
    text = json.dumps(doc, indent=1)
    report = _upload(client, admin_headers, "graph-json", text)
    # each item's line is where it starts: Dana's person at 3, her tie at 13
    assert sorted((e["line"], e["field"]) for e in report["errors"]) == [(3, "id"), (13, "b")], report
    assert all("erased on" in e["detail"] for e in report["errors"]), report
    assert graph.query("MATCH (:Person {id: 'p-rita'})-[:KNOWS]-(p:Person {id: 'p-new'}) RETURN p.id AS id")

    for text in TRACES:
        assert _holding(graph, text) == [], text

    # an admin lifts the erasure: the next import creates her (nothing erased comes back)
    listed = _ok(client.get("/api/v1/erasures", headers=admin_headers))["items"]
    lift_url = f"/api/v1/erasures/{erased['erasure_id']}"
    assert [(e["id"], e["tombstone_id"], e["lifted_at"]) for e in listed] == [
        (erased["erasure_id"], tomb, None)]
    assert client.delete(lift_url, headers=make_key("write")).status_code == 403
    lifted = _ok(client.delete(lift_url, headers=admin_headers))
    assert lifted["lifted_at"] and lifted["lifted_by"] == "test-admin"
    assert client.delete(lift_url, headers=admin_headers).status_code == 409
    assert client.delete("/api/v1/erasures/er-nope", headers=admin_headers).status_code == 404
    report = _upload(client, admin_headers, "linkedin", linkedin, owner_id="p-rita")
    assert report["errors"] == [] and report["created"] >= 1
    assert graph.query("MATCH (p:Person {linkedin_url: $url}) RETURN p.name AS name",
                       url=DANA["linkedin_url"]) == [{"name": "Dana Whitfield"}]
    assert graph.query("MATCH (p:Person {id: 'p-tom'})<-[:THROUGH]-() RETURN p") == []
    assert _ok(client.get("/api/v1/audit?action=erasure.lifted", headers=admin_headers))["items"]


def test_post_people_refuses_an_erased_person_until_lifted(client, graph, admin_headers):
    _ok(client.post("/api/v1/people", headers=admin_headers, json={
        "name": DANA["name"], "email": DANA["email"]}), 201)
    person_id = graph.query("MATCH (p:Person {email: $e}) RETURN p.id AS id", e=DANA["email"])[0]["id"]
    erased = _ok(client.post(f"/api/v1/people/{person_id}/erasure", headers=admin_headers), 201)
    again = client.post("/api/v1/people", headers=admin_headers, json={
        "name": "D. W.", "email": DANA["email"].upper()})
    assert again.status_code == 409 and again.mimetype == "application/problem+json"
    body = again.get_json()
    assert body["code"] == "erased" and body["erasure_id"] == erased["erasure_id"], body
    assert graph.query("MATCH (p:Person) RETURN count(p) AS n")[0]["n"] == 0
    _ok(client.delete(f"/api/v1/erasures/{erased['erasure_id']}", headers=admin_headers))
    _ok(client.post("/api/v1/people", headers=admin_headers, json={
        "name": DANA["name"], "email": DANA["email"]}), 201)


def test_a_person_who_signs_in_is_not_erased(client, graph, ctx, admin_headers):
    from services.users import create_user

    graph.execute("CREATE (:Person {id: 'p-rep', name: 'Rita Rep', email: 'rita@ourco.example'})")
    create_user(ctx, email="rita@ourco.example", password="correct horse battery", role="rep",
                person_id="p-rep")
    response = client.post("/api/v1/people/p-rep/erasure", headers=admin_headers)
    assert response.status_code == 409 and response.get_json()["code"] == "signs_in"
    assert graph.query("MATCH (p:Person {id: 'p-rep'}) RETURN p.name AS name") == [{"name": "Rita Rep"}]
    assert graph.query("MATCH (e:Erasure) RETURN e") == []
    # an admin removes the sign-in (its keys are revoked with it); then the erasure goes through
    from graph.keys import create_key
    from graph.users import user_id_for_email
    from services import access

    create_key(graph, "rita's key", "read", user_id=user_id_for_email(graph, "rita@ourco.example"))
    removed = access.remove_user(ctx, "Rita@OurCo.example")
    assert removed["keys_revoked"] == 1
    revoked = graph.query("MATCH (k:ApiKey {name: $name}) RETURN k.revoked_at IS NOT NULL AS r",
                          name="rita's key")
    assert revoked == [{"r": True}]
    assert client.post("/api/v1/people/p-rep/erasure", headers=admin_headers).status_code in (200, 201)
    entries = client.get("/api/v1/audit?action=user.removed", headers=admin_headers).get_json()["items"]
    # the trail keeps that a sign-in was removed; the erasure took the email out of it
    assert len(entries) == 1 and "rita@ourco.example" not in entries[0]["summary"]


def test_the_cli_erases_lists_and_lifts(graph, ctx, neo4j_settings, monkeypatch):
    from click.testing import CliRunner

    from cli.main import cli

    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    graph.execute("CREATE (:Person {id: 'p-x', name: 'Xena Example', email: 'xena@example.com'})")
    runner = CliRunner()
    result = runner.invoke(cli, ["people", "erase", "p-x"])
    assert result.exit_code != 0 and "--yes" in result.output
    result = runner.invoke(cli, ["people", "erase", "p-x", "--yes"])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(cli, ["erasures", "list", "--json"]).output)
    assert len(listed) == 1 and listed[0]["lifted_at"] is None
    assert ErasedKeys(graph).match({"email:xena@example.com"})
    result = runner.invoke(cli, ["erasures", "lift", listed[0]["id"]])
    assert result.exit_code == 0, result.output
    assert ErasedKeys(graph).match({"email:xena@example.com"}) == {}
