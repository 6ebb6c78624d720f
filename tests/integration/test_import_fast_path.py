"""User imports through the fast writer, against the real server: a graph-json import
lands exactly what the seed loader writes, a re-import writes nothing, and only rows that
change something are written and counted as updated."""

from __future__ import annotations

import io
import json
from dataclasses import replace

from graph.bulk import BulkWriter
from graph.identity_keys import KEY_PROPERTIES
from graph.importers.graph_json import write_graph_json
from graph.importing import run_import
from seed.generator import generate

# the importer also writes each person's identity blocking keys (graph/identity_keys.py), which
# the seed's bulk loader leaves to the identity run (graph.identity_reads.rekey_stale)
DROP = {"created_at", *KEY_PROPERTIES}


def snapshot(graph):
    # the imports' manifest (graph/import_manifest.py) is their bookkeeping, not the network
    nodes = graph.query("MATCH (n) WHERE NOT n:ImportManifest RETURN labels(n) AS l, properties(n) AS p")
    rels = graph.query("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, properties(r) AS p, b.id AS b")
    for row in nodes + rels:
        row["p"] = {k: v for k, v in row["p"].items() if k not in DROP}
    key = lambda x: json.dumps(x, sort_keys=True, default=str)  # noqa: E731
    return sorted(map(key, nodes)), sorted(map(key, rels))


def network_records(people=150, seed=5):
    network = generate(people, seed=seed)
    return network, {"companies": list(network.companies()), "people": list(network.people()),
                     "employments": list(network.employments()), "ties": list(network.ties())}


def as_file(records) -> bytes:
    out = io.StringIO()
    write_graph_json(out, source="seed", **records)
    return out.getvalue().encode()


def imp(graph, data: bytes, today, **kw):
    return run_import(graph, io.BytesIO(data), "graph-json", today=today, **kw)


def test_a_graph_json_import_lands_what_the_seed_writes_and_again_writes_nothing(graph):
    network, records = network_records()
    writer = BulkWriter(graph, initial_load=True)
    for kind in ("companies", "people", "employments", "ties"):
        getattr(writer, kind)(records[kind])
    seeded = snapshot(graph)
    graph.execute("MATCH (n) DETACH DELETE n")

    data = as_file(records)
    report = imp(graph, data, network.today, batch_size=300)  # many chunks, several batches each
    total = sum(len(v) for v in records.values())
    assert (report.created, report.updated, report.unchanged, report.error_count) == (total, 0, 0, 0)
    assert report.rows == total
    assert snapshot(graph) == seeded

    again = imp(graph, data, network.today, batch_size=300)
    assert (again.created, again.updated, again.unchanged, again.error_count) == (0, 0, total, 0)
    assert snapshot(graph) == seeded


def test_only_rows_that_change_something_are_written(graph):
    network, records = network_records(people=80, seed=11)
    imp(graph, as_file(records), network.today)
    ties, jobs, people = records["ties"], records["employments"], records["people"]
    t0, t1, t2 = ties[0], ties[1], ties[2]
    stronger = replace(t0, strength=min(1.0, t0.strength + 0.05) if t0.strength < 1 else t0.strength)
    assert stronger.strength > t0.strength
    weaker = replace(t1, strength=t1.strength / 2, interactions=0)  # a file never weakens a tie
    later = replace(t2, last_interaction=network.today)
    assert t2.last_interaction < network.today
    retitled_job = replace(jobs[0], title="Chief Referral Officer")
    retitled = replace(people[-1], title="Head of Partnerships")
    changed = {**records, "ties": [stronger, weaker, later, *ties[3:]],
               "employments": [retitled_job, *jobs[1:]], "people": [*people[:-1], retitled]}
    total = sum(len(v) for v in records.values())

    report = imp(graph, as_file(changed), network.today, batch_size=100)
    assert (report.created, report.updated, report.error_count) == (0, 4, 0)
    assert report.unchanged == total - 4

    def tie(t):
        a, b = sorted((t.a, t.b))
        return graph.query("MATCH (:Person {id: $a})-[k:KNOWS]->(:Person {id: $b}) RETURN k.strength AS s, "
                           "k.interactions AS n, toString(k.last_interaction) AS last", a=a, b=b)

    assert tie(t0) == [{"s": stronger.strength, "n": t0.interactions,
                         "last": t0.last_interaction.isoformat()}]
    assert tie(t1) == [{"s": t1.strength, "n": t1.interactions,
                         "last": t1.last_interaction.isoformat()}]
    assert tie(t2)[0]["last"] == network.today.isoformat()
    assert graph.query("MATCH (:Person {id: $p})-[w:WORKS_AT]->(:Company {id: $c}) RETURN w.title AS t",
                       p=jobs[0].person_id, c=jobs[0].company_id) == [{"t": "Chief Referral Officer"}]
    assert graph.query("MATCH (p:Person {id: $p}) RETURN p.title AS t", p=people[-1].id) == [
        {"t": "Head of Partnerships"}]


def test_bad_rows_in_a_long_file_are_reported_on_their_lines_and_the_rest_lands(graph):
    network, records = network_records(people=80, seed=13)
    text = as_file(records).decode()
    lines = text.split("\n")
    ties_at = next(i for i, line in enumerate(lines) if line.startswith('"ties"'))
    # the 40th tie names nobody, the 90th is not a tie: both mid-file, in different chunks
    lines[ties_at + 40] = json.dumps({"a": records["people"][0].id, "b": "p-nobody", "strength": 0.5}) + ","
    lines[ties_at + 90] = json.dumps({"a": records["people"][0].id, "b": records["people"][1].id,
                                      "strength": 2}) + ","
    report = imp(graph, "\n".join(lines).encode(), network.today, batch_size=25)
    assert [(e["line"], e["field"], e["pointer"]) for e in report.errors] == [
        (ties_at + 41, "b", "/ties/39"), (ties_at + 91, "strength", "/ties/89")]
    assert "'p-nobody' is not in the graph" in report.errors[0]["detail"]
    stored = graph.query("MATCH (:Person)-[k:KNOWS]->(:Person) RETURN count(k) AS n")[0]["n"]
    assert stored == len(records["ties"]) - 2
