"""Hostile input, hand-written (schemathesis in tests/api/test_openapi.py covers the
spec-driven fuzzing; this file covers what a fuzzer does not aim at).

For every case: no 5xx, an error is problem+json, nothing half-stored, nothing executed
(injection strings come back verbatim, the seeded graph is still all there).
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.neo4j

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"

INJECTIONS = [
    "' OR 1=1 //",
    "\" OR 1=1 //",
    "}) DETACH DELETE n //",
    "x'}) MATCH (n) DETACH DELETE n //",
    "\") MATCH (n) DETACH DELETE n RETURN 1 //",
    "$id",
    "{id}",
    "`n`",
    "\\u0027; DROP CONSTRAINT person_id",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "{{7*7}}",
    "${jndi:ldap://127.0.0.1/x}",
    "../../../../etc/passwd",
    "%00%0d%0a",
    "a\u0000b",
    "\u202egnp.exe",  # right-to-left override
    "שלום عليكم",
    "👩‍👩‍👧‍👦🔥" * 10,
    "\ud7ff\ue000\U0010ffff",
    " ",
]

WEIRD_IDS = ["p-1' OR '1'='1", "..%2F..%2Fetc", "x" * 5000, "💥", "%00", "p-%0a", "null", "-1",
             "${7*7}", "a b"]


@pytest.fixture
def seeded(graph):
    graph.execute(
        """
        CREATE (us:Company {id: 'c-us', name: 'Northwind', status: 'other'})
        CREATE (acme:Company {id: 'c-acme', name: 'Acme', status: 'client', icp_score: 0.9, health: 0.8})
        CREATE (pro:Company {id: 'c-pro', name: 'Prospecta', status: 'prospect', icp_score: 0.8})
        CREATE (rep:Person:Rep {id: 'p-rep', name: 'Rita Rep'})-[:WORKS_AT {current: true}]->(us)
        CREATE (ref:Person {id: 'p-ref', name: 'Carl Client'})-[:WORKS_AT {current: true}]->(acme)
        CREATE (t:Person {id: 'p-t', name: 'Tara Target'})-[:WORKS_AT {current: true}]->(pro)
        CREATE (rep)-[:KNOWS {strength: 0.8}]->(ref)
        CREATE (ref)-[:KNOWS {strength: 0.7}]->(t)
        """)
    return graph


def _sentinels(graph) -> dict[str, Any]:
    counts = graph.query(
        "OPTIONAL MATCH (p:Person) WHERE p.id IN ['p-rep', 'p-ref', 'p-t'] WITH count(p) AS people "
        "OPTIONAL MATCH (:Person)-[k:KNOWS]->(:Person) RETURN people, count(k) AS ties")[0]
    constraints = graph.query("SHOW CONSTRAINTS YIELD name RETURN count(name) AS n")[0]["n"]
    return {**counts, "constraints": constraints}


def assert_no_5xx(response, what: Any) -> None:
    assert response.status_code < 500, (what, response.status_code, response.get_data(as_text=True)[:500])
    if response.status_code >= 400:
        assert response.mimetype in ("application/problem+json", "application/json"), \
            (what, response.mimetype)
        body = response.get_data(as_text=True)
        assert "Traceback" not in body and "neo4j." not in body, (what, body[:500])


def _spec(app) -> dict[str, Any]:
    return app.extensions["api"].spec.to_dict()


def _body_fields(spec: dict[str, Any], operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    content = (operation.get("requestBody") or {}).get("content") or {}
    schema = (content.get("application/json") or {}).get("schema") or {}
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema.get("properties") or {}


def _fill(fields: dict[str, dict[str, Any]], text: str) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name, prop in fields.items():
        kind = prop.get("type")
        if kind == "integer":
            body[name] = 10**18
        elif kind == "number":
            body[name] = -1e308
        elif kind == "boolean":
            body[name] = text
        elif kind == "array":
            body[name] = [text, text]
        elif kind == "object":
            body[name] = {text: text}
        else:
            body[name] = text
    return body


def _operations(app):
    """(method, url with hostile path parameters filled, operation) for every /api/v1 write."""
    spec = _spec(app)
    for path, item in spec["paths"].items():
        if not path.startswith("/api/v1"):
            continue
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield method.upper(), path, operation, spec


def test_injection_strings_in_every_body_field_and_path_parameter(app, client, seeded, admin_headers):
    before = _sentinels(seeded)
    tried = 0
    for method, path, operation, spec in _operations(app):
        fields = _body_fields(spec, operation)
        for text in INJECTIONS:
            url = path
            for param in [p["name"] for p in operation.get("parameters", []) if p.get("in") == "path"] + \
                    [seg[1:-1] for seg in path.split("/") if seg.startswith("{")]:
                url = url.replace("{" + param + "}", "x" + text.replace("/", "%2F").replace("?", "%3F")
                                  .replace("#", "%23"))
            if "{" in url and method == "GET":
                pass
            if method in ("POST", "PUT", "PATCH") and "multipart/form-data" not in json.dumps(operation):
                response = client.open(url, method=method, json=_fill(fields, text), headers=admin_headers)
            else:
                response = client.open(url, method=method, query_string={"q": text, "target": text,
                                                                          "from": text},
                                       headers=admin_headers)
            assert_no_5xx(response, (method, url, text))
            tried += 1
    assert tried > 200
    assert _sentinels(seeded) == before  # nothing deleted, no constraint dropped


def test_injection_strings_are_stored_verbatim_and_found_again(client, seeded, admin_headers):
    for text in INJECTIONS:
        name = ("N " + text).strip()[:200]
        response = client.post("/api/v1/people", json={"name": name, "title": text[:200]},
                               headers=admin_headers)
        assert response.status_code in (201, 422), (text, response.status_code, response.json)
        if response.status_code == 422:  # refused as a whole (e.g. a NUL byte): nothing stored
            assert not seeded.query("MATCH (p:Person {name: $n}) RETURN p", n=name)
            continue
        person = response.json
        assert person["name"] == name and person["title"] == text[:200]
        again = client.get(f"/api/v1/people/{person['id']}", headers=admin_headers)
        assert again.status_code == 200 and again.json["name"] == name
        # JSON, never HTML: a script in a name is data the web pages escape (tests/web)
        assert again.mimetype == "application/json"
        assert again.headers.get("X-Content-Type-Options") == "nosniff"
        search = client.get("/api/v1/people", query_string={"q": text}, headers=admin_headers)
        assert_no_5xx(search, text)
    assert _sentinels(seeded)["people"] == 3


def test_search_and_path_queries_with_injection_and_weird_ids(client, seeded, admin_headers):
    before = _sentinels(seeded)
    for text in INJECTIONS + WEIRD_IDS:
        for url, params in [("/api/v1/people", {"q": text}),
                            ("/api/v1/referral-paths", {"target": text, "from": "p-rep"}),
                            ("/api/v1/referral-paths", {"target": "p-t", "from": text}),
                            ("/api/v1/introductions", {"requester_id": text, "status": text}),
                            ("/api/v1/people", {"cursor": text})]:
            response = client.get(url, query_string=params, headers=admin_headers)
            assert_no_5xx(response, (url, params))
    for text in WEIRD_IDS:
        for url in (f"/api/v1/people/{text}", f"/api/v1/companies/{text}", f"/api/v1/introductions/{text}",
                    f"/api/v1/clients/{text}/referral-opportunities", f"/api/v1/jobs/{text}",
                    f"/api/v1/people/{text}/relationships", f"/api/v1/webhooks/{text}"):
            response = client.get(url, headers=admin_headers)
            assert_no_5xx(response, url)
            assert response.status_code in (404, 422), (url, response.status_code)
        response = client.delete(f"/api/v1/people/{text}", headers=admin_headers)
        assert response.status_code in (404, 422), (text, response.status_code)
    assert _sentinels(seeded) == before


@pytest.mark.parametrize("params", [
    {"limit": 10**9}, {"limit": -1}, {"limit": 0}, {"limit": "abc"}, {"limit": 10**40},
    {"max_hops": -1}, {"max_hops": 10**9}, {"max_hops": 0}, {"max_hops": "3; DROP"},
    {"per_referrer": 10**9}, {"limit": "1e9"}, {"limit": "NaN"}, {"max_hops": "Infinity"},
])
def test_absurd_limits_answer_422(client, seeded, admin_headers, params):
    for url, base in [("/api/v1/referral-paths", {"target": "p-t", "from": "p-rep"}),
                      ("/api/v1/people", {}), ("/api/v1/introductions", {}), ("/api/v1/companies", {}),
                      ("/api/v1/clients/c-acme/referral-opportunities", {})]:
        response = client.get(url, query_string={**base, **params}, headers=admin_headers)
        assert_no_5xx(response, (url, params))
        takes = {"limit"} | ({"max_hops", "per_referrer"} if "referral-paths" in url else set()) \
            | ({"max_hops"} if "opportunities" in url else set())
        if set(params) & takes:
            assert response.status_code == 422, (url, params, response.status_code)
            assert response.json["errors"][0]["pointer"].lstrip("/") in params, response.json
        else:  # a parameter the endpoint does not take is ignored
            assert response.status_code == 200, (url, params, response.status_code)


def test_a_megabyte_name_is_refused_whole(client, seeded, admin_headers):
    big = "A" * (1024 * 1024)
    for url, body in [("/api/v1/people", {"name": big}),
                      ("/api/v1/companies", {"name": big, "status": "prospect"}),
                      ("/api/v1/people", {"name": "ok", "title": big}),
                      ("/api/v1/introductions", {"requester_id": "p-rep", "target_id": "p-t",
                                                 "path": ["p-rep", "p-ref", "p-t"], "note": big})]:
        response = client.post(url, json=body, headers=admin_headers)
        assert response.status_code in (413, 422), (url, response.status_code)
        assert response.mimetype == "application/problem+json"
        assert len(response.get_data()) < 10_000  # the 1 MB value is not echoed back
    assert seeded.query("MATCH (n) WHERE size(coalesce(n.name, '')) > 1000 OR n.name = 'ok' "
                        "OR (n:Introduction) RETURN count(n) AS n")[0]["n"] == 0


def test_unicode_rtl_and_emoji_round_trip(client, seeded, admin_headers):
    for name in ["Zoë Ñúñez", "محمد عبد الله", "דוד כהן", "李小龙", "👩‍💻 Ada", "\u202eevil\u202c Name",
                 "Ǆemal Đurić", "Ωμέγα", "a\u0301e\u0301"]:
        response = client.post("/api/v1/people", json={"name": name}, headers=admin_headers)
        assert response.status_code == 201, (name, response.json)
        fetched = client.get(f"/api/v1/people/{response.json['id']}", headers=admin_headers).json
        assert fetched["name"] == name
    response = client.post("/api/v1/companies", json={"name": "Ünïcødé GmbH 🚀", "domain": "xn--nicd-bua.de",
                                                      "status": "prospect"}, headers=admin_headers)
    assert_no_5xx(response, "unicode company")


def test_bodies_of_the_wrong_shape(client, seeded, admin_headers):
    deep = "[" * 100_000 + "]" * 100_000
    deep_obj = '{"a":' * 50_000 + "1" + "}" * 50_000
    cases = [
        ("application/json", '{"name": "A", "name": "B"}'),  # duplicate keys: the last one wins
        ("application/json", deep),
        ("application/json", deep_obj),
        ("application/json", '{"name": ' + deep + "}"),
        ("application/json", "[]"),
        ("application/json", '"just a string"'),
        ("application/json", "null"),
        ("application/json", "1e999999"),
        ("application/json", '{"name": NaN}'),
        ("application/json", '{"name": "\\ud800"}'),  # a lone surrogate
        ("application/json", "{"),
        ("application/json", ""),
        ("application/json", b"\xff\xfe\x00garbage"),
        ("application/json; charset=utf-16", '{"name": "x"}'.encode("utf-16")),
        ("text/plain", '{"name": "Plain Text"}'),
        ("application/x-www-form-urlencoded", "name=Form+Encoded"),
        ("multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n"
                                              "Multi\r\n--xyz--\r\n"),
        ("application/xml", "<person><name>XML</name></person>"),
        (None, '{"name": "No Type"}'),
    ]
    tried = 0
    for url in ("/api/v1/people", "/api/v1/companies", "/api/v1/introductions", "/api/v1/relationships",
                "/api/v1/webhooks", "/api/v1/inquiries"):
        for content_type, data in cases:
            headers = dict(admin_headers)
            if content_type:
                headers["Content-Type"] = content_type
            response = client.post(url, data=data, headers=headers)
            assert_no_5xx(response, (url, content_type, str(data)[:60]))
            tried += 1
    # only the well-formed JSON object could create anything: duplicate keys -> one person "B"
    names = {r["name"] for r in seeded.query("MATCH (p:Person) RETURN p.name AS name")}
    assert names <= {"Rita Rep", "Carl Client", "Tara Target", "B"}, names
    assert tried == 6 * len(cases)


def test_oversized_upload_is_413_and_stores_nothing(app, client, seeded, admin_headers):
    app.config["MAX_CONTENT_LENGTH"] = 256 * 1024
    header = b"First Name,Last Name,Email,Company Name\n"
    rows = b"".join(b"Big%d,Upload,big%d@example.com,Bigco\n" % (i, i) for i in range(20_000))
    response = client.post("/api/v1/imports", data={"format": "hubspot", "file": (io.BytesIO(header + rows),
                                                                                  "big.csv")},
                           headers=admin_headers, content_type="multipart/form-data")
    assert response.status_code == 413, response.status_code
    assert response.mimetype == "application/problem+json"
    response = client.post("/api/v1/people", data=json.dumps({"name": "x" * 300_000}),
                           headers={**admin_headers, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert seeded.query("MATCH (p:Person) WHERE p.name STARTS WITH 'Big' OR size(p.name) > 1000 "
                        "RETURN count(p) AS n")[0]["n"] == 0


def _upload(client, headers, data: bytes, fmt: str = "hubspot", name: str = "file.csv", **form):
    return client.post("/api/v1/imports", data={"format": fmt, **form, "file": (io.BytesIO(data), name)},
                       headers=headers, content_type="multipart/form-data")


def test_odd_files_never_5xx_and_bad_ones_store_nothing(client, seeded, admin_headers):
    files = sorted(p for p in DATA.iterdir() if p.is_file())
    assert files, DATA
    tried = 0
    for path in files:
        for fmt in ("hubspot", "salesforce", "linkedin", "interactions", "graph-json"):
            response = _upload(client, admin_headers, path.read_bytes(), fmt, path.name, owner_id="p-rep")
            assert_no_5xx(response, (path.name, fmt))
            tried += 1
    junk = [
        os.urandom(200_000),
        b"\x00" * 50_000,
        b"First Name,Last Name,Email\n" + b"A" * 2_000_000 + b",B,c@d.com\n",  # a 2 MB line
        b"First Name,Last Name,Email\n\"unterminated,quote,x@y.z\n" * 100,
        "First Name,Last Name,Email\nJosé,Müller,jm@x.de\n".encode("utf-16-le"),  # no BOM
        "First Name,Last Name,Email\nJürgen,Größe,jg@x.de\n".encode("cp1252"),
        "First Name,Last Name,Email\n日本,語,jp@x.jp\n".encode("shift_jis"),
        b"\xef\xbb\xbf\xef\xbb\xbfFirst Name,Last Name,Email\nA,B,a@b.c\n",  # two BOMs
        b"PK\x03\x04" + os.urandom(5000),  # looks like a zip/xlsx
        b"%PDF-1.7\n" + os.urandom(5000),
        b"=cmd|' /C calc'!A0,Last Name,Email\n=1+1,@SUM(A1),+x@y.z\n",  # CSV formula injection
        b"First Name,Last Name,Email\n" + b",,\n" * 10_000,
        b"{" * 10_000,
        b'{"people": [' + b'{"id": "x"},' * 1000 + b"]",
    ]
    for data in junk:
        for fmt in ("hubspot", "graph-json", "interactions"):
            response = _upload(client, admin_headers, data, fmt)
            assert_no_5xx(response, (data[:40], fmt))
            tried += 1
    assert tried > 100
    assert _sentinels(seeded)["people"] == 3
    # formula-looking cells are stored as text, never evaluated
    evaluated = seeded.query("MATCH (p:Person) WHERE p.name = '2' RETURN count(p) AS n")[0]["n"]
    assert evaluated == 0


def test_unknown_fields_and_wrong_types_are_422_and_store_nothing(client, seeded, admin_headers):
    for body in [{"name": "X", "admin": True}, {"name": ["X"]}, {"name": {"$ne": None}}, {"name": 12},
                 {"name": "X", "is_rep": "yes please"}, {"name": "X", "company_id": {"id": "c-us"}},
                 {"name": "X", "email": "not-an-email' OR 1=1"}]:
        response = client.post("/api/v1/people", json=body, headers=admin_headers)
        assert response.status_code == 422, (body, response.status_code)
        assert response.json["errors"], body
    assert not seeded.query("MATCH (p:Person) WHERE NOT p.id IN ['p-rep', 'p-ref', 'p-t'] RETURN p")
