"""The one-path-per-referrer search (relaxing the hop layers in order) against networkx's
Dijkstra over the layered graph it replaced: the same cheapest path through every referrer."""

import math
import random

import networkx as nx
import pytest

from referrals.scoring import DEFAULT_WEIGHTS, PersonFacts
from search.paths import Neighbourhood, best_paths, layered_graph


def dijkstra_per_referrer(h, facts, max_hops):
    """The search as it was: Dijkstra from S* over `layered_graph`, the cheapest node of each
    referrer plus its best target."""
    g = layered_graph(h, facts, max_hops, DEFAULT_WEIGHTS)
    if "S*" not in g or "T*" not in g:
        return {}
    dist, paths = nx.single_source_dijkstra(g, "S*", weight="weight")
    best = {}
    for node, data in g.nodes(data=True):
        targets = data.get("target_for")
        if not targets or node not in dist:
            continue
        cost = dist[node] + min(targets.values())
        if node[0] not in best or cost < best[node[0]][0]:
            people = [n[0] for n in paths[node][1:]] + [min(targets, key=targets.get)]
            best[node[0]] = (cost, people)
    return best


@pytest.mark.parametrize("seed", range(60))
def test_the_same_cheapest_path_through_every_referrer(seed):
    rng = random.Random(seed)
    people = [f"p{i:02d}" for i in range(rng.randint(6, 40))]
    ties = {}
    for _ in range(rng.randint(8, 150)):
        a, b = sorted(rng.sample(people, 2))
        ties[(a, b)] = rng.uniform(0.05, 1.0)
    sources = set(rng.sample(people, rng.randint(1, 3)))
    targets = set(rng.sample([p for p in people if p not in sources], rng.randint(1, 4)))
    facts = {p: PersonFacts(id=p, company_status=rng.choice(["client", "prospect", None]),
                            company_icp=rng.random(), company_health=rng.random(),
                            intros_made=rng.randint(0, 3)) for p in people}
    h = Neighbourhood(sources, targets, ties)
    max_hops = rng.randint(1, 4)
    expected = dijkstra_per_referrer(h, facts, max_hops)
    found = best_paths(h, facts, max_hops, DEFAULT_WEIGHTS, wanted=1000)
    assert {path[-2] if len(path) > 2 else path[0] for path, _ in found} == set(expected)
    for path, cost in found:
        referrer = path[-2] if len(path) > 2 else path[0]
        want_cost, want_path = expected[referrer]
        assert math.isclose(cost, want_cost, rel_tol=1e-12)
        assert path == want_path  # random strengths: no two paths cost the same
    assert [c for _, c in found] == sorted(c for _, c in found)
