"""Companies: ICP score on write, status filter, versions / ETags / 409, scopes."""

from __future__ import annotations

import pytest

C = "/api/v1/companies"
ACME = {"name": "Acme", "domain": "acme.com", "status": "client", "industry": "software",
        "employees": 800, "region": "EMEA", "health": 0.9}


@pytest.fixture
def h(admin_headers):
    return admin_headers


def _problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    return response.get_json()


def test_create_scores_icp_and_versions(client, h):
    response = client.post(C, json=ACME, headers=h)
    assert response.status_code == 201, response.get_json()
    acme = response.get_json()
    assert acme["id"].startswith("c-") and acme["icp_score"] == 1.0 and acme["version"] == 1
    assert response.headers["ETag"] == '"v1"'
    got = client.get(f"{C}/{acme['id']}", headers=h)
    assert got.get_json()["status"] == "client" and got.headers["ETag"] == '"v1"'

    gov = client.post(C, json={"name": "Ministry", "industry": "government", "employees": 800,
                               "region": "EMEA"}, headers=h).get_json()
    assert gov["icp_score"] == 0.0 and gov["status"] == "other"


def test_patch_rescores_and_guards_versions(client, h):
    acme = client.post(C, json=ACME, headers=h).get_json()
    url = f"{C}/{acme['id']}"
    r = client.patch(url, json={"industry": "government"}, headers={**h, "If-Match": '"v1"'})
    assert r.status_code == 200 and r.get_json()["icp_score"] == 0.0 and r.get_json()["version"] == 2
    assert r.headers["ETag"] == '"v2"'
    stale = client.patch(url, json={"region": "NA"}, headers={**h, "If-Match": '"v1"'})
    body = _problem(stale, 409)
    assert body["current_version"] == 2 and body["title"] == "Stale version"
    assert stale.headers["ETag"] == '"v2"'
    _problem(client.patch(url, json={"region": "NA", "version": 1}, headers=h), 409)
    ok = client.patch(url, json={"industry": "software", "version": 2}, headers=h)
    assert ok.status_code == 200 and ok.get_json()["version"] == 3 and ok.get_json()["icp_score"] == 1.0
    # no version named: last write wins
    assert client.patch(url, json={"health": 0.5}, headers=h).get_json()["version"] == 4
    _problem(client.patch(url, json={"health": 0.5}, headers={**h, "If-Match": "garbage"}), 400)
    _problem(client.patch(f"{C}/c-nope", json={"health": 0.5}, headers=h), 404)
    _problem(client.get(f"{C}/c-nope", headers=h), 404)


def test_duplicates_and_external_ids(client, h):
    acme = client.post(C, json=ACME, headers=h).get_json()
    body = _problem(client.post(C, json={**ACME, "domain": "https://www.ACME.com/"}, headers=h), 409)
    assert body["existing_id"] == acme["id"] and body["title"] == "Duplicate"
    other = client.post(C, json={"name": "Other", "domain": "other.com"}, headers=h).get_json()
    _problem(client.patch(f"{C}/{other['id']}", json={"domain": "acme.com"}, headers=h), 409)
    first = client.post(C, json={"name": "X", "external_id": "42", "source": "salesforce"}, headers=h)
    again = client.post(C, json={"name": "X Corp", "external_id": "42", "source": "salesforce"}, headers=h)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json()["id"] == again.get_json()["id"] and again.get_json()["name"] == "X Corp"


def test_list_filter_and_pages(client, h):
    for i in range(5):
        client.post(C, json={"name": f"Co {i}", "status": "client" if i % 2 else "prospect"}, headers=h)
    page = client.get(f"{C}?limit=2", headers=h).get_json()
    assert [c["name"] for c in page["items"]] == ["Co 4", "Co 3"] and page["next_cursor"]
    rest = client.get(f"{C}?limit=10&cursor={page['next_cursor']}", headers=h).get_json()
    assert [c["name"] for c in rest["items"]] == ["Co 2", "Co 1", "Co 0"] and rest["next_cursor"] is None
    clients = client.get(f"{C}?status=client", headers=h).get_json()["items"]
    assert {c["name"] for c in clients} == {"Co 1", "Co 3"}
    _problem(client.get(f"{C}?status=enemy", headers=h), 422)


def test_validation(client, h):
    bad = {**ACME, "status": "friend", "health": 2, "ceo": "x"}
    body = _problem(client.post(C, json=bad, headers=h), 422)
    assert {e["pointer"] for e in body["errors"]} == {"/status", "/health", "/ceo"}
    body = _problem(client.post(C, json={"name": "Bad", "domain": "not a domain"}, headers=h), 422)
    assert body["errors"][0]["pointer"] == "/domain"
    _problem(client.post(C, data="[", headers={**h, "Content-Type": "application/json"}), 400)


def test_scopes(client, make_key):
    read, write = make_key("read"), make_key("write")
    cid = client.post(C, json=ACME, headers=write).get_json()["id"]
    for call, url in ((client.get, C), (client.get, f"{C}/{cid}")):
        _problem(call(url), 401)
        assert call(url, headers=read).status_code == 200
    for call, url, body in ((client.post, C, {"name": "N"}), (client.patch, f"{C}/{cid}", {"health": 0.1})):
        _problem(call(url, json=body), 401)
        _problem(call(url, json=body, headers=read), 403)
        assert call(url, json=body, headers=write).status_code in (200, 201)
