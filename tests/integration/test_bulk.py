"""The bulk writer against the real server: idempotent, counted, nothing half-written."""

import time
from datetime import date

from graph.bulk import BulkWriter, ImportWriter, company_row, person_row, tie_columns
from referrals.model import (
    CompanyRecord,
    CompanyStatus,
    EmploymentRecord,
    PastIntroduction,
    PersonRecord,
    TieRecord,
)

COMPANIES = [
    CompanyRecord("c-1", "Acme Inc.", domain="acme.com", status=CompanyStatus.CLIENT,
                  industry="software", employees=800, region="EMEA", health=0.9),
    CompanyRecord("c-2", "Globex", domain="globex.com", status=CompanyStatus.PROSPECT,
                  industry="government", employees=50, region="APAC"),
]
PEOPLE = [
    PersonRecord("p-rep", "Riley Rep", email="riley@us.example", is_rep=True),
    PersonRecord("p-1", "Dana Lee", email="dana@acme.com", title="CFO"),
    PersonRecord("p-2", "Sam Park", email="sam@globex.com", title="VP Sales"),
]
TIES = [TieRecord("p-rep", "p-1", 0.8, 12, date(2026, 10, 1)), TieRecord("p-2", "p-1", 0.6)]


def load(writer):
    return (writer.companies(COMPANIES), writer.people(PEOPLE),
            writer.employments([EmploymentRecord("p-1", "c-1", "CFO"), EmploymentRecord("p-2", "c-2")]),
            writer.ties(TIES))


def test_first_load_creates_everything(graph):
    companies, people, jobs, ties = load(BulkWriter(graph))
    assert (companies.created, people.created, jobs.created, ties.created) == (2, 3, 2, 2)
    rows = graph.query("MATCH (a:Person)-[k:KNOWS]->(b:Person) RETURN a.id AS a, b.id AS b ORDER BY a, b")
    # stored once per pair, from the smaller id to the larger
    assert rows == [{"a": "p-1", "b": "p-2"}, {"a": "p-1", "b": "p-rep"}]
    assert graph.query("MATCH (r:Rep) RETURN r.id AS id") == [{"id": "p-rep"}]


def test_second_load_changes_nothing(graph):
    load(BulkWriter(graph))
    before = graph.query("MATCH (n) RETURN count(n) AS n")[0]["n"]
    companies, people, jobs, ties = load(BulkWriter(graph))
    assert companies.created == people.created == jobs.created == ties.created == 0
    assert companies.updated == people.updated == jobs.updated == ties.updated == 0
    assert (companies.unchanged, people.unchanged, ties.unchanged) == (2, 3, 2)
    assert graph.query("MATCH (n) RETURN count(n) AS n")[0]["n"] == before
    assert graph.query("MATCH ()-[k:KNOWS]->() RETURN count(k) AS n")[0]["n"] == 2


def test_changed_values_are_updated_and_unknown_ones_kept(graph):
    writer = BulkWriter(graph)
    load(writer)
    counts = writer.people([PersonRecord("p-1", "Dana Lee", email=None, title="CEO")])
    assert counts.updated == 1
    row = graph.query("MATCH (p:Person {id: 'p-1'}) RETURN p.title AS t, p.email AS e")[0]
    assert row == {"t": "CEO", "e": "dana@acme.com"}  # a blank email did not erase the known one


def test_ties_to_unknown_people_are_reported_not_written(graph):
    writer = BulkWriter(graph)
    load(writer)
    counts = writer.ties([TieRecord("p-1", "p-ghost", 0.5), TieRecord("p-2", "p-rep", 0.4)])
    assert counts.created == 1 and counts.missing == [0]


def test_icp_score_is_stored_with_met_and_missed(graph):
    BulkWriter(graph).companies(COMPANIES)
    rows = {r["id"]: r for r in graph.query(
        "MATCH (c:Company) RETURN c.id AS id, c.icp_score AS score, c.icp_missed AS missed")}
    assert rows["c-1"]["score"] == 1.0
    assert rows["c-2"]["score"] == 0.0 and rows["c-2"]["missed"]


def test_introduction_history_links_requester_referrer_and_target(graph):
    writer = BulkWriter(graph)
    load(writer)
    writer.introductions([PastIntroduction("i-1", "p-rep", ["p-rep", "p-1", "p-2"], "won", date(2026, 5, 1))])
    row = graph.query("""MATCH (r:Person)-[:REQUESTED]->(i:Introduction)-[:TO]->(t:Person),
                         (i)-[:THROUGH]->(v:Person)
                         RETURN r.id AS r, v.id AS v, t.id AS t, i.referrer_id AS ref, i.status AS s""")
    assert row == [{"r": "p-rep", "v": "p-1", "t": "p-2", "ref": "p-1", "s": "won"}]


SNAPSHOT = """
MATCH (n) WHERE n:Person OR n:Company
WITH collect([labels(n), properties(n)]) AS nodes
MATCH (a)-[r]->(b)
WITH nodes, collect([a.id, type(r), b.id, properties(r)]) AS rels
RETURN nodes, rels
"""


# when a node was written, and when the reach a client keeps was last searched (a seed load
# keeps every client's: graph/entry_points.py): times, not what was stored
WHEN = frozenset({"created_at", "reach_at", "entry_points_at"})


def snapshot(graph):
    """Every Person/Company and relationship with its properties, the times (WHEN) left out."""
    row = graph.query(SNAPSHOT)[0]

    def plain(props):
        return tuple(sorted((k, str(v)) for k, v in props.items() if k not in WHEN))

    nodes = sorted((tuple(sorted(labels)), plain(props)) for labels, props in row["nodes"])
    rels = sorted((a, kind, b, plain(props)) for a, kind, b, props in row["rels"])
    return nodes, rels


def test_initial_load_stores_what_the_merge_path_stores(graph):
    # CREATE with internal ids on two writer threads, against MERGE with a tally
    batch = 2  # several batches per phase, so the writers really run side by side
    counts = load(BulkWriter(graph, batch_size=batch, initial_load=True))
    assert [c.created for c in counts] == [2, 3, 2, 2]
    fast = snapshot(graph)
    # the date travels as ISO text and must land as a DATE (str() alone would not tell)
    assert graph.query("MATCH ()-[k:KNOWS]->() WHERE k.last_interaction IS NOT NULL "
                       "AND k.last_interaction IS :: DATE RETURN count(k) AS n")[0]["n"] == 1
    graph.execute("MATCH (n) DETACH DELETE n")
    load(BulkWriter(graph, batch_size=batch))
    assert snapshot(graph) == fast
    assert len(fast[1]) == 4  # 2 WORKS_AT + 2 KNOWS


def test_initial_load_reports_ties_to_unknown_people(graph):
    writer = BulkWriter(graph, initial_load=True)
    writer.people(PEOPLE)
    counts = writer.ties([TieRecord("p-1", "p-2", 0.5), TieRecord("p-1", "p-ghost", 0.5)])
    assert (counts.created, counts.missing) == (1, [1])
    assert graph.query("MATCH ()-[k:KNOWS]->() RETURN count(k) AS n")[0]["n"] == 1


def test_seeding_twice_takes_the_merge_path_and_adds_nothing(graph):
    from cli.seed import load_network

    load_network(graph, 300, seed=3)  # empty database: the CREATE path
    first = snapshot(graph)
    load_network(graph, 300, seed=3)  # not empty: MERGE, nothing new
    assert snapshot(graph) == first
    assert len(first[1]) > 1000


class _SlowWrites:
    """The test graph with each write transaction held back a moment, so a queued batch is
    still on its way when the next read comes (every read and write still goes to Neo4j)."""

    def __init__(self, graph, seconds: float = 0.5):
        self._graph, self._seconds = graph, seconds

    def write(self, work, *args, **kwargs):
        time.sleep(self._seconds)
        return self._graph.write(work, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._graph, name)


def test_the_import_writers_reads_see_the_writes_queued_before_them(graph):
    # the importer reads what is stored for a chunk while the chunk before it may still be
    # writing: the writer's reads wait for its queue, else a tie would be created twice
    writer = ImportWriter(_SlowWrites(graph), batch_size=1)
    try:
        companies = writer.upsert_nodes("Company", [company_row(c) for c in COMPANIES])
        people = writer.upsert_nodes("Person", [person_row(p) for p in PEOPLE])
        columns, missing = tie_columns(TIES, people)
        assert missing == []
        writer.create_ties(columns)
        jobs = ([people["p-1"], people["p-2"]], [companies["c-1"], companies["c-2"]],
                [{"title": "CFO"}, {"title": "VP Sales"}])
        writer.create_employments(list(zip(*jobs, strict=True)))
        found, changed = writer.stored_ties(TIES, columns)
        assert (found, changed) == ({0, 1}, [])
        found, changed = writer.stored_employments(*jobs)
        assert (found, changed) == ({0, 1}, {})
    finally:
        writer.close()
    assert graph.query("MATCH ()-[k:KNOWS]->() RETURN count(k) AS n")[0]["n"] == 2
