"""Phones on the real Neo4j (issue #16): the CRM import stores them in one form and fills
what a later import leaves blank, a merge fills the kept person's blank phone and its undo
takes it back, the identity run counts how many people share a number, and an erasure
takes it with the rest."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest

from graph import identity as store
from graph import identity_reads as reads
from graph.erasure import erase
from graph.importing import run_import

pytestmark = pytest.mark.neo4j

AT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
TODAY = date(2026, 12, 2)


def _import(graph, text: str, fmt: str = "hubspot"):
    report = run_import(graph, io.BytesIO(text.encode()), fmt, source=fmt, today=TODAY)
    assert not report.errors, report.errors
    return report


def _phones(graph) -> dict[str, str | None]:
    return {r["email"] or r["name"]: r["phone"] for r in graph.query(
        "MATCH (p:Person) RETURN p.name AS name, p.email AS email, p.phone AS phone")}


def test_imports_store_one_form_and_fill_but_never_blank_it(graph):
    _import(graph, "Record ID,First Name,Last Name,Email,Phone Number,Company Name\n"
                   "1,Zora,Kline,zora@quorbit.com,(415) 555-0123,Quorbit\n"
                   "2,Bo,Ng,bo@quorbit.com,,Quorbit\n"
                   "3,Cy,Orr,cy@quorbit.com,n/a,Quorbit\n")
    assert _phones(graph) == {"zora@quorbit.com": "+14155550123", "bo@quorbit.com": None,
                              "cy@quorbit.com": None}
    # the other CRM: a blank phone keeps the stored one, a number fills the blank one
    _import(graph, "Contact ID,First Name,Last Name,Email,Phone\n"
                   "0035g1,Zora,Kline,zora@quorbit.com,\n"
                   "0035g2,Bo,Ng,bo@quorbit.com,+1 212 555 0199\n", "salesforce")
    assert _phones(graph)["zora@quorbit.com"] == "+14155550123"
    assert _phones(graph)["bo@quorbit.com"] == "+12125550199"


def test_a_merge_fills_the_blank_phone_and_its_undo_takes_it_back(graph):
    graph.execute("CREATE (:Person {id: 'p-li', name: 'Zora Kline', "
                  "linkedin_url: 'https://www.linkedin.com/in/zk'}) "
                  "CREATE (:Person {id: 'p-hs', name: 'Zora Kline', email: 'zora@quorbit.com', "
                  "phone: '+14155550123'})")
    merge_id = graph.write(store.merge_people, "p-li", "p-hs", weight=12.0, decided_by="model", at=AT)
    kept = graph.query("MATCH (p:Person {id: 'p-li'}) RETURN p.phone AS phone, p.email AS email")[0]
    assert kept == {"phone": "+14155550123", "email": "zora@quorbit.com"}
    graph.write(store.unmerge_people, merge_id, decided_by="someone", at=AT)
    assert graph.query("MATCH (p:Person {id: 'p-li'}) RETURN p.phone AS phone")[0]["phone"] is None
    assert graph.query("MATCH (p:Person {id: 'p-hs'}) RETURN p.phone AS phone")[0]["phone"] == "+14155550123"


def test_the_run_counts_who_shares_a_number(graph):
    graph.execute("UNWIND range(1, 3) AS i "
                  "CREATE (:Person {id: 'p-' + i, name: 'N' + i, phone: '+4420794600'})")
    graph.execute("CREATE (:Person {id: 'p-9', name: 'Own Line', phone: '+14155550123'}) "
                  "CREATE (:Person:Rep {id: 'p-r', name: 'Rita Rep', phone: '+4420794600'})")
    counts = reads.name_counts(graph, [], [], ["+4420794600", "+14155550123", "+10000000000"])
    assert counts["phone"] == {"+4420794600": 3, "+14155550123": 1, "+10000000000": 0}  # not the rep
    assert counts["totals"]["phone"] == 4
    records = {r["unique_id"]: r for r in reads.stored_records(graph)}
    assert records["p-9"]["phone"] == "+14155550123"


def test_an_erasure_takes_the_phone(graph):
    _import(graph, "Record ID,First Name,Last Name,Email,Phone Number\n1,Zora,Kline,zora@quorbit.com,"
                   "+1 415 555 0123\n")
    pid = graph.query("MATCH (p:Person {email: 'zora@quorbit.com'}) RETURN p.id AS id")[0]["id"]
    erase(graph, pid, by="admin", now=AT)
    assert graph.query("MATCH (n) WHERE n.phone IS NOT NULL RETURN count(n) AS n")[0]["n"] == 0


def test_erasing_a_merged_person_erases_the_records_merged_into_them(graph):
    _import(graph, "Record ID,First Name,Last Name,Email,Phone Number,Company Name\n"
                   "1,Zora,Kline,zora.kline@quorbit.com,+1 415 555 0123,Quorbit\n")
    graph.execute("CREATE (:Person {id: 'p-li', name: 'Zora Kline', linkedin_url: 'https://www.linkedin.com/in/zk'})"
                  "-[:KNOWS {strength: 0.5}]->(:Person {id: 'p-peer', name: 'Pat Peer'})")
    hs = graph.query("MATCH (p:Person {email: 'zora.kline@quorbit.com'}) RETURN p.id AS id")[0]["id"]
    graph.execute("MATCH (h:Person {id: $hs}), (peer:Person {id: 'p-peer'}) "
                  "CREATE (h)-[:KNOWS {strength: 0.4}]->(peer)", hs=hs)
    graph.write(store.merge_people, "p-li", hs, weight=12.0, decided_by="model", at=AT)
    graph.execute("CREATE (:IdentityReview {id: 'r-1', a: $hs, b: 'p-peer', status: 'open'})", hs=hs)

    facts = erase(graph, "p-li", by="admin", now=AT)
    assert facts["removed"]["merged_halves"] == 1
    left = graph.query("MATCH (n) WHERE n.name = 'Zora Kline' OR n.email IS NOT NULL OR n.phone IS NOT NULL "
                       "OR n.linkedin_url IS NOT NULL RETURN labels(n) AS labels")
    assert left == []
    assert graph.query("MATCH (n) WHERE n:MergedPerson OR n:IdentityMerge OR n:MergedTie OR n:IdentityReview "
                       "RETURN count(n) AS n")[0]["n"] == 0
    assert graph.query("MATCH (:Person {id: 'p-peer'})-[t:KNOWS]-() RETURN count(t) AS n")[0]["n"] == 0
    # the CRM record that had been merged into them is refused as erased, not created again
    again = b"Record ID,First Name,Last Name,Email\n1,Zora,Kline,zora.kline@quorbit.com\n"
    report = run_import(graph, io.BytesIO(again), "hubspot", source="hubspot", today=TODAY)
    assert report.error_count == 1 and "erased" in report.errors[0]["detail"]
    assert graph.query("MATCH (p:Person) WHERE p.name = 'Zora Kline' RETURN count(p) AS n")[0]["n"] == 0
