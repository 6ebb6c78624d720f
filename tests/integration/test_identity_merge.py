"""graph/identity.py: a merge keeps everything, and an unmerge restores the stored subgraph."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from graph.identity import merge_many, merge_people, reland, relanding_candidates, unmerge_people
from graph.interactions import InteractionLedger, interaction_key, write_interactions
from graph.tie_reads import strengths_on
from graph.workflow_common import native
from referrals.errors import Conflict
from referrals.model import Channel, InteractionRecord
from referrals.tie_merge import combined_tie
from referrals.tie_strength import connection_strength

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
    # sorted here: nodes without an id (a recombined tie's before, :MergedTie) come in any order
    return (sorted(((sorted(n["labels"]), sorted(n["props"].items())) for n in nodes), key=repr),
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


def test_introductions_and_asks_that_named_the_absorbed_person_name_the_kept_one_until_the_undo(graph):
    """The HubSpot half was the referrer of an introduction and of an ask (which goodwill
    counts by referrer id): after the merge they name the kept person, so the person's asks
    are counted whole and the introduction's referrer is found; the undo gives both back."""
    from graph.goodwill import prior_asks_tx

    _world(graph)
    graph.execute("""
    MATCH (rep:Person {id: 'p-rep'}), (c:Person {id: 'p-c'}), (hs:Person {id: 'p-hs'}), (d:Person {id: 'p-d'})
    CREATE (rep)-[:REQUESTED]->(i:Introduction {id: 'in-1', status: 'requested', requester_id: 'p-rep',
             referrer_id: 'p-hs', target_id: 'p-d', path: ['p-rep', 'p-c', 'p-hs', 'p-d']})-[:TO]->(d)
    CREATE (i)-[:THROUGH]->(c), (i)-[:THROUGH]->(hs)
    CREATE (:ReferralAsk {id: 'ra-1', referrer_id: 'p-hs', target_id: 'p-d', client_id: 'c-q',
                          asked_at: datetime('2026-11-20T10:00:00Z')})-[:ASKS]->(hs)
    CREATE (:ReferralAsk {id: 'ra-2', referrer_id: 'p-c', target_id: 'p-hs', client_id: 'c-q',
                          asked_at: datetime('2026-11-21T10:00:00Z')})
    """)
    before = snapshot(graph)
    merge_id = graph.write(merge_people, "p-li", "p-hs", weight=14.2, decided_by="model", at=AT)
    intro = graph.query("MATCH (i:Introduction {id: 'in-1'}) RETURN i {.referrer_id, .path} AS i")[0]["i"]
    assert intro == {"referrer_id": "p-li", "path": ["p-rep", "p-c", "p-li", "p-d"]}
    asks = graph.query("MATCH (a:ReferralAsk) "
                       "RETURN a.id AS id, a.referrer_id AS r, a.target_id AS t ORDER BY a.id")
    assert [(a["id"], a["r"], a["t"]) for a in asks] == [("ra-1", "p-li", "p-d"), ("ra-2", "p-c", "p-li")]
    assert len(graph.read(prior_asks_tx, "p-li")) == 1  # the half's ask counts for the person now
    graph.write(unmerge_people, merge_id, decided_by="someone", at=AT)
    assert snapshot(graph) == before


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


def _both_know(graph) -> None:
    """Zora's LinkedIn and HubSpot halves (and a Salesforce one) all know Rita the rep and
    Theo: a bare LinkedIn connection on one half, logged interactions on the others, stored
    in both directions (HubSpot's tie to Rita runs from the half, LinkedIn's to the half).
    Each logged tie's strength is its evidence's on its last day (referrals.tie_strength)."""
    graph.execute("""
    CREATE (li:Person {id: 'p-li', name: 'Zora Kline', linkedin_url: 'https://www.linkedin.com/in/zora-kline'})
    CREATE (hs:Person {id: 'p-hs', name: 'Zora Kline', email: 'zora.kline@quorbit.com'})
    CREATE (sf:Person {id: 'p-sf', name: 'Zora Kline', email: 'zkline@quorbit.com'})
    CREATE (rep:Person:Rep {id: 'p-rep', name: 'Rita Rep', is_rep: true})
    CREATE (t:Person {id: 'p-t', name: 'Theo Vantora'})
    CREATE (rep)-[:KNOWS {strength: 0.3, interactions: 0, source: 'linkedin',
                          last_interaction: date('2025-03-01')}]->(li)
    CREATE (hs)-[:KNOWS {meetings: 2, emails: 3, interactions: 5, sent_by_a: 1, sent_by_b: 4,
                         first_interaction: date('2026-05-01'), last_interaction: date('2026-11-20'),
                         interaction_keys: ['k1', 'k2', 'k3', 'k4', 'k5'], source: 'interactions',
                         strength: 0.4685, strength_on: date('2026-11-20'),
                         created_at: datetime('2026-11-20T10:00:00Z')}]->(rep)
    CREATE (sf)-[:KNOWS {calls: 1, interactions: 1, sent_by_a: 0, sent_by_b: 1,
                         first_interaction: date('2026-02-01'), last_interaction: date('2026-02-01'),
                         interaction_keys: ['c1'], source: 'interactions', strength: 0.1533,
                         strength_on: date('2026-02-01')}]->(rep)
    CREATE (li)-[:KNOWS {emails: 1, interactions: 1, sent_by_a: 1, sent_by_b: 0,
                         first_interaction: date('2026-01-10'), last_interaction: date('2026-01-10'),
                         interaction_keys: ['e1'], source: 'interactions', strength: 0.0868,
                         strength_on: date('2026-01-10')}]->(t)
    CREATE (hs)-[:KNOWS {meetings: 1, interactions: 1, sent_by_a: 0, sent_by_b: 1,
                         first_interaction: date('2026-09-01'), last_interaction: date('2026-09-01'),
                         interaction_keys: ['m1'], source: 'interactions', strength: 0.2116,
                         strength_on: date('2026-09-01')}]->(t)
    """)


def _ties(graph, a: str, b: str) -> list[dict]:
    return graph.query("MATCH (x:Person {id: $a})-[k:KNOWS]-(y:Person {id: $b}) "
                       "RETURN properties(k) AS props, startNode(k) = x AS out", a=a, b=b)


def test_a_peer_both_halves_know_keeps_one_tie_with_both_evidence_and_the_undo_gives_both_back(graph):
    _both_know(graph)
    before = snapshot(graph)
    today = AT.date()
    halves = strengths_on(graph, {("p-rep", "p-li"), ("p-rep", "p-hs")}, today)
    kept_tie, hs_tie = _ties(graph, "p-li", "p-rep")[0], _ties(graph, "p-hs", "p-rep")[0]

    merge_id = graph.write(merge_people, "p-li", "p-hs", weight=17.3, decided_by="model", at=AT)

    ties = _ties(graph, "p-li", "p-rep")
    assert len(ties) == 1 and ties[0]["out"] is False  # one tie, still stored Rita -> Zora
    tie = native(ties[0]["props"])
    # interactions summed once, initiators turned round (HubSpot's tie ran from Zora), the latest date
    assert (tie["meetings"], tie["emails"], tie["interactions"]) == (2, 3, 5)
    assert (tie["sent_by_a"], tie["sent_by_b"]) == (4, 1)  # a: Rita, the start node
    assert (tie["first_interaction"], tie["last_interaction"]) == (date(2026, 5, 1), date(2026, 11, 20))
    assert tie["interaction_keys"] == ["k1", "k2", "k3", "k4", "k5"]
    assert (tie["source"], tie["sources"]) == ("linkedin", ["interactions", "linkedin"])
    assert tie["recombined"] == [f"{merge_id}>p-rep"]
    expected = combined_tie(native(kept_tie["props"]), native(hs_tie["props"]), flipped=True, today=today)
    assert {k: tie.get(k) for k in expected if expected[k] is not None} == {
        k: v for k, v in expected.items() if v is not None}
    assert tie["base_strength"] == connection_strength(date(2025, 3, 1), today)
    # the ranking reads the one tie: at least as strong as either half was
    now = strengths_on(graph, {("p-rep", "p-li")}, today)[("p-rep", "p-li")]
    assert now == tie["strength"] >= max(halves.values())
    theo = _ties(graph, "p-li", "p-t")
    assert len(theo) == 1 and (theo[0]["props"]["emails"], theo[0]["props"]["meetings"]) == (1, 1)
    # the HubSpot half keeps its own ties, untouched, and nothing else moved for them
    assert graph.query("MATCH (:MergedPerson {id: 'p-hs'})-[k:KNOWS]-(o) RETURN o.id AS o ORDER BY o") == [
        {"o": "p-rep"}, {"o": "p-t"}]
    record = graph.query("MATCH (m:IdentityMerge {id: $m}) RETURN m.moved AS moved, m.recombined AS r",
                         m=merge_id)
    assert record == [{"moved": 0, "r": 2}]

    assert graph.write(unmerge_people, merge_id, decided_by="x", at=AT) == {"merge_id": merge_id,
                                                                           "moved_back": 0}
    assert snapshot(graph) == before
    assert graph.query("MATCH (t:MergedTie) RETURN count(t) AS n") == [{"n": 0}]


def test_recombined_ties_undo_exactly_through_stacked_merges_and_chains(graph):
    """Two merges into one person recombine the same tie twice; a third absorbs that person
    (a chain). Undone last in, first out: the stored graph as before. merge_many writes
    what merge_people one at a time writes."""
    _both_know(graph)
    graph.execute("CREATE (x:Person {id: 'p-x', name: 'Zora K.'}) "
                  "WITH x MATCH (rep:Person {id: 'p-rep'}) "
                  "CREATE (rep)-[:KNOWS {strength: 0.6, source: 'seed', interactions: 4}]->(x)")
    before = snapshot(graph)
    merges = [("p-li", "p-hs", 9.0, "a"), ("p-li", "p-sf", 8.0, "b"), ("p-x", "p-li", 7.0, "chain")]
    one_by_one = [graph.write(merge_people, k, a, weight=w, decided_by="model", at=AT, why=why)
                  for k, a, w, why in merges]
    tie = native(_ties(graph, "p-x", "p-rep"))
    assert len(tie) == 1
    props = tie[0]["props"]
    assert (props["meetings"], props["calls"], props["emails"], props["interactions"]) == (2, 1, 3, 10)
    assert props["recombined"] == [f"{one_by_one[2]}>p-rep"]  # the chain's (p-li's tie holds the others)
    assert props["manual_strength"] == 0.6 and props["strength"] >= 0.6  # the seed's undated 0.6, given today
    assert graph.query("MATCH (:Person)-[k:KNOWS]-(:Person {id: 'p-t'}) RETURN count(k) AS n") == [{"n": 1}]
    stacked = snapshot(graph)
    with pytest.raises(Conflict):
        graph.write(unmerge_people, one_by_one[0], decided_by="x", at=AT)
    for merge_id in reversed(one_by_one):
        graph.write(unmerge_people, merge_id, decided_by="x", at=AT)
        if merge_id == one_by_one[1]:  # the second merge's recombination undone, the first's stands
            left = native(_ties(graph, "p-li", "p-rep")[0]["props"])
            assert (left.get("calls"), left["interactions"], left["recombined"]) == (
                None, 5, [f"{one_by_one[0]}>p-rep"])
    assert snapshot(graph) == before

    many = graph.write(lambda tx: merge_many(tx, merges, decided_by="model", at=AT))
    assert many == one_by_one and snapshot(graph) == stacked  # (the same ids: not undone again here)


def test_interactions_logged_after_a_merge_find_a_moved_tie_either_way_and_count_once(graph):
    """A moved tie keeps its direction, so it may run from the larger id to the smaller; a
    log imported after the merge adds to it (no second tie), and a row counted before the
    merge on the merged-away half is not counted again on the kept person."""
    day = date(2026, 11, 2)
    before_key = interaction_key("p-hs", "p-t", Channel.EMAIL, day)
    graph.execute("""
    CREATE (z:Person {id: 'p-z', name: 'Zora Kline', linkedin_url: 'https://www.linkedin.com/in/zora-kline'})
    CREATE (hs:Person {id: 'p-hs', name: 'Zora Kline', email: 'zora.kline@quorbit.com'})
    CREATE (t:Person {id: 'p-t', name: 'Theo Vantora'})
    CREATE (hs)-[:KNOWS {emails: 1, interactions: 1, sent_by_a: 1, sent_by_b: 0, first_interaction: $day,
                         last_interaction: $day, interaction_keys: [$key], source: 'interactions',
                         strength: 0.1, strength_on: $day}]->(t)
    """, day=day, key=before_key)
    graph.write(merge_people, "p-z", "p-hs", weight=None, decided_by="model", at=AT)
    assert [t["out"] for t in _ties(graph, "p-z", "p-t")] == [True]  # p-z -> p-t: larger to smaller id

    ledger = InteractionLedger()
    log = [InteractionRecord("p-z", "p-t", Channel.EMAIL, day),  # the row logged before, as it lands now
           InteractionRecord("p-t", "p-z", Channel.MEETING, date(2026, 11, 20))]
    counts = write_interactions(graph, [ledger.pair(it) for it in log], today=date(2026, 11, 20))
    assert (counts.created, counts.updated) == (0, 1)
    ties = _ties(graph, "p-z", "p-t")
    assert len(ties) == 1
    tie = native(ties[0]["props"])
    # the email counted once; the meeting from Theo counts for the tie's end node (b: Theo)
    assert (tie["emails"], tie["meetings"], tie["interactions"]) == (1, 1, 2)
    assert (tie["sent_by_a"], tie["sent_by_b"]) == (1, 1)
    assert tie["last_interaction"] == date(2026, 11, 20) and tie["strength_on"] == date(2026, 11, 20)


def test_a_tie_import_after_a_merge_finds_the_moved_tie_either_way(graph):
    """The same moved tie (p-z -> p-t, larger id to smaller) and a graph-json file naming the
    pair again: the import updates that tie, it does not store a second one."""
    import io
    import json

    from graph.importing import run_import

    graph.execute("""
    CREATE (:Person {id: 'p-z', name: 'Zora Kline'})
    CREATE (hs:Person {id: 'p-hs', name: 'Zora Kline', email: 'zora.kline@quorbit.com'})
    CREATE (t:Person {id: 'p-t', name: 'Theo Vantora'})
    CREATE (hs)-[:KNOWS {strength: 0.2, interactions: 1, source: 'import'}]->(t)
    """)
    graph.write(merge_people, "p-z", "p-hs", weight=None, decided_by="model", at=AT)
    assert [t["out"] for t in _ties(graph, "p-z", "p-t")] == [True]
    doc = {"source": "partner", "ties": [{"a": "p-t", "b": "p-z", "strength": 0.6, "interactions": 4}]}
    report = run_import(graph, io.BytesIO(json.dumps(doc).encode()), "graph-json", source="partner",
                        today=date(2026, 11, 20))
    assert report.error_count == 0 and report.created == 0, report.as_dict()
    ties = _ties(graph, "p-z", "p-t")
    assert len(ties) == 1
    assert (ties[0]["props"]["strength"], ties[0]["props"]["interactions"]) == (0.6, 4)


def test_a_relanded_tie_to_someone_the_person_knows_is_recombined_and_undone_with_the_merge(graph):
    """An import re-created the merged-away half (by its address) with a tie to Theo, whom
    the kept person knows: one tie on her with both's evidence, the row's on the half; the
    undo gives her tie back as it was, and the half keeps the row's."""
    graph.execute("""
    CREATE (z:Person {id: 'p-z', name: 'Zora Kline', email: 'zora@kline.example'})
    CREATE (hs:Person {id: 'p-hs', name: 'Zora Kline', email: 'zora.kline@quorbit.com'})
    CREATE (t:Person {id: 'p-t', name: 'Theo Vantora'})
    CREATE (t)-[:KNOWS {emails: 2, interactions: 2, sent_by_a: 2, sent_by_b: 0,
                        last_interaction: date('2026-10-01'), interaction_keys: ['e1', 'e2'],
                        source: 'interactions', strength: 0.2, strength_on: date('2026-10-01')}]->(z)
    """)
    kept_before = _ties(graph, "p-z", "p-t")[0]["props"]
    merge_id = graph.write(merge_people, "p-z", "p-hs", weight=None, decided_by="model", at=AT)
    graph.execute("""
    CREATE (x:Person {id: 'p-x', name: 'Zora Kline', email: 'zora.kline@quorbit.com'})
    WITH x MATCH (t:Person {id: 'p-t'})
    CREATE (t)-[:KNOWS {meetings: 1, interactions: 1, sent_by_a: 0, sent_by_b: 1,
                        last_interaction: date('2026-11-25'), interaction_keys: ['m1'],
                        source: 'interactions', strength: 0.2, strength_on: date('2026-11-25')}]->(x)
    """)
    row_tie = _ties(graph, "p-x", "p-t")[0]["props"]
    [hit] = relanding_candidates(graph, ["p-x"])
    assert graph.write(reland, hit) == {"moved": 1}

    ties = _ties(graph, "p-z", "p-t")
    assert len(ties) == 1
    tie = native(ties[0]["props"])
    assert (tie["emails"], tie["meetings"], tie["interactions"]) == (2, 1, 3)
    assert (tie["sent_by_a"], tie["sent_by_b"]) == (2, 1)
    assert tie["recombined"] == [f"{merge_id}>p-t>p-x"]
    parked = graph.query("MATCH (:MergedPerson {id: 'p-hs'})-[k:KNOWS]-(:Person {id: 'p-t'}) "
                         "RETURN properties(k) AS props")
    assert parked == [{"props": row_tie}]
    assert graph.query("MATCH (m:IdentityMerge {id: $m}) RETURN m.recombined AS n", m=merge_id) == [{"n": 1}]

    graph.write(unmerge_people, merge_id, decided_by="x", at=AT)
    assert _ties(graph, "p-z", "p-t")[0]["props"] == kept_before
    assert _ties(graph, "p-hs", "p-t")[0]["props"] == row_tie
    assert graph.query("MATCH (t:MergedTie) RETURN count(t) AS n") == [{"n": 0}]
