"""graph/identity.py: a merge keeps everything, and an unmerge restores the stored subgraph."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from graph.identity import merge_many, merge_people, unmerge_people
from referrals.errors import Conflict

pytestmark = pytest.mark.neo4j

AT = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)


def _world(graph) -> None:
    """Zora Kline twice (LinkedIn and HubSpot halves), a rep, two contacts, a company."""
    graph.execute("""
    CREATE (li:Person {id: 'p-li', name: 'Zora Kline', linkedin_url: 'https://www.linkedin.com/in/zora-kline',
                       title: 'Chief Financial Officer'})
    CREATE (hs:Person {id: 'p-hs', name: 'Zora Kline', email: 'zora.kline@quorbit.com', title: 'CFO'})
    CREATE (rep:Person:Rep {id: 'p-rep', name: 'Rita Rep', is_rep: true})
    CREATE (c:Person {id: 'p-c', name: 'Cal Contact'})
    CREATE (d:Person {id: 'p-d', name: 'Dee Dev'})
    CREATE (q:Company {id: 'c-q', name: 'Quorbit', domain: 'quorbit.com'})
    CREATE (rep)-[:KNOWS {strength: 0.4, source: 'linkedin', last_interaction: date('2025-03-01')}]->(li)
    CREATE (li)-[:WORKS_AT {title: 'Chief Financial Officer', current: true}]->(q)
    CREATE (hs)-[:WORKS_AT {title: 'CFO', current: true, start: date('2021-01-04')}]->(q)
    CREATE (c)-[:KNOWS {strength: 0.8, interactions: 12, source: 'interactions',
                        interaction_keys: ['a1', 'b2']}]->(hs)
    CREATE (hs)-[:KNOWS {strength: 0.3}]->(d)
    CREATE (li)-[:KNOWS {strength: 0.9, source: 'seed'}]->(hs)
    """)


def snapshot(graph) -> tuple[list, list]:
    """Every node (labels, properties) and relationship (type, ends by id, properties)."""
    nodes = graph.query("MATCH (n) WHERE NOT n:IdentityMerge "
                        "RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id")
    rels = graph.query("MATCH (a)-[r]->(b) "
                       "RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props")
    return ([(sorted(n["labels"]), sorted(n["props"].items())) for n in nodes],
            sorted((r["a"], r["type"], r["b"], sorted(r["props"].items(), key=str)) for r in rels))


def test_merge_moves_everything_and_unmerge_restores_the_subgraph_exactly(graph):
    _world(graph)
    before = snapshot(graph)

    merge_id = graph.write(merge_people, "p-li", "p-hs", weight=14.2, decided_by="model", at=AT,
                           why="auto: p >= 0.99")
    after = graph.query("MATCH (k:Person {id: 'p-li'})-[r]-(peer) RETURN type(r) AS type, peer.id AS peer, "
                        "startNode(r) = k AS out, r.merged_from AS merged_from, properties(r) AS props")
    moved = {(r["type"], r["peer"], r["out"]) for r in after if r["merged_from"] == [merge_id]}
    # the HubSpot half's ties and job now hang on the LinkedIn half, same direction and properties
    assert moved == {("KNOWS", "p-c", False), ("KNOWS", "p-d", True), ("WORKS_AT", "c-q", True)}
    tie = next(r["props"] for r in after if r["peer"] == "p-c")
    assert tie["interaction_keys"] == ["a1", "b2"] and tie["strength"] == 0.8
    assert graph.query("MATCH (p:Person {id: 'p-hs'}) RETURN p") == []
    gone = graph.query("MATCH (a:MergedPerson {id: 'p-hs'})-[r]-(other) "
                       "RETURN type(r) AS type, other.id AS other, r.weight AS weight")
    assert sorted((g["type"], g["other"]) for g in gone) == [("KNOWS", "p-li"), ("SAME_AS", "p-li")]
    assert next(g["weight"] for g in gone if g["type"] == "SAME_AS") == 14.2
    record = graph.query("MATCH (m:IdentityMerge {id: $m}) RETURN m {.*} AS m", m=merge_id)[0]["m"]
    assert (record["decided_by"], record["status"], record["moved"], record["absorbed_labels"]) == (
        "model", "merged", 3, ["Person"])
    assert snapshot(graph) != before

    assert graph.write(unmerge_people, merge_id, decided_by="am@demo.local", at=AT,
                       why="two people") == {"merge_id": merge_id, "moved_back": 3}
    assert snapshot(graph) == before
    record = graph.query("MATCH (m:IdentityMerge {id: $m}) RETURN m {.*} AS m", m=merge_id)[0]["m"]
    assert (record["status"], record["undone_by"]) == ("undone", "am@demo.local")
    with pytest.raises(Conflict):
        graph.write(unmerge_people, merge_id, decided_by="x", at=AT)


def test_merges_undo_last_in_first_out_and_a_rep_keeps_its_label(graph):
    _world(graph)
    before = snapshot(graph)
    first = graph.write(merge_people, "p-li", "p-hs", weight=None, decided_by="model", at=AT)
    second = graph.write(merge_people, "p-c", "p-li", weight=3.0, decided_by="rep", at=AT)
    tie = graph.query("MATCH (:Person {id: 'p-c'})-[r:KNOWS]->(:Person {id: 'p-d'}) "
                      "RETURN r.merged_from AS m")
    assert tie == [{"m": [first, second]}]  # moved twice, both merges remembered
    with pytest.raises(Conflict):  # p-li is absorbed now: the later merge goes first
        graph.write(unmerge_people, first, decided_by="x", at=AT)
    graph.write(unmerge_people, second, decided_by="x", at=AT)
    graph.write(unmerge_people, first, decided_by="x", at=AT)
    assert snapshot(graph) == before

    third = graph.write(merge_people, "p-li", "p-rep", weight=1.0, decided_by="x", at=AT)
    labels = graph.query("MATCH (m:MergedPerson {id: 'p-rep'}) RETURN labels(m) AS l")
    assert labels == [{"l": ["MergedPerson"]}]  # no longer a Person nor a Rep while merged
    graph.write(unmerge_people, third, decided_by="x", at=AT)
    assert snapshot(graph) == before
    assert date(2025, 3, 1) in [v for _, _, _, props in before[1] for _, v in props]


def test_many_merges_at_once_are_each_what_one_merge_is_and_undo_exactly(graph):
    """merge_many: independent pairs in one round, a chain in the next, a pair tied to
    another pair's person one by one; the same stored graph as merge_people one at a time."""
    _world(graph)
    graph.execute("""
    CREATE (e:Person {id: 'p-e', name: 'Eve Early', email: 'eve@x.example'})
    CREATE (f:Person {id: 'p-f', name: 'Eve Early', title: 'CTO'})
    CREATE (g:Person {id: 'p-g', name: 'Gus Gray'})
    CREATE (f)-[:KNOWS {strength: 0.5}]->(g)
    """)
    before = snapshot(graph)
    merges = [("p-li", "p-hs", 9.0, "a"), ("p-e", "p-f", 8.0, "b"), ("p-c", "p-li", 7.0, "chain"),
              ("p-d", "p-g", 6.0, "tangled")]  # p-g knows p-f, absorbed in the same round
    ids = graph.write(lambda tx: merge_many(tx, merges, decided_by="model", at=AT))
    assert len(ids) == 4 and len(set(ids)) == 4
    many = snapshot(graph)
    # each moved job is on one node only (a delete that skipped one left it on p-li as well)
    assert graph.query("MATCH (:MergedPerson)-[r:WORKS_AT]->() RETURN count(r) AS n") == [{"n": 0}]
    for merge_id in reversed(ids):
        graph.write(unmerge_people, merge_id, decided_by="x", at=AT)
    assert snapshot(graph) == before
    one_by_one = [graph.write(merge_people, k, a, weight=w, decided_by="model", at=AT, why=why)
                  for k, a, w, why in merges]
    assert one_by_one == ids and snapshot(graph) == many
    assert graph.query("MATCH (p:Person {id: 'p-e'}) RETURN p.title AS t") == [{"t": "CTO"}]  # filled
