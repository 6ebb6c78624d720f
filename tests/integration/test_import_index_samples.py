"""An import ends with fresh index samples (graph/index_samples.py): the statements planned
right after it, such as the reach refresh's, must not trust the samples of the database as
it was before (docs/imports.md, "Stale index samples")."""

from __future__ import annotations

import io

from graph.importers.graph_json import write_graph_json
from graph.importing import run_import
from graph.opportunities import REFERRER_TIES
from seed.generator import generate


def operators(graph, cypher: str) -> set[str]:
    with graph.driver.session(database=graph.database) as session:
        plan = session.run("CYPHER replan=force EXPLAIN " + cypher).consume().plan

    def walk(node):
        yield node["operatorType"].split("@")[0]
        for child in node.get("children", []):
            yield from walk(child)

    return set(walk(plan))


def test_the_statements_after_an_import_are_planned_on_its_people(graph):
    # the samples of the empty database, as after the bench's wipe
    graph.query("CALL db.resampleIndex('person_id')")
    network = generate(600, seed=5)
    out = io.StringIO()
    write_graph_json(out, source="seed", companies=list(network.companies()), people=list(network.people()),
                     employments=list(network.employments()), ties=list(network.ties()))
    report = run_import(graph, io.BytesIO(out.getvalue().encode()), "graph-json", today=network.today)
    assert report.created > 600

    plan = operators(graph, REFERRER_TIES)
    # from each client employee by the id index, not a scan of every person per employee
    assert "NodeUniqueIndexSeek" in plan
    assert "NodeIndexScan" not in plan
    assert "NodeByLabelScan" not in plan
