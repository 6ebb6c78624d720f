"""The Cypher expression of a tie's strength on a day (graph/tie_reads.py) agrees with the
pure rule (referrals.tie_strength.stored_strength_as_of) on real stored ties, and the
path search scores with it while its caps keep ordering by the stored strength."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graph.paths import PathFinder
from graph.tie_reads import strength_as_of, strength_now, strengths_on, tie_params
from referrals.tie_strength import TieStrengthParams
from search.paths import PathQuery

pytestmark = pytest.mark.neo4j

D0 = date(2026, 1, 1)
TIES = [
    ("p-a", "p-b", {"strength": 0.8, "strength_on": D0}),
    ("p-a", "p-c", {"strength": 0.6, "strength_on": D0, "base_strength": 0.3}),
    ("p-a", "p-d", {"strength": 0.8, "strength_on": D0, "confirmed_strength": 0.7}),
    ("p-a", "p-e", {"strength": 0.28, "source": "linkedin", "interactions": 0,
                    "last_interaction": D0 - timedelta(days=400)}),
    ("p-a", "p-f", {"strength": 0.5}),  # undated: as stored
    ("p-a", "p-g", {"strength": 0.05, "strength_on": D0}),
]


@pytest.fixture
def ties(graph):
    people = sorted({x for a, b, _ in TIES for x in (a, b)})
    graph.execute("UNWIND $ids AS id CREATE (:Person {id: id})", ids=people)
    for a, b, props in TIES:
        graph.execute("MATCH (a:Person {id: $a}), (b:Person {id: $b}) "
                      "CREATE (a)-[k:KNOWS]->(b) SET k = $props", a=a, b=b, props=props)
    return graph


@pytest.mark.parametrize("days", [-30, 0, 1, 90, 180, 365, 1000, 5000])
@pytest.mark.parametrize("half_life", [180.0, 60.0])
def test_cypher_and_python_agree(ties, days, half_life):
    today = D0 + timedelta(days=days)
    params = TieStrengthParams(half_life_days=half_life)
    rows = ties.query("MATCH (a:Person)-[k:KNOWS]->(b:Person) RETURN b.id AS b, properties(k) AS props, "
                      + strength_as_of("k") + " AS s", **tie_params(today, params))
    assert len(rows) == len(TIES)
    for r in rows:
        assert r["s"] == pytest.approx(strength_now(dict(r["props"]), today, params), abs=1e-9), r["b"]


def test_strengths_on_reads_pairs_both_ways(ties):
    today = D0 + timedelta(days=180)
    got = strengths_on(ties, {("p-b", "p-a"), ("p-a", "p-d"), ("p-a", "p-zz")}, today)
    assert got[("p-a", "p-b")] == got[("p-b", "p-a")] == 0.425
    assert got[("p-a", "p-d")] == 0.7 and ("p-a", "p-zz") not in got


def test_the_search_scores_with_the_strength_of_its_day(graph):
    graph.execute("CREATE (:Person:Rep {id: 'p-rep'}), (:Person {id: 'p-x', name: 'X'}), "
                  "(:Person {id: 'p-t'})")
    graph.execute("MATCH (r:Person {id: 'p-rep'}), (x:Person {id: 'p-x'}), (t:Person {id: 'p-t'}) "
                  "CREATE (r)-[:KNOWS {strength: 0.8, strength_on: $d0}]->(x), "
                  "(x)-[:KNOWS {strength: 0.9}]->(t)", d0=D0)
    finder = PathFinder(graph)

    def first(days, half_life=180.0):
        query = PathQuery(target="p-t", source="p-rep", today=D0 + timedelta(days=days),
                          tie_half_life_days=half_life)
        return finder.find(query)[0][0]

    assert first(0).strengths == (0.8, 0.9)
    assert first(180).strengths == (0.425, 0.9)
    assert first(90, half_life=90).strengths == (0.425, 0.9)
    assert first(360).score < first(180).score < first(0).score
