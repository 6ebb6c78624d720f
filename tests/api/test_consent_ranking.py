"""Issue 9 part A stories over HTTP against the real server: client consent (counts-only
until the client opts in), confirmed / corrected / hidden ties, and the explanations
(tier, weakest link, confidence, runner-up with why it lost)."""

from __future__ import annotations

import pytest

from graph.bulk import BulkWriter
from referrals.model import CompanyRecord, CompanyStatus, EmploymentRecord, PersonRecord, TieRecord

pytestmark = pytest.mark.neo4j

ACME = CompanyRecord("c-acme", "Acme", domain="acme.com", status=CompanyStatus.CLIENT, industry="software",
                     employees=900, region="EMEA", health=0.95)
GLOBEX = CompanyRecord("c-globex", "Globex", domain="globex.com", status=CompanyStatus.PROSPECT,
                       industry="software", employees=1500, region="NA")
OTHER = CompanyRecord("c-other", "Other", domain="other.com", status=CompanyStatus.OTHER)


@pytest.fixture
def net(graph):
    """rep -> dana (Acme, client) -> tgt strong; rep -> olga (other co) -> tgt weaker."""
    w = BulkWriter(graph)
    w.companies([ACME, GLOBEX, OTHER])
    w.people([PersonRecord(p, n, is_rep=p == "rep") for p, n in
              [("rep", "Riley Rep"), ("dana", "Dana Lee"), ("olga", "Olga Out"), ("tgt", "Sam Park")]])
    w.employments([EmploymentRecord("dana", "c-acme"), EmploymentRecord("olga", "c-other"),
                   EmploymentRecord("tgt", "c-globex")])
    w.ties([TieRecord("rep", "dana", 0.8), TieRecord("dana", "tgt", 0.8),
            TieRecord("rep", "olga", 0.5), TieRecord("olga", "tgt", 0.4)])
    return graph


def _consent(client, headers, state):
    return client.put("/api/v1/companies/c-acme/consent", json={"connector_consent": state}, headers=headers)


def _paths(client, headers, **params):
    query = "&".join(f"{k}={v}" for k, v in {"target": "tgt", "from": "rep", **params}.items())
    r = client.get(f"/api/v1/referral-paths?{query}", headers=headers)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def test_consent_off_counts_only_then_opt_in_shows_names(client, net, make_key, admin_headers):
    read = make_key("read")
    body = _paths(client, read)
    first = body["paths"][0]
    # Acme never answered: the path through Dana exists, with its tier and hops, nobody named
    assert first["counts_only"] is True and first["usable"] is False
    assert first["hops"] == 2 and first["explanation"]["tier"] in ("strong", "medium", "weak")
    hidden = first["nodes"][1]
    assert hidden == {"id": None, "name": None, "title": None, "company": None, "role": "referrer",
                      "hidden": True}
    assert first["nodes"][0]["id"] == "rep" and first["nodes"][-1]["id"] == "tgt"  # ends stay
    assert first["explanation"]["terms"] == {}
    assert "Dana" not in str(first) and "Acme" not in str(first) and "dana" not in str(first)
    assert [e["from"] for e in first["edges"]] == ["rep", None]
    # a non-client person is not affected
    second = body["paths"][1]
    assert second["usable"] is True and second["nodes"][1]["name"] == "Olga Out"
    # the runner-up is the counts-only path, and says why
    assert body["runner_up"]["reason"] == "consent" and "not opted in" in body["runner_up"]["why_lost"]
    assert "Dana" not in str(body["runner_up"])

    assert client.get("/api/v1/companies/c-acme/consent", headers=read).get_json()["connector_consent"] \
        == "not_asked"
    # only an admin records consent
    denied = client.put("/api/v1/companies/c-acme/consent", json={"connector_consent": "opted_in"},
                        headers=make_key("write"))
    assert denied.status_code == 403
    put = client.put("/api/v1/companies/c-acme/consent",
                     json={"connector_consent": "opted_in", "actor": "am@example.com"}, headers=admin_headers)
    assert put.status_code == 200, put.get_json()
    stored = put.get_json()
    assert stored["connector_consent"] == "opted_in" and stored["stored"] is True
    assert stored["by"] == "test-admin (for am@example.com)" and stored["at"]  # the key, and for whom

    first = _paths(client, read)["paths"][0]
    assert first["usable"] is True and first["counts_only"] is False
    assert first["nodes"][1]["id"] == "dana" and first["nodes"][1]["name"] == "Dana Lee"
    assert "Acme" in first["explanation"]["summary"]

    # declined hides again; bad values and unknown companies are refused
    _consent(client, admin_headers, "declined")
    assert _paths(client, read)["paths"][0]["counts_only"] is True
    assert client.put("/api/v1/companies/c-acme/consent", json={"connector_consent": "maybe"},
                      headers=admin_headers).status_code == 422
    assert client.put("/api/v1/companies/c-nope/consent", json={"connector_consent": "opted_in"},
                      headers=admin_headers).status_code == 404


def test_confirm_correct_and_hide_a_tie_change_the_ranking(client, net, make_key, admin_headers):
    _consent(client, admin_headers, "opted_in")
    read, write = make_key("read"), make_key("write")
    before = _paths(client, read)["paths"]
    assert [p["nodes"][1]["id"] for p in before] == ["dana", "olga"]

    # Olga corrects her tie to the target upwards: confirmed, used first, marked as such
    r = client.post("/api/v1/relationships/olga/tgt/confirmation",
                    json={"action": "correct", "strength": 1.0, "by": "olga"}, headers=write)
    assert r.status_code == 200, r.get_json()
    assert r.get_json() | {"confirmed_at": None} == {
        "a": "olga", "b": "tgt", "action": "correct", "strength": 1.0, "inferred_strength": 0.4,
        "confirmed_strength": 1.0, "confirmed": True, "hidden": False, "confirmed_by": "olga",
        "confirmed_at": None}
    after = _paths(client, read)["paths"]
    olga = next(p for p in after if p["nodes"][1]["id"] == "olga")
    assert olga["edges"][1] == {"from": "olga", "to": "tgt", "strength": 1.0, "confirmed": True}
    assert olga["score"] > next(p for p in before if p["nodes"][1]["id"] == "olga")["score"]
    assert olga["explanation"]["confidence"]["confirmed_ties"] == 1

    # Dana hides her tie to the target: the path through her is gone
    r = client.post("/api/v1/relationships/tgt/dana/confirmation", json={"action": "hide", "by": "dana"},
                    headers=write)
    assert r.status_code == 200 and r.get_json()["hidden"] is True
    assert [p["nodes"][1]["id"] for p in _paths(client, read)["paths"]] == ["olga"]
    # ...and confirming it brings it back, at its inferred strength
    r = client.post("/api/v1/relationships/dana/tgt/confirmation", json={"action": "confirm"}, headers=write)
    assert r.get_json()["hidden"] is False and r.get_json()["strength"] == 0.8
    assert "dana" in [p["nodes"][1]["id"] for p in _paths(client, read)["paths"]]

    # the rules: a correction needs a strength, only the two people confirm, no tie -> 404, read -> 403
    url = "/api/v1/relationships/olga/tgt/confirmation"
    bad = client.post(url, json={"action": "correct"}, headers=write)
    assert bad.status_code == 422
    bad = client.post("/api/v1/relationships/olga/tgt/confirmation", json={"action": "confirm", "by": "rep"},
                      headers=write)
    assert bad.status_code == 422
    assert client.post("/api/v1/relationships/rep/tgt/confirmation", json={"action": "confirm"},
                       headers=write).status_code == 404
    assert client.post("/api/v1/relationships/olga/tgt/confirmation", json={"action": "confirm"},
                       headers=read).status_code == 403


def test_explanation_fields_and_runner_up(client, net, make_key, admin_headers):
    _consent(client, admin_headers, "opted_in")
    body = _paths(client, make_key("read"), limit=1)
    (best,) = body["paths"]
    ex = best["explanation"]
    assert ex["weakest_link"] == {"from": "rep", "to": "dana", "strength": 0.8}
    assert ex["tier"] == "strong" if best["score"] >= 0.3 else ex["tier"] in ("medium", "weak")
    assert set(ex["confidence"]) == {"value", "level", "confirmed_ties", "interactions"}
    assert 0 <= ex["confidence"]["value"] <= 1
    runner = body["runner_up"]
    assert runner["reason"] == "rank" and "Olga Out" in runner["summary"]
    head = f"Scores {runner['score']:.2f} against {best['score']:.2f} for path #1"
    assert runner["why_lost"].startswith(head)
    assert runner["tier"] in ("strong", "medium", "weak") and runner["hops"] == 2
    # with every path shown there is nothing that lost
    assert _paths(client, make_key("read"))["runner_up"] is None


def test_no_introduction_through_a_client_that_has_not_opted_in(client, net, make_key, admin_headers):
    write = make_key("write")
    body = {"requester_id": "rep", "target_id": "tgt", "path": ["rep", "dana", "tgt"]}
    refused = client.post("/api/v1/introductions", json=body, headers=write)
    assert refused.status_code == 409
    problem = refused.get_json()
    assert problem["code"] == "client_consent_required" and "Dana" not in str(problem)
    assert net.query("MATCH (i:Introduction) RETURN count(i) AS n")[0]["n"] == 0  # nothing stored
    assert _consent(client, admin_headers, "opted_in").status_code == 200
    assert client.post("/api/v1/introductions", json=body, headers=write).status_code == 201


def test_a_path_through_non_client_people_needs_no_consent(client, net, make_key):
    other = {"requester_id": "rep", "target_id": "tgt", "path": ["rep", "olga", "tgt"]}
    assert client.post("/api/v1/introductions", json=other, headers=make_key("write")).status_code == 201
