"""Ties and jobs between nodes an import created are written without reading them first
(graph/importing.py `_fresh`): a pair repeated in a later chunk is still one relationship
with the larger values, and a pair with an end that existed before is still read."""

from __future__ import annotations

import io
import json
from datetime import date

from graph.importing import run_import

TODAY = date(2026, 11, 1)


def imp(graph, doc: dict, **kw):
    return run_import(graph, io.BytesIO(json.dumps(doc).encode()), "graph-json", today=TODAY, **kw)


def people(*names: str) -> list[dict]:
    return [{"id": n, "name": n.title(), "email": f"{n}@acme.com"} for n in names]


def knows(graph) -> list[tuple[str, str, float, int]]:
    return [(r["a"], r["b"], r["s"], r["n"]) for r in graph.query(
        "MATCH (a:Person)-[k:KNOWS]->(b:Person) RETURN a.id AS a, b.id AS b, k.strength AS s, "
        "k.interactions AS n ORDER BY a, b")]


def test_a_tie_between_new_people_repeated_in_a_later_chunk_is_one_tie_with_the_larger_values(graph):
    doc = {"people": people("ann", "bob", "cyd"),
           "ties": [{"a": "ann", "b": "bob", "strength": 0.3, "interactions": 2},
                    {"a": "ann", "b": "cyd", "strength": 0.4},
                    {"a": "bob", "b": "ann", "strength": 0.6, "interactions": 5}]}
    # chunks of 4 rows: the three people and ann-bob, then ann-cyd and bob-ann
    report = imp(graph, doc, batch_size=4)
    assert (report.created, report.updated, report.unchanged, report.error_count) == (5, 1, 0, 0)
    assert knows(graph) == [("ann", "bob", 0.6, 5), ("ann", "cyd", 0.4, 0)]

    again = imp(graph, doc, batch_size=4)  # nothing new: every pair is read, nothing written
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert knows(graph) == [("ann", "bob", 0.6, 5), ("ann", "cyd", 0.4, 0)]


def test_a_job_of_a_new_person_given_twice_is_one_employment(graph):
    imp(graph, {"companies": [{"id": "acme", "name": "Acme", "domain": "acme.com"}]})
    doc = {"people": [{"id": "dee", "name": "Dee", "email": "dee@acme.com", "company_id": "acme",
                       "title": "CFO"}],
           "employments": [{"person_id": "dee", "company_id": "acme", "title": "Finance chief"}]}
    report = imp(graph, doc, batch_size=1)  # the person's job, then the same job a chunk later
    assert (report.created, report.updated, report.error_count) == (2, 1, 0)
    jobs = graph.query("MATCH (:Person {id: 'dee'})-[w:WORKS_AT]->(c:Company) RETURN c.id AS c, "
                       "w.title AS title")
    assert jobs == [{"c": "acme", "title": "Finance chief"}]


def test_ties_with_an_end_that_existed_before_are_read_and_never_doubled(graph):
    imp(graph, {"people": people("ann", "bob"),
                "ties": [{"a": "ann", "b": "bob", "strength": 0.9, "interactions": 7}]})
    doc = {"people": people("ann", "bob", "eve"),
           "ties": [{"a": "bob", "b": "ann", "strength": 0.5},   # stored and stronger: unchanged
                    {"a": "eve", "b": "ann", "strength": 0.4},   # new person, existing one: new tie
                    {"a": "eve", "b": "bob", "strength": 0.2}]}
    report = imp(graph, doc, batch_size=2)
    # eve and her two ties created; ann, bob and their tie unchanged
    assert (report.created, report.updated, report.unchanged, report.error_count) == (3, 0, 3, 0)
    assert knows(graph) == [("ann", "bob", 0.9, 7), ("ann", "eve", 0.4, 0), ("bob", "eve", 0.2, 0)]
