"""Company linkage on the real Neo4j (issue #16, docs/identity.md "Companies"): a merge keeps
everything and its undo restores the stored graph exactly; a likely pair reaches the review
queue through the API, is merged and undone there; later imports land on the kept company."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime

import pytest

from graph.company_identity import merge_companies, unmerge_companies
from referrals.errors import Conflict
from services import imports

pytestmark = pytest.mark.neo4j

AT = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
RITA = "p-rita"
PASSWORD = "correct horse battery"


def _world(graph) -> None:
    """Quorbit twice ("Quorbit Labs" with its website, a client; "Quorbit" without, one of its
    people at quorbit.com: likely, not sure), their people, a HubSpot company id on the short
    one, an owner."""
    graph.execute("""
    CREATE (rita:Person:Rep {id: 'p-rita', name: 'Rita Rep', is_rep: true})
    CREATE (ql:Company {id: 'c-ql', name: 'Quorbit Labs', name_key: 'quorbit labs', domain: 'quorbit.com',
                        status: 'client', industry: 'software'})
    CREATE (q:Company {id: 'c-q', name: 'Quorbit', name_key: 'quorbit', region: 'EMEA', employees: 120})
    CREATE (zora:Person {id: 'p-zora', name: 'Zora Kline', email: 'zora.kline@quorbit.com'})
    CREATE (theo:Person {id: 'p-theo', name: 'Theo Target', email: 'theo.target@gmail.com'})
    CREATE (ana:Person {id: 'p-ana', name: 'Ana Both', email: 'ana@quorbit.com'})
    CREATE (zora)-[:WORKS_AT {title: 'CFO', current: true}]->(ql)
    CREATE (theo)-[:WORKS_AT {title: 'VP Engineering', current: true, start: date('2021-01-04')}]->(q)
    CREATE (ana)-[:WORKS_AT {current: false}]->(ql)
    CREATE (ana)-[:WORKS_AT {current: true}]->(q)
    CREATE (:ExternalId {key: 'hubspot:company:77', source: 'hubspot', external_id: '77'})-[:IDENTIFIES]->(q)
    CREATE (rita)-[:OWNS {since: date('2025-01-01'), by: 'import'}]->(q)
    CREATE (zora)-[:KNOWS {strength: 0.6}]->(theo)
    """)


def snapshot(graph) -> tuple[list, list]:
    """Every person, company and external id (labels, properties) and their relationships
    (type, ends, properties); not the merge records, reviews, audit entries or API keys."""
    kept = "(n:Company OR n:MergedCompany OR n:Person OR n:ExternalId)"
    nodes = graph.query(f"MATCH (n) WHERE {kept} "
                        "RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id, n.key")
    rels = graph.query(f"MATCH (n)-[r]->(b) WHERE {kept} RETURN coalesce(n.id, n.key) AS a, type(r) AS type, "
                       "b.id AS b, properties(r) AS props")
    return ([(sorted(n["labels"]), sorted(n["props"].items(), key=str)) for n in nodes],
            sorted((r["a"], r["type"], r["b"], sorted(r["props"].items(), key=str)) for r in rels))


def test_a_company_merge_keeps_everything_and_its_undo_restores_the_graph_exactly(graph):
    _world(graph)
    before = snapshot(graph)

    merge_id = graph.write(merge_companies, "c-ql", "c-q", weight=9.0, decided_by="mia", at=AT, why="test")
    assert merge_id.startswith("mc-")
    moved = graph.query("MATCH (k:Company {id: 'c-ql'})-[r]-(peer) WHERE r.merged_from = [$m] "
                        "RETURN type(r) AS type, coalesce(peer.id, peer.key) AS peer, properties(r) AS props",
                        m=merge_id)
    assert sorted((r["type"], r["peer"]) for r in moved) == [
        ("IDENTIFIES", "hubspot:company:77"), ("OWNS", "p-rita"), ("WORKS_AT", "p-ana"),
        ("WORKS_AT", "p-theo")]
    theo = next(r["props"] for r in moved if r["peer"] == "p-theo")
    assert theo["title"] == "VP Engineering" and theo["current"] is True  # properties travel
    kept = graph.query("MATCH (c:Company {id: 'c-ql'}) RETURN properties(c) AS p")[0]["p"]
    assert kept["region"] == "EMEA" and kept["employees"] == 120  # blanks filled from the absorbed one
    assert kept["status"] == "client" and kept["domain"] == "quorbit.com"  # its own values kept
    gone = graph.query("MATCH (m:MergedCompany {id: 'c-q'})-[s:SAME_AS]->(k:Company) "
                       "RETURN labels(m) AS labels, s.merge_id AS m, k.id AS k, m.region AS region")
    assert gone == [{"labels": ["MergedCompany"], "m": merge_id, "k": "c-ql", "region": "EMEA"}]
    assert graph.query("MATCH (c:Company {id: 'c-q'}) RETURN c") == []
    # Ana worked at both: two jobs at the one company now, nothing lost
    assert graph.query("MATCH (:Person {id: 'p-ana'})-[w:WORKS_AT]->(:Company {id: 'c-ql'}) "
                       "RETURN count(w) AS n")[0]["n"] == 2

    done = graph.write(unmerge_companies, merge_id, decided_by="mia", at=AT, why="wrong")
    assert done == {"merge_id": merge_id, "moved_back": 4}
    assert snapshot(graph) == before
    with pytest.raises(Conflict):
        graph.write(unmerge_companies, merge_id, decided_by="mia", at=AT)


def test_undo_is_last_in_first_out(graph):
    _world(graph)
    graph.execute("CREATE (:Company {id: 'c-q2', name: 'QUORBIT', name_key: 'quorbit x'})")
    before = snapshot(graph)
    first = graph.write(merge_companies, "c-q", "c-q2", weight=3.0, decided_by="mia", at=AT)
    second = graph.write(merge_companies, "c-ql", "c-q", weight=9.0, decided_by="mia", at=AT)
    with pytest.raises(Conflict) as refused:
        graph.write(unmerge_companies, first, decided_by="mia", at=AT)
    assert refused.value.code == "merged_again"
    graph.write(unmerge_companies, second, decided_by="mia", at=AT)
    graph.write(unmerge_companies, first, decided_by="mia", at=AT)
    assert snapshot(graph) == before


def _pairs_world(graph) -> None:
    _world(graph)
    graph.execute("""
    CREATE (v1:Company {id: 'c-v1', name: 'Vantora Systems', name_key: 'vantora systems',
                        domain: 'vantora.io'})
    CREATE (v2:Company {id: 'c-v2', name: 'Vantora', name_key: 'vantora', domain: 'vantora.io'})
    CREATE (:Person {id: 'p-vic', name: 'Vic Vantora', email: 'vic@vantora.io'})
           -[:WORKS_AT {current: true}]->(v2)
    CREATE (:Company {id: 'c-bg1', name: 'Zentrix Labs', name_key: 'zentrix labs', domain: 'zentrix.com'})
    CREATE (:Company {id: 'c-bg2', name: 'Altavo Labs', name_key: 'altavo labs', domain: 'altavo.com'})
    """)


def test_a_company_pair_reaches_the_queue_through_the_api_and_is_merged_and_undone(
        graph, client, admin_headers, make_key):
    _pairs_world(graph)
    reader = make_key("read", "reader")
    assert client.post("/api/v1/identity/company-resolutions", headers=reader).status_code == 403

    r = client.post("/api/v1/identity/company-resolutions", headers=admin_headers)
    assert r.status_code == 200, r.get_json()
    run = r.get_json()
    assert run["companies"] == 6 and run["merged"] == 1 and run["queued"] == 1, run
    # the same website and names that fit: merged without asking (into the one with people), audited
    assert graph.query("MATCH (:MergedCompany {id: 'c-v1'})-[:SAME_AS]->(c:Company) RETURN c.id AS id") == [
        {"id": "c-v2"}]
    assert graph.query("MATCH (e:AuditEvent {action: 'identity.company_merged'}) "
                       "RETURN e.object_id AS id") == [{"id": "c-v2"}]
    before = snapshot(graph)

    queue = client.get("/api/v1/identity/reviews", headers=admin_headers).get_json()["items"]
    item = next(i for i in queue if i["kind"] == "company")
    assert {item["company_a"]["name"], item["company_b"]["name"]} == {"Quorbit", "Quorbit Labs"}
    assert item["company_a"]["people"] >= 1 and "person_a" not in item
    assert {e["comparison"] for e in item["evidence"]["for"]} >= {"name", "people"}
    assert 0.2 <= item["probability"] < 1.0

    r = client.post(f"/api/v1/identity/reviews/{item['id']}/decision", json={"decision": "merge"},
                    headers=admin_headers)
    assert r.status_code == 200, r.get_json()
    decided = r.get_json()
    assert decided["status"] == "merged" and decided["kind"] == "company"
    assert decided["merge_id"].startswith("mc-")
    # the client (Quorbit Labs) stays; the HubSpot id, the owner and the jobs are on it
    assert graph.query("MATCH (c:Company) WHERE c.name STARTS WITH 'Quorbit' "
                       "RETURN c.id AS id") == [{"id": "c-ql"}]
    assert graph.query("MATCH (:ExternalId {key: 'hubspot:company:77'})-[:IDENTIFIES]->(c) "
                       "RETURN c.id AS id") == [{"id": "c-ql"}]
    assert client.post(f"/api/v1/identity/reviews/{item['id']}/decision", json={"decision": "reject"},
                       headers=admin_headers).status_code == 409

    r = client.post(f"/api/v1/identity/merges/{decided['merge_id']}/undo", headers=admin_headers)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["moved_back"] == 4
    assert snapshot(graph) == before
    assert client.post(f"/api/v1/identity/merges/{decided['merge_id']}/undo",
                       headers=admin_headers).status_code == 409
    # a rerun leaves the pair a person kept apart alone
    again = client.post("/api/v1/identity/company-resolutions", headers=admin_headers).get_json()
    assert again["skipped_decided"] == 1 and again["queued"] == 0 and again["merged"] == 0
    actions = {r["a"] for r in graph.query("MATCH (e:AuditEvent) RETURN e.action AS a")}
    assert {"identity.company_merged", "identity.company_unmerged"} <= actions


def test_the_review_page_lists_a_company_pair_and_merges_and_undoes_it(graph, app, ctx):
    from graph.company_identity import save_reviews
    from services.users import create_user

    _world(graph)
    graph.execute("CREATE (:Person:Rep {id: 'p-mgr', name: 'Mia Manager'})")
    create_user(ctx, email="mia@us.example", password=PASSWORD, role="sales_manager", person_id="p-mgr")
    evidence = [{"comparison": "name", "level": "one name begins with the other", "weight": 5.0}]
    graph.write(save_reviews, [{"a": "c-q", "b": "c-ql", "probability": 0.9, "weight": 3.0,
                                "evidence": json.dumps(evidence), "reason": "review"}], at=AT)
    before = snapshot(graph)
    mia = app.test_client()
    html = mia.get("/signin").get_data(as_text=True)
    assert mia.post("/signin", data={"email": "mia@us.example", "password": PASSWORD,
                                     "csrf_token": _token(html)}).status_code == 302
    html = mia.get("/identity/reviews").get_data(as_text=True)
    assert "Quorbit Labs" in html and "quorbit.com" in html and 'data-kind="company"' in html
    assert "one name begins with the other (+5.0)" in html
    review = re.search(r"/identity/reviews/(rc-[0-9a-f]+)/decision", html).group(1)
    r = mia.post(f"/identity/reviews/{review}/decision",
                 data={"decision": "merge", "csrf_token": _token(html)})
    assert r.status_code == 302
    assert graph.query("MATCH (c:Company) RETURN c.id AS id") == [{"id": "c-ql"}]
    html = mia.get("/identity/reviews").get_data(as_text=True)
    assert "Merged: one company now." in html
    merge_id = re.search(r"/identity/merges/(mc-[0-9a-f]+)/undo", html).group(1)
    assert mia.post(f"/identity/merges/{merge_id}/undo", data={"csrf_token": _token(html)}).status_code == 302
    assert snapshot(graph) == before


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


LINKEDIN = (
    'Notes:\r\n"When exporting your connection data, you may notice..."\r\n\r\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Nia,Novak,https://www.linkedin.com/in/nia-novak,,Quorbit,Engineer,01 Mar 2025\r\n"
)


def test_a_later_import_of_the_merged_away_name_lands_on_the_kept_company(graph, ctx):
    _world(graph)
    merge_id = graph.write(merge_companies, "c-ql", "c-q", weight=9.0, decided_by="mia", at=AT)
    report = imports.import_file(ctx, io.BytesIO(LINKEDIN.encode()), "linkedin", owner_id=RITA)
    assert report["created"] >= 1, report
    assert graph.query("MATCH (c:Company) RETURN c.id AS id ORDER BY id") == [{"id": "c-ql"}]
    assert graph.query("MATCH (:Person {name: 'Nia Novak'})-[:WORKS_AT]->(c) RETURN c.id AS id") == [
        {"id": "c-ql"}]
    # written as any import's job (no merged_from): the undo leaves it on the kept company
    graph.write(unmerge_companies, merge_id, decided_by="mia", at=AT)
    assert graph.query("MATCH (:Person {name: 'Nia Novak'})-[:WORKS_AT]->(c) RETURN c.id AS id") == [
        {"id": "c-ql"}]
    assert graph.query("MATCH (c:Company {id: 'c-q'}) RETURN c.name AS name") == [{"name": "Quorbit"}]


def test_a_company_named_by_its_domain_takes_the_other_name_and_gives_it_back(graph):
    graph.execute("""
    CREATE (:Company {id: 'c-dom', name: 'indigomark.com', name_key: 'indigomark com',
                      domain: 'indigomark.com'})
    CREATE (:Company {id: 'c-name', name: 'Indigomark Bio', name_key: 'indigomark bio'})
    """)
    before = snapshot(graph)
    merge_id = graph.write(merge_companies, "c-dom", "c-name", weight=15.0, decided_by="model", at=AT)
    assert graph.query("MATCH (c:Company) RETURN c.id AS id, c.name AS name, c.name_key AS key") == [
        {"id": "c-dom", "name": "Indigomark Bio", "key": "indigomark bio"}]
    graph.write(unmerge_companies, merge_id, decided_by="mia", at=AT)
    assert snapshot(graph) == before


def test_an_import_links_the_companies_it_created_without_a_people_model(graph, ctx):
    """The run after an import links the companies it created against every stored one
    (docs/identity.md "Companies"): a typo of a stored company reaches the queue at once, and
    stored pairs it did not touch are left to a full run."""
    _world(graph)  # Quorbit Labs (quorbit.com) and Quorbit are stored, a pair no import made
    typo = LINKEDIN.replace(",Quorbit,", ",Qourbit Labs,")
    report = imports.import_file(ctx, io.BytesIO(typo.encode()), "linkedin", owner_id=RITA)
    run = report["identity"]
    assert run["ran"] is False and "no trained identity model" in run["note"]  # no people's model yet
    assert run["companies"]["ran"] is True and run["companies"]["merged"] == 0, run
    new = graph.query("MATCH (c:Company {name: 'Qourbit Labs'}) RETURN c.id AS id")[0]["id"]
    queued = graph.query("MATCH (r:CompanyReview {status: 'open'}) RETURN r.a AS a, r.b AS b")
    assert {"a": min(new, "c-ql"), "b": max(new, "c-ql")} in queued, queued
    assert all(new in (q["a"], q["b"]) for q in queued)  # not c-q ~ c-ql: stored before
    # the same import again creates nothing, so no run follows it
    again = imports.import_file(ctx, io.BytesIO(typo.encode()), "linkedin", owner_id=RITA)
    assert again["identity"] == {"ran": False, "note": "nothing created or changed"}
