"""The identity review page: the queue with the evidence, Merge, Undo from the page, and
nobody hidden by consent named (issue #16)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from graph.identity import save_reviews
from services.users import create_user

pytestmark = pytest.mark.neo4j

PASSWORD = "correct horse battery"
AT = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
EVIDENCE = [{"comparison": "first_name", "level": "Exact match on first", "weight": 6.1},
            {"comparison": "title", "level": "All other comparisons", "weight": -2.7}]


@pytest.fixture
def queue(graph, ctx):
    graph.execute("""
    CREATE (q:Company {id: 'c-q', name: 'Quorbit', status: 'prospect'})
    CREATE (acme:Company {id: 'c-acme', name: 'Acme', status: 'client'})
    CREATE (li:Person {id: 'p-li', name: 'Zora Kline', linkedin_url: 'https://www.linkedin.com/in/zora-kline'})
    CREATE (hs:Person {id: 'p-hs', name: 'Zora Kline', email: 'zora.kline@quorbit.com', title: 'CFO'})
    CREATE (li)-[:WORKS_AT {current: true}]->(q) CREATE (hs)-[:WORKS_AT {current: true}]->(q)
    CREATE (hs)-[:KNOWS {strength: 0.7}]->(:Person {id: 'p-theo', name: 'Theo Target'})
    CREATE (s1:Person {id: 'p-s1', name: 'Secret Sam'})-[:WORKS_AT {current: true}]->(acme)
    CREATE (:Person {id: 'p-s2', name: 'Sam Secret'})
    CREATE (:Person:Rep {id: 'p-mgr', name: 'Mia Manager'})
    CREATE (:Person:Rep {id: 'p-rep', name: 'Rita Rep'})
    """)
    graph.write(save_reviews, [
        {"a": "p-li", "b": "p-hs", "probability": 0.9, "weight": 3.2, "evidence": json.dumps(EVIDENCE),
         "reason": "review"},
        {"a": "p-s1", "b": "p-s2", "probability": 0.3, "weight": -1.2, "evidence": "[]", "reason": "review"}],
        at=AT)
    create_user(ctx, email="mia@us.example", password=PASSWORD, role="sales_manager", person_id="p-mgr")
    create_user(ctx, email="rita@us.example", password=PASSWORD, role="rep", person_id="p-rep")
    return graph


def _signed_in(app, email: str):
    client = app.test_client()
    html = client.get("/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    r = client.post("/signin", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 302
    return client


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _stored(graph):
    return sorted((r["a"], r["t"], r["b"]) for r in graph.query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b"))


def test_a_manager_merges_from_the_page_and_undoes_it_and_a_rep_may_not(app, queue):
    before = _stored(queue)
    rep = _signed_in(app, "rita@us.example")
    assert rep.get("/identity/reviews").status_code == 403

    mia = _signed_in(app, "mia@us.example")
    html = mia.get("/identity/reviews").get_data(as_text=True)
    assert "Zora Kline" in html and "zora.kline@quorbit.com" in html
    assert "Exact match on first (+6.1)" in html and "All other comparisons (-2.7)" in html
    # Sam at a client that has not opted in: the pair is listed, he is not named
    assert "Secret Sam" not in html and "not shown (consent)" in html
    ids = re.findall(r'/identity/reviews/(r-[0-9a-f]+)/decision', html)
    zora = queue.query("MATCH (r:IdentityReview {a: 'p-li'}) RETURN r.id AS id")[0]["id"]
    assert zora in ids and len(set(ids)) == 2
    r = mia.post(f"/identity/reviews/{zora}/decision", data={"decision": "merge", "csrf_token": _token(html)})
    assert r.status_code == 302
    zoras = queue.query("MATCH (p:Person {name: 'Zora Kline'}) RETURN p.id AS id")
    assert [p["id"] for p in zoras] == ["p-li"]
    html = mia.get("/identity/reviews").get_data(as_text=True)
    merge_id = re.search(r'/identity/merges/(m-[0-9a-f]+)/undo', html).group(1)
    assert mia.post(f"/identity/merges/{merge_id}/undo", data={"csrf_token": _token(html)}).status_code == 302
    assert _stored(queue) == before
    html = mia.get("/identity/reviews").get_data(as_text=True)
    assert "No merges." in html and "Merge undone" in html
