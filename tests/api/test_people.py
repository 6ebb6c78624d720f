"""People, search and relationships over HTTP (real Neo4j)."""

from __future__ import annotations

import pytest

from graph.bulk import BulkWriter
from referrals.model import CompanyRecord, EmploymentRecord, PersonRecord

P = "/api/v1/people"


@pytest.fixture
def h(admin_headers):
    return admin_headers


def _problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and "detail" in body and "Traceback" not in str(body)
    return body


def _company(client, h, **extra):
    # a prospect: a client's people are hidden until it opts in (test_consent_everywhere.py)
    body = {"name": "Acme", "domain": "acme.com", "status": "prospect", "industry": "software",
            "employees": 800, "region": "EMEA", "health": 0.9, **extra}
    response = client.post("/api/v1/companies", json=body, headers=h)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_create_get_patch_delete(client, h):
    acme = _company(client, h)
    response = client.post(P, json={"name": "Dana Lee", "email": "Dana@Acme.com", "title": "CFO",
                                    "company_id": acme["id"], "is_rep": False,
                                    "do_not_contact": False, "linkedin_url": "linkedin.com/in/danalee"},
                           headers=h)
    assert response.status_code == 201, response.get_json()
    dana = response.get_json()
    assert dana["id"].startswith("p-") and dana["email"] == "dana@acme.com"
    assert dana["company"] == {"id": acme["id"], "name": "Acme", "status": "prospect"}
    assert response.headers["Location"].endswith(dana["id"])
    got = client.get(f"{P}/{dana['id']}", headers=h).get_json()
    assert got["name"] == "Dana Lee"
    # the identity run's blocking keys are stored on the person, never shown
    assert not [k for k in got if k.startswith(("idk_", "id_first", "id_last"))], sorted(got)

    patched = client.patch(f"{P}/{dana['id']}", json={"title": "CEO", "is_rep": True}, headers=h)
    assert patched.status_code == 200
    assert patched.get_json()["title"] == "CEO" and patched.get_json()["is_rep"] is True

    assert client.delete(f"{P}/{dana['id']}", headers=h).status_code == 204
    _problem(client.get(f"{P}/{dana['id']}", headers=h), 404)
    _problem(client.delete(f"{P}/{dana['id']}", headers=h), 404)
    _problem(client.patch(f"{P}/{dana['id']}", json={"title": "x"}, headers=h), 404)


def test_random_id_without_natural_key(client, h):
    body = client.post(P, json={"name": "No Mail"}, headers=h).get_json()
    assert body["id"].startswith("p-") and len(body["id"]) == 34


def test_external_id_recreate_updates_never_duplicates(client, h, graph):
    first = client.post(P, json={"name": "A", "external_id": "crm-1", "source": "hubspot"}, headers=h)
    again = client.post(P, json={"name": "A B", "external_id": "crm-1", "source": "hubspot"}, headers=h)
    assert first.status_code == 201 and again.status_code == 200
    assert first.get_json()["id"] == again.get_json()["id"]
    assert again.get_json()["name"] == "A B"
    other_source = client.post(P, json={"name": "A", "external_id": "crm-1", "source": "sf"}, headers=h)
    assert other_source.status_code == 201 and other_source.get_json()["id"] != first.get_json()["id"]
    assert graph.query("MATCH (p:Person) RETURN count(p) AS n")[0]["n"] == 2


def test_duplicate_email_is_409_naming_existing(client, h):
    first = client.post(P, json={"name": "Dana", "email": "dana@acme.com"}, headers=h).get_json()
    body = _problem(client.post(P, json={"name": "Dana 2", "email": "DANA@acme.com"}, headers=h), 409)
    assert body["existing_id"] == first["id"] and body["title"] == "Duplicate"
    other = client.post(P, json={"name": "Other"}, headers=h).get_json()
    _problem(client.patch(f"{P}/{other['id']}", json={"email": "dana@acme.com"}, headers=h), 409)


def test_validation_errors_name_the_field(client, h):
    body = _problem(client.post(P, json={"name": "X", "shoe_size": 44}, headers=h), 422)
    assert {"pointer": "/shoe_size", "detail": "Unknown field."} in body["errors"]
    body = _problem(client.post(P, json={"email": "not-an-email"}, headers=h), 422)
    pointers = {e["pointer"] for e in body["errors"]}
    assert pointers == {"/name", "/email"}
    body = _problem(client.post(P, json={"name": "X", "company_id": "c-nope"}, headers=h), 422)
    assert body["errors"][0]["pointer"] == "/company_id"
    body = _problem(client.post(P, json={"name": "X", "seniority": "god"}, headers=h), 422)
    assert body["errors"][0]["pointer"] == "/seniority"
    _problem(client.get(f"{P}?limit=0", headers=h), 422)
    _problem(client.get(f"{P}?limit=201", headers=h), 422)
    body = _problem(client.get(f"{P}?cursor=%%%", headers=h), 422)
    assert body["errors"][0]["pointer"] == "/cursor"


def test_malformed_json_is_400(client, h):
    response = client.post(P, data="{not json", headers={**h, "Content-Type": "application/json"})
    _problem(response, 400)


def test_auth_and_scopes_on_every_route(client, make_key):
    read, write, admin = make_key("read"), make_key("write"), make_key("admin")
    pid = client.post(P, json={"name": "Z"}, headers=write).get_json()["id"]
    routes = [("get", P, None, "read"), ("post", P, {"name": "Y"}, "write"),
              ("get", f"{P}/{pid}", None, "read"), ("patch", f"{P}/{pid}", {"title": "t"}, "write"),
              ("get", f"{P}/{pid}/relationships", None, "read"),
              ("post", "/api/v1/relationships", {"a": pid, "b": pid, "strength": 0.5}, "write"),
              ("delete", f"{P}/{pid}", None, "admin")]  # deleting people is admin's
    for method, url, body, scope in routes:
        call = getattr(client, method)
        kwargs = {"json": body} if body is not None else {}
        _problem(call(url, **kwargs), 401)
        if scope in ("write", "admin"):
            _problem(call(url, headers=read, **kwargs), 403)
        if scope == "admin":
            _problem(call(url, headers=write, **kwargs), 403)
        allowed = admin if scope == "admin" else write
        assert call(url, headers=allowed, **kwargs).status_code < 400 or method == "post"


def test_pagination_newest_first(client, h):
    ids = [client.post(P, json={"name": f"Person {i}"}, headers=h).get_json()["id"] for i in range(7)]
    seen, cursor = [], None
    while True:
        url = f"{P}?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url, headers=h).get_json()
        assert len(page["items"]) <= 3
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == list(reversed(ids))


def test_search_names_emails_companies_and_escapes(client, h):
    acme = _company(client, h, name="Globex Industries", domain="globex.com")
    client.post(P, json={"name": "Dana Lee", "email": "dana@initech.com"}, headers=h)
    client.post(P, json={"name": "Danielle Park", "company_id": acme["id"]}, headers=h)
    client.post(P, json={"name": "Bob Stone", "company_id": acme["id"]}, headers=h)

    def names(q):
        response = client.get(P, query_string={"q": q}, headers=h)
        assert response.status_code == 200, response.get_json()
        return [p["name"] for p in response.get_json()["items"]]

    assert set(names("dan")) == {"Dana Lee", "Danielle Park"}
    assert names("dana l") == ["Dana Lee"]
    assert names("dana@initech") == ["Dana Lee"]
    assert set(names("globex")) == {"Danielle Park", "Bob Stone"}
    nasty_inputs = ('dan" OR *:*', "(", "a:b", "c++ !!", "\\", "AND", "*", "~", "[x TO y]",
                    "' ; MATCH (n) DELETE n")
    for nasty in nasty_inputs:
        names(nasty)  # never a 5xx, searched literally
    assert len(names("dan")) == 2


def test_search_finds_prefixes_on_2000_people(client, h, graph):
    """Autocomplete over a demo-sized network. Its latency is measured by `referrals bench search`."""
    companies = [CompanyRecord(id=f"c-{i}", name=f"Company {i} Holdings", domain=f"co{i}.com")
                 for i in range(200)]
    first = ["Dana", "Daniel", "Maria", "Mark", "Lee", "Sam", "Alex", "Jordan", "Taylor", "Morgan"]
    people = [PersonRecord(id=f"p-{i:05d}", name=f"{first[i % 10]} Person{i}",
                           email=f"u{i}@co{i % 200}.com") for i in range(2000)]
    writer = BulkWriter(graph)
    writer.companies(companies)
    writer.people(people)
    writer.employments(EmploymentRecord(person_id=p.id, company_id=f"c-{i % 200}")
                       for i, p in enumerate(people))
    graph.execute("CALL db.awaitIndexes(60)")
    for q in ["da", "dan", "mar", "mark per", "company 12", "co7", "u1", "ta", "jord", "sam person1"]:
        response = client.get(P, query_string={"q": q, "limit": 10}, headers=h)
        assert response.status_code == 200 and response.get_json()["items"], q
    names = [p["name"] for p in client.get(P, query_string={"q": "mark per", "limit": 10},
                                           headers=h).get_json()["items"]]
    assert names and all(n.startswith("Mark Person") for n in names)


def test_relationships(client, h):
    a = client.post(P, json={"name": "A"}, headers=h).get_json()["id"]
    b = client.post(P, json={"name": "B"}, headers=h).get_json()["id"]
    c = client.post(P, json={"name": "C"}, headers=h).get_json()["id"]
    r = client.post("/api/v1/relationships", json={"a": b, "b": a, "strength": 0.8, "interactions": 12,
                                                   "last_interaction": "2026-10-01"}, headers=h)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["strength"] == 0.8 and r.get_json()["last_interaction"] == "2026-10-01"
    again = client.post("/api/v1/relationships", json={"a": a, "b": b, "strength": 0.6}, headers=h)
    assert again.status_code == 200
    client.post("/api/v1/relationships", json={"a": a, "b": c, "strength": 0.9}, headers=h)
    ties = client.get(f"{P}/{a}/relationships", headers=h).get_json()
    assert [t["person"]["id"] for t in ties["items"]] == [c, b]
    assert ties["items"][1]["strength"] == 0.6 and ties["items"][1]["interactions"] == 12
    page = client.get(f"{P}/{a}/relationships?limit=1", headers=h).get_json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    _problem(client.get(f"{P}/p-nope/relationships", headers=h), 404)
    body = _problem(client.post("/api/v1/relationships", json={"a": a, "b": "p-nope", "strength": 0.5},
                                headers=h), 422)
    assert body["errors"][0]["pointer"] == "/b"
    _problem(client.post("/api/v1/relationships", json={"a": a, "b": a, "strength": 0.5}, headers=h), 422)
    body = _problem(client.post("/api/v1/relationships", json={"a": a, "b": b, "strength": 0},
                                headers=h), 422)
    assert body["errors"][0]["pointer"] == "/strength"
    # deleting a person removes their ties
    assert client.delete(f"{P}/{c}", headers=h).status_code == 204
    left = client.get(f"{P}/{a}/relationships", headers=h).get_json()["items"]
    assert [t["person"]["id"] for t in left] == [b]


def test_503_when_database_down(make_key):
    from graph.config import Neo4jSettings
    from server import create_app

    app = create_app({"TESTING": True, "NEO4J": Neo4jSettings(uri="bolt://127.0.0.1:1")})
    response = app.test_client().get(P, headers={"X-API-Key": "rk_0123456789ab_" + "z" * 43})
    _problem(response, 503)
    assert response.headers["Retry-After"]


def test_a_phone_is_kept_in_one_form_and_a_bad_one_is_refused(client, h):
    response = client.post(P, json={"name": "Zora Kline", "email": "zora@quorbit.com",
                                    "phone": "(415) 555-0123"}, headers=h)
    assert response.status_code == 201, response.get_json()
    zora = response.get_json()
    assert zora["phone"] == "+14155550123"
    assert client.get(f"{P}/{zora['id']}", headers=h).get_json()["phone"] == "+14155550123"
    body = _problem(client.patch(f"{P}/{zora['id']}", json={"phone": "ask reception"}, headers=h), 422)
    assert "phone" in str(body) and "not a phone number" in body["detail"]
    patched = client.patch(f"{P}/{zora['id']}", json={"phone": "+44 20 7946 0958"}, headers=h)
    assert patched.status_code == 200 and patched.get_json()["phone"] == "+442079460958"
