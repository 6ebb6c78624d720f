"""Referral path search over plain data: no database, no web.

Given a neighbourhood (the ties that can lie on a path, fetched by graph/paths.py) and
the facts of the people in it:

1. build a hop-layered networkx DiGraph, pruned to nodes that can still reach a target
   within the hop budget, each edge weighted by the additive cost of the scoring model
   (``-log`` of chain, length, referrer quality and target fit, see docs/ranking.md);
2. the cheapest path to every possible referrer (the default: one path per referrer) is
   one pass over the layers, each person's cheapest cost at each hop relaxed from the
   hop before (the graph is a DAG by hop, so this is Dijkstra's answer; no graph object
   is built, see ``_cheapest_per_referrer``); ``per_referrer > 1`` builds the networkx
   DiGraph and switches to Yen's k-shortest simple paths over it;
3. ``rank_paths`` scores the candidates with ``referrals.scoring`` (which adds connector
   centrality), blends in the calibrated model, applies diversity and names the runner-up.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any

import networkx as nx

from referrals import calibration
from referrals.calibration import CalibratedModel
from referrals.consent import hidden_people
from referrals.explain import TieEvidence
from referrals.scoring import (
    PersonFacts,
    ScoredPath,
    ScoringWeights,
    edge_cost,
    referrer_quality,
    rerank,
    score_path,
    target_factor,
)
from referrals.tie_strength import TieStrengthParams

MAX_HOPS_ALLOWED = 4


@dataclass
class PathQuery:
    target: str
    source: str | None = None
    max_hops: int = 3
    limit: int = 10
    per_referrer: int = 1
    today: date = field(default_factory=date.today)
    # tie strengths are read as of `today`, decaying with this half-life (docs/ranking.md)
    tie_half_life_days: float = TieStrengthParams().half_life_days


@dataclass
class Neighbourhood:
    sources: set[str]
    targets: set[str]
    ties: dict[tuple[str, str], float]  # (smaller id, larger id) -> strength (confirmed first)
    evidence: dict[tuple[str, str], TieEvidence] = field(default_factory=dict)

    def strength(self, u: str, v: str) -> float:
        return self.ties[(u, v) if u < v else (v, u)]

    def tie_evidence(self, u: str, v: str) -> TieEvidence | None:
        return self.evidence.get((u, v) if u < v else (v, u))


@dataclass
class RunnerUp:
    """The best path not shown as usable, and why (referrals.explain.why_lost reasons)."""

    path: ScoredPath
    reason: str  # 'rank', 'diversity' or 'consent'
    winner: ScoredPath | None
    winner_rank: int | None


@dataclass(frozen=True)
class TargetScope:
    """What a company search looked at: its current employees who may be contacted, and
    how many of them (the most valuable first) the search looked for paths to."""

    employees: int
    searched: int


@dataclass
class PathResult:
    paths: list[ScoredPath]
    facts: dict[str, PersonFacts]
    hood: Neighbourhood | None = None
    runner_up: RunnerUp | None = None
    scope: TargetScope | None = None  # a company target's; None for a person
    # the paths scored and ranked (best_paths' output): `rank_again` ranks the same
    # search under other weights without searching again
    candidates: list[tuple[list[str], float]] = field(default_factory=list)

    def hidden(self, path: ScoredPath) -> set[str]:
        """People on this path to hide (their client has not opted in)."""
        return hidden_people(path.nodes, self.facts)


def referrers_of(ties: Iterable[tuple[str, str]], targets: set[str]) -> set[str]:
    """Everyone with a tie to a target: the last person before it on any path."""
    return {u for pair in ties for u in pair
            if u not in targets and (pair[0] in targets or pair[1] in targets)}


# ---- explanations --------------------------------------------------------------------------
def runner_up(scored: list[ScoredPath], kept: list[ScoredPath],
              facts: dict[str, PersonFacts]) -> RunnerUp | None:
    """The best path that cannot be used as shown: a shown path held back counts-only
    (consent), or the best one not shown (same referrer as a shown one: diversity; else
    it simply ranked below the last shown: rank). Do-not-contact people never enter the
    search, so a path through them is never named here."""
    shown = {tuple(p.nodes): i for i, p in enumerate(kept)}
    usable = [i for i, p in enumerate(kept) if not hidden_people(p.nodes, facts)]
    best_usable = kept[usable[0]] if usable else None
    ordered = sorted(scored, key=lambda p: (-p.score, len(p.nodes), tuple(p.nodes)))
    for path in ordered:
        index = shown.get(tuple(path.nodes))
        if index is not None:
            if index in usable:
                continue
            return RunnerUp(path, "consent", best_usable, usable[0] + 1 if usable else None)
        key = path.referrer or path.source
        same = next((i for i, p in enumerate(kept) if (p.referrer or p.source) == key
                     and (p.referrer is None) == (path.referrer is None)), None)
        if same is not None:
            return RunnerUp(path, "diversity", kept[same], same + 1)
        if not kept:
            return RunnerUp(path, "rank", None, None)
        return RunnerUp(path, "rank", kept[-1], len(kept))
    return None


# ---- search over the neighbourhood ---------------------------------------------------------
def last_hop_cost(referrer: str, target: str, facts: dict[str, PersonFacts], weights: ScoringWeights,
                  direct: bool) -> float:
    """The node terms of the last hop, in edge_cost units: referrer quality and target fit.

    With them folded in, exp(-chain_exponent * path cost) equals the path's score
    without the centrality factor, so the search's cheapest path is the model's best.
    """
    quality = weights.direct_quality if direct else referrer_quality(
        facts.get(referrer) or PersonFacts(id=referrer), weights)
    value = quality * target_factor(facts.get(target) or PersonFacts(id=target), weights)
    return -math.log(max(value, 1e-12)) / weights.chain_exponent


def _adjacency(hood: Neighbourhood) -> dict[str, list[str]]:
    adjacency: dict[str, list[str]] = defaultdict(list)
    for a, b in hood.ties:
        adjacency[a].append(b)
        adjacency[b].append(a)
    return adjacency


def layered_graph(hood: Neighbourhood, facts: dict[str, PersonFacts], max_hops: int,
                  weights: ScoringWeights) -> nx.DiGraph:
    """A DAG whose nodes are (person, hops from a source); every S* -> T* path has <= max_hops."""
    adjacency = _adjacency(hood)
    to_target = hop_distances(hood.targets, adjacency, max_hops, blocked=hood.sources)

    g = nx.DiGraph()
    layer_nodes = [s for s in hood.sources if to_target.get(s, max_hops + 1) <= max_hops]
    for s in layer_nodes:
        g.add_edge("S*", (s, 0), weight=0.0)
    for layer in range(max_hops):
        next_layer: set[str] = set()
        for u in layer_nodes:
            for v in adjacency[u]:
                if v in hood.sources:
                    continue  # a path never passes through another source: it starts there
                cost = edge_cost(hood.strength(u, v), weights)
                if v in hood.targets:
                    # one edge to the super-target per node, priced by its best target
                    total = cost + last_hop_cost(u, v, facts, weights, direct=layer == 0)
                    g.nodes[(u, layer)].setdefault("target_for", {})[v] = total
                    previous = g.get_edge_data((u, layer), "T*")
                    if previous is None or total < previous["weight"]:
                        g.add_edge((u, layer), "T*", weight=total)
                elif layer + 1 + to_target.get(v, max_hops + 1) <= max_hops:
                    g.add_edge((u, layer), (v, layer + 1), weight=cost)
                    next_layer.add(v)
        layer_nodes = list(next_layer)
    return g


def hop_distances(starts: set[str], adjacency: dict[str, list[str]], limit: int,
                   blocked: set[str]) -> dict[str, int]:
    dist = {s: 0 for s in starts}
    frontier = list(starts)
    for hop in range(1, limit + 1):
        nxt = []
        for u in frontier:
            for v in adjacency[u]:
                if v not in dist:
                    dist[v] = hop
                    if v not in blocked:
                        nxt.append(v)
        frontier = nxt
    return dist


def _unlayer(path: list[Any], g: nx.DiGraph) -> list[str]:
    """[S*, (s,0), (x,1), ..., (r,k), T*] -> [s, x, ..., r, best target for r]."""
    people = [node[0] for node in path[1:-1]]
    last = path[-2]
    targets = g.nodes[last]["target_for"]
    people.append(min(targets, key=targets.get))
    return people


def best_paths(hood: Neighbourhood, facts: dict[str, PersonFacts], max_hops: int,
               weights: ScoringWeights, *, per_referrer: int = 1,
               wanted: int = 30) -> list[tuple[list[str], float]]:
    """The cheapest paths as (people, cost), cheapest first, at most per_referrer per referrer."""
    if per_referrer <= 1:
        return _cheapest_per_referrer(hood, facts, max_hops, weights, wanted)
    g = layered_graph(hood, facts, max_hops, weights)
    if "S*" not in g or "T*" not in g:
        return []
    results: list[tuple[list[str], float]] = []
    per: dict[str, int] = defaultdict(int)
    for path in islice(nx.shortest_simple_paths(g, "S*", "T*", weight="weight"), wanted * per_referrer * 4):
        people = _unlayer(path, g)
        if len(set(people)) != len(people):
            continue
        referrer = people[-2] if len(people) > 2 else people[0]
        if per[referrer] >= per_referrer:
            continue
        per[referrer] += 1
        results.append((people, nx.path_weight(g, path, "weight")))
        if len(results) >= wanted:
            break
    return results


def _cheapest_per_referrer(hood: Neighbourhood, facts: dict[str, PersonFacts], max_hops: int,
                           weights: ScoringWeights, wanted: int) -> list[tuple[list[str], float]]:
    """The cheapest path through each referrer, the `wanted` cheapest of them, over the
    layered graph of ``layered_graph`` without building it: every edge goes from one hop
    to the next, so relaxing the hops in order gives each (person, hop) its Dijkstra
    distance, summed in the same order (the same floats). Building the networkx graph
    (a few dicts per node and edge) was most of the ranking's time and allocations on
    big neighbourhoods, and what a request allocates is what brings on a full garbage
    collection of the worker (docs/benchmarks.md, "The tail")."""
    adjacency = _adjacency(hood)
    far = max_hops + 1
    to_target = hop_distances(hood.targets, adjacency, max_hops, blocked=hood.sources)
    sources, targets, ties = hood.sources, hood.targets, hood.ties
    # person -> cost at this hop; per hop >= 1, person -> the person before it
    at_hop = {s: 0.0 for s in sources if to_target.get(s, far) <= max_hops}
    before: list[dict[str, str]] = []
    best: dict[str, tuple[float, int, str]] = {}  # referrer -> (cost, its hop, target)
    for hop in range(max_hops):
        reached: dict[str, float] = {}
        came_from: dict[str, str] = {}
        for u, cost_u in at_hop.items():
            last, last_cost = None, math.inf
            for v in adjacency[u]:
                if v in sources:
                    continue  # a path never passes through another source: it starts there
                cost = edge_cost(ties[(u, v) if u < v else (v, u)], weights)
                if v in targets:
                    total = cost + last_hop_cost(u, v, facts, weights, direct=hop == 0)
                    if total < last_cost:
                        last, last_cost = v, total
                elif hop + 1 + to_target.get(v, far) <= max_hops:
                    cost_v = cost_u + cost
                    if cost_v < reached.get(v, math.inf):
                        reached[v], came_from[v] = cost_v, u
            if last is not None:
                total = cost_u + last_cost
                if u not in best or total < best[u][0]:
                    best[u] = (total, hop, last)
        before.append(came_from)
        at_hop = reached
    ranked = sorted(best.items(), key=lambda item: item[1][0])[:wanted]
    paths = []
    for referrer, (cost, hop, target) in ranked:
        people = [referrer]
        for h in range(hop - 1, -1, -1):
            people.append(before[h][people[-1]])
        people.reverse()
        people.append(target)
        paths.append((people, cost))
    return paths


def rank_paths(candidates: list[tuple[list[str], float]], hood: Neighbourhood,
               facts: dict[str, PersonFacts], weights: ScoringWeights, *, per_referrer: int, limit: int,
               model: CalibratedModel | None = None) -> PathResult:
    """Score the candidates (`facts` must cover everyone on them), blend in the calibrated
    `model` when the weights give it a share, keep the best `limit` with at most
    `per_referrer` through one referrer, and name the runner-up."""
    scored = [score_path(nodes, [hood.strength(a, b) for a, b in zip(nodes, nodes[1:], strict=False)],
                         facts, weights) for nodes, _cost in candidates]
    if weights.calibration_weight > 0 and model is not None:
        scored = [calibration.apply(p, facts, model, weights.calibration_weight) for p in scored]
    kept = rerank(scored, per_referrer=per_referrer, limit=limit)
    return PathResult(kept, facts, hood, runner_up(scored, kept, facts), candidates=candidates)


def rank_again(result: PathResult, weights: ScoringWeights, *, per_referrer: int, limit: int,
               model: CalibratedModel | None = None) -> PathResult:
    """The same search's candidates ranked under other `weights` (and model): the weights
    change the order, not which paths the search found (best_paths does not read the
    calibration weight), so a second ranking costs no second trip to the database."""
    if result.hood is None or not result.candidates:
        return PathResult([], result.facts, result.hood, scope=result.scope)
    again = rank_paths(result.candidates, result.hood, result.facts, weights, per_referrer=per_referrer,
                       limit=limit, model=model)
    again.scope = result.scope
    return again
