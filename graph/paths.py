"""Referral path finding over a bounded neighbourhood fetched from Neo4j.

A query never touches the whole graph. It fetches only the ties that can lie on a path
of at most ``max_hops`` between the sources (the asking rep, or every rep) and the
targets (a person, or every current employee of a company):

1. expand ``f`` levels out from the sources and ``b`` levels out from the targets
   (``f + b + 1 = max_hops``; hubs beyond the first level keep only their strongest
   ``fanout_cap`` ties, so a person with 5,000 ties cannot blow a query up);
2. join the two frontiers with one query for the ties between them (uncapped, by
   internal id), which also fetches the referrers' facts; for the common search (a rep
   to a person, 3+ hops) the first expansion also checks both ends, so the search makes
   three statements in one read transaction, the last one for the connectors' facts;
3. build a hop-layered networkx DiGraph of what came back, pruned to nodes that can
   still reach a target within the hop budget, with each edge weighted by the additive
   cost of the scoring model (``-log`` of chain, length, referrer quality and target
   fit, see docs/ranking.md);
4. one Dijkstra from a super-source gives the cheapest path to every possible referrer
   (the default: one path per referrer); ``per_referrer > 1`` switches to Yen's
   k-shortest simple paths over the same graph;
5. score the candidates with ``referrals.scoring`` (which adds connector centrality),
   apply diversity and return the best.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice
from typing import Any

import networkx as nx
from neo4j import ManagedTransaction

from graph.db import Graph
from referrals import calibration
from referrals.calibration import CalibratedModel
from referrals.consent import hidden_people
from referrals.errors import DomainError, Invalid, NotFound
from referrals.explain import TieEvidence
from referrals.introductions import Outcome
from referrals.scoring import (
    DEFAULT_WEIGHTS,
    PersonFacts,
    ScoredPath,
    ScoringWeights,
    edge_cost,
    referrer_quality,
    rerank,
    score_path,
    target_factor,
)

MAX_HOPS_ALLOWED = 4
FIRST_LEVEL_CAP = 1000  # ties kept for a source or target itself
FANOUT_CAP = 30  # ties kept per person on deeper levels (the strongest)
# The referrer's record uses the domain's definition of made / accepted (one place).
MADE_STATUSES = sorted(s.value for s in Outcome.MADE_STATUSES)
ACCEPTED_STATUSES = sorted(s.value for s in Outcome.ACCEPTED_STATUSES)


# Until web/clients.py calls services.opportunities: what it catches from a search.
PathQueryError = DomainError


@dataclass
class PathQuery:
    target: str
    source: str | None = None
    max_hops: int = 3
    limit: int = 10
    per_referrer: int = 1
    today: date = field(default_factory=date.today)


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


@dataclass
class PathResult:
    paths: list[ScoredPath]
    facts: dict[str, PersonFacts]
    hood: Neighbourhood | None = None
    runner_up: RunnerUp | None = None

    def hidden(self, path: ScoredPath) -> set[str]:
        """People on this path to hide (their client has not opted in)."""
        return hidden_people(path.nodes, self.facts)


# ---- Cypher ----------------------------------------------------------------------------
TARGET_PERSON = """
MATCH (t:Person {id: $id})
RETURN t.id AS id, coalesce(t.do_not_contact, false) AS dnc, t:Rep AS rep
"""
TARGET_COMPANY = """
MATCH (c:Company {id: $id})
OPTIONAL MATCH (c)<-[w:WORKS_AT]-(t:Person)
WHERE w.current AND NOT coalesce(t.do_not_contact, false)
RETURN c.id AS company, collect(t.id) AS ids
"""
SOURCE_PERSON = """
MATCH (s:Person {id: $id})
RETURN s.id AS id, s:Rep AS rep, coalesce(s.do_not_contact, false) AS dnc
"""
ALL_REPS = "MATCH (s:Rep) WHERE NOT coalesce(s.do_not_contact, false) RETURN collect(s.id) AS ids"

# One row per expanded person: its strongest ties to people who may be contacted, with
# internal ids (valid within the one read transaction of a search) for the join, and the
# person's own do-not-contact flag (so the first expansion doubles as the check of both ends).
EXPAND = """
UNWIND $ids AS id
MATCH (n:Person {id: id})
CALL (n) {
  MATCH (n)-[k:KNOWS]-(m:Person)
  WHERE NOT coalesce(m.do_not_contact, false) AND NOT coalesce(k.hidden, false)
  WITH m, k, coalesce(k.confirmed_strength, k.strength) AS s ORDER BY s DESC LIMIT $cap
  RETURN collect([m.id, s, k.confirmed_strength IS NOT NULL, coalesce(k.interactions, 0), id(m)]) AS ties
}
RETURN id, id(n) AS node, coalesce(n.do_not_contact, false) AS dnc, ties
"""
# A tie's strength is the one a person confirmed or corrected (confirmed_strength) when
# there is one, else the inferred one; a tie a person hid is never used.
# Ties between two frontiers, scanned from the smaller one, by internal id: no index seek
# for the start and no id property read per candidate end (measured: 5.4 -> 3.2 ms a call).
JOIN = """
UNWIND $from_nodes AS node
MATCH (n)-[k:KNOWS]-(m)
WHERE id(n) = node AND id(m) IN $to_nodes AND NOT coalesce(k.hidden, false)
WITH n, collect([m.id, coalesce(k.confirmed_strength, k.strength), k.confirmed_strength IS NOT NULL,
                 coalesce(k.interactions, 0)]) AS ties
RETURN collect([n.id, ties]) AS joined
"""
JOIN_REPS = """
UNWIND $from_ids AS id
MATCH (n:Person {id: id})-[k:KNOWS]-(m:Rep)
WHERE NOT coalesce(m.do_not_contact, false) AND NOT coalesce(k.hidden, false)
RETURN id, collect([m.id, coalesce(k.confirmed_strength, k.strength), k.confirmed_strength IS NOT NULL,
                    coalesce(k.interactions, 0)]) AS ties
"""
# One map per person: where they work and their record as a referrer (each label's
# referrer index is read once per person, its rows counted by kind).
FACTS = """
UNWIND $ids AS id
MATCH (p:Person {id: id})
OPTIONAL MATCH (p)-[w:WORKS_AT {current: true}]->(c:Company)
WITH p, head(collect(c)) AS c
CALL (p) {
  OPTIONAL MATCH (i:Introduction {referrer_id: p.id})
  RETURN count(CASE WHEN i.status IN $made THEN 1 END) AS i_made,
         count(CASE WHEN i.status IN $accepted THEN 1 END) AS accepted,
         count(CASE WHEN i.status = 'won' THEN 1 END) AS won,
         count(CASE WHEN i.status = 'declined' THEN 1 END) AS i_declined,
         count(CASE WHEN i.requested_at >= $since THEN 1 END) AS i_asks
}
CALL (p) {
  OPTIONAL MATCH (a:ReferralAsk {referrer_id: p.id}) WHERE a.introduction_id IS NULL
  RETURN count(CASE WHEN a.outcome = 'made_intro' THEN 1 END) AS a_made,
         count(CASE WHEN a.outcome = 'declined' THEN 1 END) AS a_declined,
         count(CASE WHEN a.asked_on >= $since THEN 1 END) AS a_asks
}
RETURN {id: p.id, name: p.name, title: p.title, rep: p:Rep,
        company_id: c.id, company_name: c.name, company_status: c.status,
        company_icp: c.icp_score, company_health: c.health, consent: c.connector_consent,
        pagerank: p.pagerank_pct, betweenness: p.betweenness_pct,
        cooldown: p.ask_cooldown_until, goodwill: p.goodwill_balance,
        made: i_made + a_made, accepted: accepted, won: won,
        declined: i_declined + a_declined, asks: i_asks + a_asks} AS fact
"""
# The join and the facts of the referrers found by the expansion, in one statement: every
# statement costs Neo4j about a millisecond of CPU however small it is (measured), so a
# search makes as few as it can.
JOIN_AND_FACTS = ("CALL () {" + FACTS + "}\nWITH collect(fact) AS facts\n"
                  "CALL () {" + JOIN + "}\nRETURN facts, joined\n")
# Referral asks tied to a tracked introduction (introduction_id set) are counted through
# that introduction; the others (graph/asks.py) count as asks and, when made, as made.


# Both ends of a person-to-person query in one round trip (the common case).
ENDS = """
OPTIONAL MATCH (t:Person {id: $target})
OPTIONAL MATCH (s:Person {id: $source})
RETURN t.id AS target, coalesce(t.do_not_contact, false) AS dnc, s.id AS source
"""
NODE_IDS = "UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN id, id(p) AS node"

Db = Graph | ManagedTransaction


def _native_date(value: Any) -> date | None:
    return value.to_native() if hasattr(value, "to_native") else value


def _resting(cooldown: Any, today: date) -> bool:
    """The goodwill ledger's cooldown (graph/goodwill.py) is in effect today."""
    until = _native_date(cooldown)
    return until is not None and until > today


def _run(db: Db, cypher: str, **params: Any) -> list[Any]:
    """A read: in the given transaction, or (given a Graph) in a transaction of its own."""
    if not isinstance(db, Graph):
        return list(db.run(cypher, params))

    def work(tx: ManagedTransaction) -> list[Any]:
        return list(tx.run(cypher, params))

    return db.read(work)


class PathFinder:
    """Finds and ranks referral paths; one instance per process is fine (stateless).

    `find` runs every query of one search in a single read transaction (one session,
    one BEGIN/COMMIT), and batches what can go together: both ends in one query, both
    frontiers of a level in one expansion. The methods below take that transaction as
    `db`; given none they open their own, as before.
    """

    def __init__(self, graph: Graph, weights: ScoringWeights = DEFAULT_WEIGHTS,
                 fanout_cap: int = FANOUT_CAP, calibration: CalibratedModel | None = None):
        self.graph = graph
        self.weights = weights
        self.fanout_cap = fanout_cap
        # the outcome-calibrated model (graph.calibration.current_model); used only when
        # weights.calibration_weight > 0 and the model is not cold
        self.calibration = calibration
        # fold the ends check into the first expansion and the referrers' facts into the
        # join (see _search_space); off only to compare against the step-by-step search
        self.fold_queries = True

    # ---- 1. ends --------------------------------------------------------------------
    def resolve_targets(self, target: str, db: Db | None = None) -> tuple[set[str], str]:
        db = self.graph if db is None else db
        if not _is_person_id(target):
            rows = _run(db, TARGET_COMPANY, id=target)
            if rows:
                return set(rows[0]["ids"]), "company"
        rows = _run(db, TARGET_PERSON, id=target)
        if not rows:
            raise NotFound(f"No person or company has the id {target!r}.", field="target")
        if rows[0]["dnc"]:
            raise Invalid("That person asked not to be contacted.", field="target")
        return {rows[0]["id"]}, "person"

    def resolve_sources(self, source: str | None, db: Db | None = None) -> set[str]:
        db = self.graph if db is None else db
        if source is None:
            rows = _run(db, ALL_REPS)
            return set(rows[0]["ids"]) if rows else set()
        rows = _run(db, SOURCE_PERSON, id=source)
        if not rows:
            raise NotFound(f"No person has the id {source!r}.", field="from")
        return {source}

    def resolve_ends(self, target: str, source: str | None,
                     db: Db | None = None) -> tuple[set[str], set[str]]:
        """(targets, sources); a person target with a given source costs one round trip."""
        db = self.graph if db is None else db
        if source is None or not _is_person_id(target):
            targets, _kind = self.resolve_targets(target, db)
            return targets, self.resolve_sources(source, db)
        row = _run(db, ENDS, target=target, source=source)[0]
        _check_ends(target, source, {k: v for k, v in ((row["target"], row["dnc"]), (row["source"], False))
                                     if k is not None})
        return {target}, {source}

    # ---- 2. neighbourhood ------------------------------------------------------------
    def _expand(self, ids: Iterable[str], cap: int, space: _Space, db: Db) -> dict[str, set[str]]:
        """Each expanded id -> the people its kept ties reach (the ties go into `space`)."""
        reached: dict[str, set[str]] = {}
        for record in _run(db, EXPAND, ids=list(ids), cap=cap):
            u = record["id"]
            space.nodes[u] = record["node"]
            space.dnc[u] = record["dnc"]
            found = reached.setdefault(u, set())
            for v, s, confirmed, interactions, node in record["ties"]:
                space.add(u, v, s, confirmed, interactions)
                space.nodes[v] = node
                found.add(v)
        return reached

    def _grow(self, sources: set[str], targets: set[str], max_hops: int, db: Db,
              ends: tuple[str, str] | None = None) -> tuple[_Space, set[str], set[str], bool]:
        """Expand both sides level by level; returns the ties so far and both reached sets.
        With `ends` (target, source) the first expansion, which holds both, also checks them."""
        space = _Space()
        all_reps = len(sources) > 50  # then sources are found by label, not expanded
        forward = 0 if all_reps else (max_hops - 1) // 2
        backward = max_hops - 1 - forward
        seen_f, frontier_f = set(sources), set(sources)
        seen_b, frontier_b = set(targets), set(targets)
        for level in range(max(forward, backward)):
            # both frontiers of a level in one query (the cap is the same for both)
            cap = FIRST_LEVEL_CAP if level == 0 else self.fanout_cap
            grow_f, grow_b = level < forward, level < backward
            ids = (frontier_f if grow_f else set()) | (frontier_b if grow_b else set())
            reached = self._expand(ids, cap, space, db) if ids else {}
            if level == 0 and ends is not None:
                _check_ends(*ends, space.dnc)
            if grow_f:
                frontier_f = set().union(*(reached.get(u, ()) for u in frontier_f)) - seen_f
                seen_f |= frontier_f
            if grow_b:
                frontier_b = set().union(*(reached.get(u, ()) for u in frontier_b)) - seen_b
                seen_b |= frontier_b
        return space, seen_f, seen_b, all_reps

    def _join_sides(self, space: _Space, seen_f: set[str], seen_b: set[str],
                    db: Db) -> tuple[list[str], list[str]]:
        """The internal ids of the smaller side and of the other one (looked up for the
        people no expansion returned: the ends of a search too short to expand them)."""
        unknown = [u for u in seen_f | seen_b if u not in space.nodes]
        if unknown:
            space.nodes.update((r["id"], r["node"]) for r in _run(db, NODE_IDS, ids=unknown))
        small, large = (seen_b, seen_f) if len(seen_b) <= len(seen_f) else (seen_f, seen_b)
        return ([space.nodes[u] for u in small if u in space.nodes],
                [space.nodes[u] for u in large if u in space.nodes])

    def neighbourhood(self, sources: set[str], targets: set[str], max_hops: int,
                      db: Db | None = None) -> Neighbourhood:
        db = self.graph if db is None else db
        space, seen_f, seen_b, all_reps = self._grow(sources, targets, max_hops, db)
        # the middle tie: every tie between the forward and the backward sets
        if all_reps:
            space.add_joined(_run(db, JOIN_REPS, from_ids=list(seen_b)))
        else:
            from_nodes, to_nodes = self._join_sides(space, seen_f, seen_b, db)
            space.add_joined(_run(db, JOIN, from_nodes=from_nodes, to_nodes=to_nodes)[0]["joined"])
        return space.neighbourhood(sources, targets)

    # ---- 3. the layered graph ----------------------------------------------------------
    def _facts_params(self, ids: Iterable[str], today: date) -> dict[str, Any]:
        return {"ids": list(ids), "made": MADE_STATUSES, "accepted": ACCEPTED_STATUSES,
                "since": today - timedelta(days=90)}

    def facts(self, ids: Iterable[str], today: date, db: Db | None = None) -> dict[str, PersonFacts]:
        rows = _run(self.graph if db is None else db, FACTS, **self._facts_params(ids, today))
        return _person_facts((r["fact"] for r in rows), today)

    def find(self, query: PathQuery) -> tuple[list[ScoredPath], dict[str, PersonFacts]]:
        result = self.find_explained(query)
        return result.paths, result.facts

    def find_explained(self, query: PathQuery) -> PathResult:
        """The ranked paths with what explains them: tie evidence and the runner-up."""
        if not 1 <= query.max_hops <= MAX_HOPS_ALLOWED:
            raise Invalid(f"max_hops must be between 1 and {MAX_HOPS_ALLOWED}.", field="max_hops")
        return self.graph.read(self._find, query)

    def _search_space(self, tx: ManagedTransaction, query: PathQuery
                      ) -> tuple[Neighbourhood, dict[str, PersonFacts]] | None:
        """The neighbourhood and the facts of its referrers and targets. A rep asking for a
        person within 3+ hops (the common search) takes two statements: the first expansion,
        which checks both ends too, then the join with the referrers' facts."""
        folded = (self.fold_queries and query.source is not None and query.source != query.target
                  and _is_person_id(query.target) and query.max_hops >= 3)
        if folded:
            targets, sources = {query.target}, {query.source}
            space, seen_f, seen_b, _ = self._grow(sources, targets, query.max_hops, tx,
                                                  ends=(query.target, query.source))
            # referrers so far: everyone the targets' own expansion reached
            referrers = _referrers(space.ties, targets)
            from_nodes, to_nodes = self._join_sides(space, seen_f, seen_b, tx)
            row = _run(tx, JOIN_AND_FACTS, from_nodes=from_nodes, to_nodes=to_nodes,
                       **self._facts_params(referrers | targets, query.today))[0]
            space.add_joined(row["joined"])
            facts = _person_facts(row["facts"], query.today)
            hood = space.neighbourhood(sources, targets)
        else:
            targets, sources = self.resolve_ends(query.target, query.source, tx)
            sources -= targets
            if not targets or not sources:
                return None
            hood = self.neighbourhood(sources, targets, query.max_hops, tx)
            facts = {}
        # all of them unfolded; folded, the few the join may add when a target's own
        # expansion was capped
        missing = (_referrers(hood.ties, targets) | targets) - facts.keys()
        if missing:
            facts.update(self.facts(missing, query.today, tx))
        return hood, facts

    def _find(self, tx: ManagedTransaction, query: PathQuery) -> PathResult:
        found = self._search_space(tx, query)
        if found is None:
            return PathResult([], {})
        hood, facts = found
        candidates = best_paths(hood, facts, query.max_hops, self.weights,
                                per_referrer=query.per_referrer,
                                wanted=max(query.limit * 3, query.limit + 10))
        on_paths = {n for nodes, _cost in candidates for n in nodes} - facts.keys()
        if on_paths:
            facts.update(self.facts(on_paths, query.today, tx))
        scored = [score_path(nodes, [hood.strength(a, b) for a, b in zip(nodes, nodes[1:], strict=False)],
                             facts, self.weights) for nodes, _cost in candidates]
        if self.weights.calibration_weight > 0 and self.calibration is not None:
            scored = [calibration.apply(p, facts, self.calibration, self.weights.calibration_weight)
                      for p in scored]
        kept = rerank(scored, per_referrer=query.per_referrer, limit=query.limit)
        return PathResult(kept, facts, hood, runner_up(scored, kept, facts))


@dataclass
class _Space:
    """The neighbourhood while it is being fetched."""

    ties: dict[tuple[str, str], float] = field(default_factory=dict)
    evidence: dict[tuple[str, str], TieEvidence] = field(default_factory=dict)
    nodes: dict[str, int] = field(default_factory=dict)  # our id -> internal id (this transaction)
    dnc: dict[str, bool] = field(default_factory=dict)  # expanded people -> do not contact

    def add(self, u: str, v: str, strength: float, confirmed: bool, interactions: int | None) -> None:
        key = (u, v) if u < v else (v, u)
        self.ties[key] = strength
        self.evidence[key] = TieEvidence(int(interactions or 0), bool(confirmed))

    def add_joined(self, joined: Iterable[Any]) -> None:
        """[id, [[other id, strength, confirmed, interactions], ...]] pairs, or records of them."""
        for u, ties in joined:
            for v, s, confirmed, interactions in ties:
                self.add(u, v, s, confirmed, interactions)

    def neighbourhood(self, sources: set[str], targets: set[str]) -> Neighbourhood:
        return Neighbourhood(sources=set(sources), targets=set(targets), ties=self.ties,
                             evidence=self.evidence)


def _referrers(ties: Iterable[tuple[str, str]], targets: set[str]) -> set[str]:
    """Everyone with a tie to a target: the last person before it on any path."""
    return {u for pair in ties for u in pair
            if u not in targets and (pair[0] in targets or pair[1] in targets)}


def _is_person_id(target: str) -> bool:
    """Person ids start with p- (graph.importers.keys); anything else is tried as a company."""
    return target.startswith("p-")


def _check_ends(target: str, source: str | None, found: dict[str, bool]) -> None:
    """NotFound / Invalid for a search whose ends are missing or may not be contacted; `found` maps
    each end that exists to its do-not-contact flag."""
    if target not in found:
        raise NotFound(f"No person or company has the id {target!r}.", field="target")
    if found[target]:
        raise Invalid("That person asked not to be contacted.", field="target")
    if source is not None and source not in found:
        raise NotFound(f"No person has the id {source!r}.", field="from")


def _person_facts(rows: Iterable[dict[str, Any]], today: date) -> dict[str, PersonFacts]:
    return {
        r["id"]: PersonFacts(
            id=r["id"], name=r["name"] or "", title=r["title"], company_id=r["company_id"],
            company_name=r["company_name"], company_status=r["company_status"],
            company_icp=r["company_icp"], company_health=r["company_health"],
            pagerank=r["pagerank"], betweenness=r["betweenness"], intros_made=r["made"],
            intros_accepted=r["accepted"], intros_won=r["won"], asks_90d=r["asks"],
            is_rep=bool(r["rep"]), intros_declined=r["declined"], company_consent=r["consent"],
            resting=_resting(r["cooldown"], today), resting_until=_native_date(r["cooldown"]),
            goodwill_balance=r["goodwill"],
        )
        for r in rows
    }


# ---- explanations (pure: no database) ------------------------------------------------------
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


# ---- search over the neighbourhood (pure: no database) -------------------------------------
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


def layered_graph(hood: Neighbourhood, facts: dict[str, PersonFacts], max_hops: int,
                  weights: ScoringWeights) -> nx.DiGraph:
    """A DAG whose nodes are (person, hops from a source); every S* -> T* path has <= max_hops."""
    adjacency: dict[str, list[str]] = defaultdict(list)
    for a, b in hood.ties:
        adjacency[a].append(b)
        adjacency[b].append(a)
    to_target = _hop_distances(hood.targets, adjacency, max_hops, blocked=hood.sources)

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


def _hop_distances(starts: set[str], adjacency: dict[str, list[str]], limit: int,
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
    g = layered_graph(hood, facts, max_hops, weights)
    if "S*" not in g or "T*" not in g:
        return []
    if per_referrer <= 1:
        return _best_per_referrer(g, wanted)
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


def _best_per_referrer(g: nx.DiGraph, wanted: int) -> list[tuple[list[str], float]]:
    dist, paths = nx.single_source_dijkstra(g, "S*", weight="weight")
    best: dict[str, tuple[float, list[Any]]] = {}
    for node, data in g.nodes(data=True):
        targets = data.get("target_for")
        if not targets or node not in dist:
            continue
        cost = dist[node] + min(targets.values())
        referrer = node[0]
        if referrer not in best or cost < best[referrer][0]:
            best[referrer] = (cost, [*paths[node], "T*"])
    ranked = sorted(best.values(), key=lambda item: item[0])[:wanted]
    return [(_unlayer(path, g), cost) for cost, path in ranked]
