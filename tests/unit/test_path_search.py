"""The path search over a fetched neighbourhood, checked against networkx's Yen.

Pure: no database. The neighbourhood is built by hand (or at random), as if fetched.
"""

import math
import random
from itertools import pairwise

import networkx as nx
import pytest

from referrals.scoring import DEFAULT_WEIGHTS, PersonFacts, edge_cost
from search.paths import Neighbourhood, best_paths, last_hop_cost


def hood(ties, sources, targets):
    return Neighbourhood(sources=set(sources), targets=set(targets),
                         ties={(min(a, b), max(a, b)): s for a, b, s in ties})


def path_cost(nodes, h, facts):
    cost = sum(edge_cost(h.strength(a, b)) for a, b in pairwise(nodes))
    return cost + last_hop_cost(nodes[-2], nodes[-1], facts, DEFAULT_WEIGHTS, direct=len(nodes) == 2)


def test_strong_chain_beats_weak_chain():
    h = hood([("rep", "a", 0.9), ("a", "t", 0.9), ("rep", "b", 0.3), ("b", "t", 0.3)], ["rep"], ["t"])
    paths = best_paths(h, {}, 3, DEFAULT_WEIGHTS)
    assert [p for p, _ in paths] == [["rep", "a", "t"], ["rep", "b", "t"]]


def test_ideal_client_referrer_beats_poor_client_with_equal_ties():
    facts = {
        "good": PersonFacts(id="good", company_status="client", company_icp=0.95, company_health=0.9),
        "poor": PersonFacts(id="poor", company_status="client", company_icp=0.2, company_health=0.2),
    }
    h = hood([("rep", "good", 0.6), ("good", "t", 0.6), ("rep", "poor", 0.6), ("poor", "t", 0.6)],
             ["rep"], ["t"])
    assert best_paths(h, facts, 3, DEFAULT_WEIGHTS)[0][0] == ["rep", "good", "t"]


def test_hop_limit_is_respected():
    chain = [("rep", "a", 0.9), ("a", "b", 0.9), ("b", "c", 0.9), ("c", "t", 0.9)]
    h = hood(chain, ["rep"], ["t"])
    assert best_paths(h, {}, 3, DEFAULT_WEIGHTS) == []
    assert best_paths(h, {}, 4, DEFAULT_WEIGHTS)[0][0] == ["rep", "a", "b", "c", "t"]


def test_company_target_path_ends_at_first_employee_reached():
    # t1 and t2 both work at the target company; a path may not run through t1 to t2
    h = hood([("rep", "a", 0.9), ("a", "t1", 0.9), ("t1", "t2", 0.99)], ["rep"], ["t1", "t2"])
    found = [p for p, _ in best_paths(h, {}, 3, DEFAULT_WEIGHTS)]
    assert found == [["rep", "a", "t1"]]


def test_one_path_per_referrer_by_default_more_when_relaxed():
    ties = [("rep", "x", 0.9), ("rep", "y", 0.8), ("x", "r", 0.9), ("y", "r", 0.8), ("r", "t", 0.9)]
    h = hood(ties, ["rep"], ["t"])
    assert [p for p, _ in best_paths(h, {}, 3, DEFAULT_WEIGHTS)] == [["rep", "x", "r", "t"]]
    relaxed = [p for p, _ in best_paths(h, {}, 3, DEFAULT_WEIGHTS, per_referrer=2)]
    assert relaxed == [["rep", "x", "r", "t"], ["rep", "y", "r", "t"]]


def yen_optimum(h, facts, max_hops):
    """The true optimum by networkx's Yen over the whole (small) graph."""
    g = nx.DiGraph()
    for (a, b), s in h.ties.items():
        for u, v in ((a, b), (b, a)):
            if v in h.sources or u in h.targets:
                continue
            if v in h.targets:
                direct = u in h.sources
                g.add_edge(u, ("end", v), weight=edge_cost(s) + last_hop_cost(u, v, facts, DEFAULT_WEIGHTS,
                                                                              direct))
                g.add_edge(("end", v), "T*", weight=0.0)
            else:
                g.add_edge(u, v, weight=edge_cost(s))
    for s in h.sources:
        g.add_edge("S*", s, weight=0.0)
    if "T*" not in g or "S*" not in g or not nx.has_path(g, "S*", "T*"):
        return None
    # Yen's first path is the unconstrained optimum; when it fits the hop budget it must
    # be ours. Otherwise fall back to exhausting the bounded simple paths.
    first = next(nx.shortest_simple_paths(g, "S*", "T*", weight="weight"))
    if len(first) - 3 <= max_hops:
        return first[1:-2] + [first[-2][1]], nx.path_weight(g, first, "weight")
    bounded = [p for p in nx.all_simple_paths(g, "S*", "T*", cutoff=max_hops + 2)]
    if not bounded:
        return None
    best = min(bounded, key=lambda p: nx.path_weight(g, p, "weight"))
    return best[1:-2] + [best[-2][1]], nx.path_weight(g, best, "weight")


@pytest.mark.parametrize("seed", range(40))
def test_top_path_is_the_true_optimum_of_the_cost(seed):
    rng = random.Random(seed)
    people = [f"p{i:02d}" for i in range(rng.randint(8, 25))]
    ties = set()
    for _ in range(rng.randint(10, 60)):
        a, b = rng.sample(people, 2)
        ties.add((min(a, b), max(a, b), round(rng.uniform(0.05, 1.0), 3)))
    unique = {(a, b): s for a, b, s in ties}
    sources = rng.sample(people, rng.randint(1, 3))
    targets = rng.sample([p for p in people if p not in sources], rng.randint(1, 3))
    facts = {p: PersonFacts(id=p, company_status=rng.choice(["client", "prospect", None]),
                            company_icp=rng.random(), company_health=rng.random(),
                            intros_made=rng.randint(0, 3)) for p in people}
    h = Neighbourhood(set(sources), set(targets), unique)
    max_hops = rng.randint(1, 4)
    expected = yen_optimum(h, facts, max_hops)
    found = best_paths(h, facts, max_hops, DEFAULT_WEIGHTS)
    if expected is None:
        assert found == []
        return
    assert found, "the search missed an existing path"
    best_nodes, best_cost = found[0]
    assert math.isclose(best_cost, expected[1], rel_tol=1e-9)
    assert math.isclose(path_cost(best_nodes, h, facts), expected[1], rel_tol=1e-9)
    assert len(best_nodes) - 1 <= max_hops
    assert len(set(best_nodes)) == len(best_nodes)
    costs = [c for _, c in found]
    assert costs == sorted(costs)
