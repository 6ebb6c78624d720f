"""Referral path finding: fetch a bounded neighbourhood from Neo4j, search it with search/paths.py.

A query never touches the whole graph. It fetches only the ties that can lie on a path
of at most ``max_hops`` between the sources (the asking rep, or every rep) and the
targets (a person, or every current employee of a company):

1. expand ``f`` levels out from the sources and ``b`` levels out from the targets
   (``f + b + 1 = max_hops``; hubs beyond the first level keep only their strongest
   ``fanout_cap`` ties, so a person with 5,000 ties cannot blow a query up);
2. join the two frontiers with one query for the ties between them (by internal id;
   from the side whose people have fewer ties, at 3 hops reading at most ``JOIN_BUDGET``
   of them, the strongest ties to that side's end first), which also fetches the
   referrers' facts (at 3 hops only of those a joined tie or the source's side reaches:
   the others lie on no path); for the common
   search (a rep to a person, 3+ hops) the first expansion also checks both ends, so the
   search makes three statements in one read transaction, the last one for the
   connectors' facts (over HTTP, ``find_checked``: the request's checks read with the
   first expansion, and who on it is hidden with the join when it touched few people,
   JOIN_THEN_FACTS, else with the connectors' facts: two statements, or three);
3. hand the neighbourhood and the facts to the pure search (search/paths.py: the
   hop-layered graph, Dijkstra or Yen, scoring, diversity, the runner-up), fetching the
   facts of the connectors it puts on the candidate paths.

An unknown target or source is NotFound, one that may not be contacted or a hop limit
out of range is Invalid (``field`` names the query parameter).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from neo4j import ManagedTransaction

from graph.consent import HIDDEN_AMONG, SEARCH_ENDS, hidden_from
from graph.db import Graph
from graph.tie_reads import strength_as_of, tie_params
from referrals.calibration import CalibratedModel
from referrals.errors import Invalid, NotFound
from referrals.explain import TieEvidence
from referrals.introductions import Outcome
from referrals.scoring import DEFAULT_WEIGHTS, PersonFacts, ScoredPath, ScoringWeights
from referrals.tie_strength import TieStrengthParams
from search.paths import (
    MAX_HOPS_ALLOWED,
    Neighbourhood,
    PathQuery,
    PathResult,
    TargetScope,
    best_paths,
    rank_paths,
    referrers_of,
)

FIRST_LEVEL_CAP = 1000  # ties kept for a source or target itself
# "Anyone at Acme": a company search starts from the company's entry points, its
# employees' strongest ties (ENTRY_POINTS), so its cost is bounded by this budget and the
# reps' side, not by the company's size (docs/ranking.md, "Company targets").
COMPANY_ENTRY_BUDGET = 100
FANOUT_CAP = 30  # ties kept per person on deeper levels (the strongest)
# A rep to a person at 3 hops: the join reads every tie of the people on the side it
# starts from (the side whose people have fewer ties in all), and on heavy-tailed networks
# an end's people include hubs of thousands of ties. It starts from that end's people in
# order of their tie to the end, strongest first, while their ties (counted with their
# jobs, see EXPAND) add up to at most this many (a person over the rest is skipped, the
# next one tried): a path through an end's weaker tie scores lower anyway. 10,000, not
# 5,000 as first: with half of it, 15 of 930 bench pairs with a path (three samples of 200,
# 100k and heavy) lost their top path and 2 every path, and since the join looks its other side up
# in a hash set (_hashed) the other half costs about 0.5 ms at the p95 (docs/ranking.md,
# "Search cost"; docs/benchmarks.md, "The tail").
JOIN_BUDGET = 10_000
# Neo4j checks `x IN $list` with a hash set from this many elements on, element by element
# below it (see _hashed).
IN_HASHED_FROM = 128
# The referrer's record uses the domain's definition of made / accepted (one place).
MADE_STATUSES = sorted(s.value for s in Outcome.MADE_STATUSES)
ACCEPTED_STATUSES = sorted(s.value for s in Outcome.ACCEPTED_STATUSES)


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
# A company's entry points: the $budget strongest ties of its current employees who may be
# contacted (the asking side's own ties first: a rep who knows an employee is the best
# path there is), with the count of those employees. One scan of the employees' ties,
# which is cheap next to expanding every employee's neighbourhood a level further.
ENTRY_POINTS = """
MATCH (c:Company {id: $id})
CALL (c) {
  MATCH (c)<-[w:WORKS_AT]-(e:Person)
  WHERE w.current AND NOT coalesce(e.do_not_contact, false)
  RETURN count(e) AS employees, collect(e) AS staff
}
CALL (staff) {
  UNWIND staff AS e
  MATCH (e)-[k:KNOWS]-(b:Person)
  WHERE NOT coalesce(b.do_not_contact, false) AND NOT coalesce(k.hidden, false)
  WITH e, b, k, coalesce(k.confirmed_strength, k.strength) AS s,
       CASE WHEN $source IS NULL THEN b:Rep ELSE b.id = $source END AS ours
  ORDER BY ours DESC, s DESC LIMIT $budget
  RETURN collect([e.id, id(e), b.id, id(b), $$S$$, k.confirmed_strength IS NOT NULL,
                  coalesce(k.interactions, 0)]) AS entries
}
RETURN c.id AS company, employees, entries
"""
# A big company's kept entry points (graph/entry_points.py), each checked live: the tie
# still there and not hidden, the employee still there, nobody on it do-not-contact.
KEPT_ENTRY_POINTS = """
MATCH (c:Company {id: $id}) WHERE c.entry_from IS NOT NULL
UNWIND range(0, size(c.entry_from) - 1) AS i
MATCH (e:Person {id: c.entry_from[i]})-[k:KNOWS]-(b:Person {id: c.entry_to[i]})
WHERE NOT coalesce(e.do_not_contact, false) AND NOT coalesce(b.do_not_contact, false)
  AND NOT coalesce(k.hidden, false)
  // from the employee's side: the company has thousands of WORKS_AT to walk
  AND $id IN [(e)-[w:WORKS_AT]->(x:Company) WHERE w.current | x.id]
WITH c, e, b, k, coalesce(k.confirmed_strength, k.strength) AS s,
     CASE WHEN $source IS NULL THEN b:Rep ELSE b.id = $source END AS ours
ORDER BY ours DESC, s DESC LIMIT $budget
RETURN c.entry_employees AS employees,
       collect([e.id, id(e), b.id, id(b), $$S$$, k.confirmed_strength IS NOT NULL,
                coalesce(k.interactions, 0)]) AS entries
"""
# The asking rep's own ties into a company (kept entry points are chosen for every rep).
SOURCE_INTO = """
MATCH (s:Person {id: $source})-[k:KNOWS]-(e:Person)-[:WORKS_AT {current: true}]->(:Company {id: $id})
WHERE NOT coalesce(e.do_not_contact, false) AND NOT coalesce(k.hidden, false)
RETURN collect([e.id, id(e), s.id, id(s), $$S$$,
                k.confirmed_strength IS NOT NULL, coalesce(k.interactions, 0)]) AS entries
"""
SOURCE_PERSON = """
MATCH (s:Person {id: $id})
RETURN s.id AS id, s:Rep AS rep, coalesce(s.do_not_contact, false) AS dnc
"""
ALL_REPS = "MATCH (s:Rep) WHERE NOT coalesce(s.do_not_contact, false) RETURN collect(s.id) AS ids"

# One row per expanded person: its strongest ties to people who may be contacted, with
# internal ids (valid within the one read transaction of a search) and, given $degrees
# (a 3-hop person search), every person's number of relationships for the join (ties and
# jobs: what its scan of their ties reads on a person with few of them). All of them, not
# the ties alone: Neo4j reads a node's whole count in one go where counting one type walks
# the node's relationships, which made the counts a third of this statement; the statement
# is 15-27 % faster on the bench's slowest pairs (docs/benchmarks.md, "The tail"). And the
# person's own do-not-contact flag (so the first expansion doubles as the check of both ends).
EXPAND = """
UNWIND $ids AS id
MATCH (n:Person {id: id})
CALL (n) {
  MATCH (n)-[k:KNOWS]-(m:Person)
  WHERE NOT coalesce(m.do_not_contact, false) AND NOT coalesce(k.hidden, false)
  WITH m, k, coalesce(k.confirmed_strength, k.strength) AS s ORDER BY s DESC LIMIT $cap
  RETURN collect([m.id, $$S$$, k.confirmed_strength IS NOT NULL, coalesce(k.interactions, 0),
                  id(m), CASE WHEN $degrees THEN COUNT { (m)--() } END]) AS ties
}
RETURN id, id(n) AS node, coalesce(n.do_not_contact, false) AS dnc, ties,
       CASE WHEN $degrees THEN COUNT { (n)--() } END AS degree
"""
# A tie's strength is the one a person confirmed or corrected (confirmed_strength) when
# there is one, else the inferred one; a tie a person hid is never used.
# Ties between two frontiers, scanned from the smaller one, by internal id: no index seek
# for the start and no id property read per candidate end (measured: 5.4 -> 3.2 ms a call).
JOIN = """
UNWIND $from_nodes AS node
MATCH (n)-[k:KNOWS]-(m)
WHERE id(n) = node AND id(m) IN $to_nodes AND NOT coalesce(k.hidden, false)
WITH n, collect([m.id, $$S$$, k.confirmed_strength IS NOT NULL,
                 coalesce(k.interactions, 0)]) AS ties
RETURN collect([n.id, ties]) AS joined
"""
# Every rep's ties into a set of people, by internal id (as JOIN).
JOIN_REPS = """
UNWIND $from_nodes AS node
MATCH (n)-[k:KNOWS]-(m:Rep)
WHERE id(n) = node AND NOT coalesce(m.do_not_contact, false) AND NOT coalesce(k.hidden, false)
WITH n, collect([m.id, $$S$$, k.confirmed_strength IS NOT NULL,
                 coalesce(k.interactions, 0)]) AS ties
RETURN n.id AS id, ties
"""
# Every strength returned above is the tie's strength on the search's day
# (graph/tie_reads.py: decayed since it was computed, confirmed first); the caps order by
# the stored strength, an upper bound of it, so they prune as before.
_S = strength_as_of("k")
(ENTRY_POINTS, KEPT_ENTRY_POINTS, SOURCE_INTO, EXPAND, JOIN, JOIN_REPS) = (
    q.replace("$$S$$", _S) for q in (ENTRY_POINTS, KEPT_ENTRY_POINTS, SOURCE_INTO, EXPAND, JOIN, JOIN_REPS))

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
        consent_required: coalesce(c.consent_required, false),
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
# The same for a 3-hop search, with the facts of only the referrers a path can reach: the
# target's people that the join touched or the source's side holds ($always, with the
# targets). A referrer no joined tie touches lies on no path (a 3-hop path is source, one of
# the source's people, a joined tie, the target), and the target's people are 11 at the
# median but up to its 1,000 kept ties, each a facts read (index seeks for its record as a
# referrer) of which a few are used (1M people: a p95 of 2 out of 67, 28 ms of 35 in the
# statement at the p95 before).
# A request's search (find_checked) also screens here when the join touched few people (at
# most $bound with $always, which then also holds the source and the people both ends know;
# $bound -1: never): the facts of the source's side it touched (the connectors: neither the
# target's people, $referrers, nor $always), and who of them all is hidden until their
# client opts in ($always and every touched end: `checked`), which holds everyone a
# candidate path can run through; the third statement (FACTS_AND_HIDDEN) is then left out.
# At 1M people the join touches 2 people at the median and 34 at most (105 pairs with a
# path of 400), so most searches with a path make two statements instead of three; on hubs
# (more touched) it is the three as before. One statement either way, with no more list
# parameters than the join needs: Neo4j plans a statement again for new combinations of its
# list parameters' sizes, and on a freshly started server two more lists had it planned in
# 15 of the first 210 searches, 350-1,000 ms each (8 without them).
JOIN_THEN_FACTS = (
    "CALL () {" + JOIN + "}\n"
    "CALL (joined) { UNWIND joined AS row UNWIND [row[0]] + [tie IN row[1] | tie[0]] AS end\n"
    "  WITH DISTINCT end RETURN collect(end) AS touched }\n"
    "WITH joined, touched, size(touched) + size($always) <= $bound AS screened\n"
    "WITH joined, screened, [end IN touched WHERE end IN $referrers] AS used,\n"
    "     [end IN touched WHERE NOT end IN $referrers AND NOT end IN $always] AS connectors\n"
    "WITH joined, screened, $always + used + CASE WHEN screened THEN connectors ELSE [] END AS facts_for,\n"
    "     CASE WHEN screened THEN $always + used + connectors ELSE [] END AS checked\n"
    "CALL (facts_for) { CALL (facts_for) {"
    + FACTS.replace("UNWIND $ids AS id", "UNWIND facts_for AS id") + "}\n"
    "  RETURN collect(fact) AS facts }\n"
    "CALL (checked) { CALL (checked) {" + HIDDEN_AMONG.replace("$ids", "checked") + "}\n"
    "  RETURN collect({id: id, consent: consent}) AS hidden }\n"
    "RETURN facts, joined, screened, checked, hidden\n")
# The most people that statement screens (touched by the join, with $always): PathFinder.screen_bound.
SCREEN_BOUND = 64
# The connectors' facts and who on the candidate paths is hidden until their client opts
# in (graph/consent.py's HIDDEN_AMONG, over $people), in one statement (an aggregate over
# no rows is still one row).
FACTS_AND_HIDDEN = ("CALL () {" + FACTS + "}\nWITH collect(fact) AS facts\n"
                    "CALL () { CALL () {" + HIDDEN_AMONG.replace("$ids", "$people") + "}\n"
                    "  RETURN collect({id: id, consent: consent}) AS hidden }\n"
                    "RETURN facts, hidden\n")
# A request's ends (graph.consent.SEARCH_ENDS) and the first expansion of both, in one
# statement (find_checked): one round trip fewer for the common search; the expansion is
# of the target as it is now (a merged-away id's person) and wasted only when the check
# refuses the search.
ENDS_AND_EXPAND = ("CALL () {" + SEARCH_ENDS + "}\n"
                   "CALL (target) { CALL (target) {"
                   + EXPAND.replace("UNWIND $ids AS id", "UNWIND [$source, target] AS id") + "}\n"
                   "  RETURN collect({id: id, node: node, dnc: dnc, ties: ties, degree: degree})"
                   " AS expanded }\n"
                   "RETURN source_is_rep, target, hidden, expanded\n")
# Referral asks tied to a tracked introduction (introduction_id set) are counted through
# that introduction; the others (graph/asks.py) count as asks and, when made, as made.


# Both ends of a person-to-person query in one round trip (the common case).
ENDS = """
OPTIONAL MATCH (t:Person {id: $target})
OPTIONAL MATCH (s:Person {id: $source})
RETURN t.id AS target, coalesce(t.do_not_contact, false) AS dnc, s.id AS source
"""
NODE_IDS = "UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN id, id(p) AS node"

Db = Graph | ManagedTransaction  # or a _Dated transaction (below)
T = TypeVar("T")


def _native_date(value: Any) -> date | None:
    return value.to_native() if hasattr(value, "to_native") else value


def _resting(cooldown: Any, today: date) -> bool:
    """The goodwill ledger's cooldown (graph/goodwill.py) is in effect today."""
    until = _native_date(cooldown)
    return until is not None and until > today


class _Dated:
    """A search's read transaction with the day its tie strengths are read as of (the
    parameters of graph/tie_reads.py go with every statement run through it)."""

    def __init__(self, tx: ManagedTransaction, ties: dict[str, Any]):
        self.tx, self.ties = tx, ties

    def run(self, cypher: str, params: dict[str, Any]) -> Any:
        return self.tx.run(cypher, {**self.ties, **params})


def _run(db: Db | _Dated, cypher: str, **params: Any) -> list[Any]:
    """A read: in the given transaction, or (given a Graph) in a transaction of its own.
    Tie strengths are read as of the transaction's day (_Dated), else as of today."""
    if not isinstance(db, _Dated):
        params = {**tie_params(date.today()), **params}
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
        # a 3-hop search reads the facts of only the referrers a path can reach (see
        # JOIN_THEN_FACTS); off only to compare against reading every referrer's
        self.facts_on_paths_only = True
        # every rep to a company: expand the reps one level too (see _grow); off only to
        # compare against the search that expands the company's side alone
        self.expand_reps_for_companies = True
        # a company search's entry points (None: search from every employee, only to
        # measure what the budget gives up)
        self.company_budget: int | None = COMPANY_ENTRY_BUDGET
        # the ties a 3-hop person search's join may read (None: every tie of its side, only
        # to measure what the budget gives up)
        self.join_budget: int | None = JOIN_BUDGET
        # the people a request's join may check for consent in its own statement (see
        # JOIN_THEN_FACTS); 0: never, as the worker's warm-up runs it once to have the
        # plans of the statements used instead
        self.screen_bound = SCREEN_BOUND

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

    def entry_points(self, company: str, source: str | None, db: Db) -> _Entries | None:
        """The company's entry points (None: no such company): kept ones for a big company
        (graph/entry_points.py, with the asking rep's own ties), else ENTRY_POINTS live."""
        kept = _run(db, KEPT_ENTRY_POINTS, id=company, source=source, budget=self.company_budget)
        if kept:
            rows = list(kept[0]["entries"])
            if source is not None:
                rows += _run(db, SOURCE_INTO, id=company, source=source)[0]["entries"]
            return _Entries.of(rows, kept[0]["employees"])
        rows = _run(db, ENTRY_POINTS, id=company, source=source, budget=self.company_budget)
        return _Entries.of(rows[0]["entries"], rows[0]["employees"]) if rows else None

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
    def _expand(self, ids: Iterable[str], cap: int, space: _Space, db: Db,
                records: list[Any] | None = None, degrees: bool = False) -> dict[str, set[str]]:
        """Each expanded id -> the people its kept ties reach (the ties go into `space`);
        `records`: EXPAND's rows already read (find_checked reads them with the ends)."""
        reached: dict[str, set[str]] = {}
        if records is None:
            records = _run(db, EXPAND, ids=list(ids), cap=cap, degrees=degrees)
        for record in records:
            u = record["id"]
            space.nodes[u] = record["node"]
            space.dnc[u] = record["dnc"]
            if record["degree"] is not None:
                space.degree[u] = record["degree"]
            found = reached.setdefault(u, set())
            for v, s, confirmed, interactions, node, degree in record["ties"]:
                space.add(u, v, s, confirmed, interactions)
                space.nodes[v] = node
                if degree is not None:
                    space.degree[v] = degree
                found.add(v)
        return reached

    def _grow(self, sources: set[str], targets: set[str], max_hops: int, db: Db,
              ends: tuple[str, str] | None = None, entries: _Entries | None = None,
              first: list[Any] | None = None) -> tuple[_Space, set[str], set[str], bool]:
        """Expand both sides level by level; returns the ties so far and both reached sets.
        With `ends` (target, source) the first expansion, which holds both, also checks them.
        With a company's `entries` the targets' first level is those entry points."""
        space = _Space() if entries is None else entries.space
        all_reps = len(sources) > 50  # then sources are found by label, not expanded
        forward = 0 if all_reps else (max_hops - 1) // 2
        if (entries is None and all_reps and len(targets) > 1 and max_hops >= 2
                and self.expand_reps_for_companies):
            # Every rep to every employee of a company (the unbudgeted search): the employees'
            # side grows with the company and each further level multiplies it, the reps'
            # side is the team. Expand the reps one level so the company's side expands one
            # level less.
            all_reps, forward = False, 1
        backward = max_hops - 1 - forward
        seen_f, frontier_f = set(sources), set(sources)
        seen_b, frontier_b = set(targets), set(targets)
        done_b = 0  # backward levels already expanded
        if entries is not None and backward > 0:
            frontier_b = entries.outside - targets - sources
            seen_b |= frontier_b
            done_b = 1
        # the 3-hop join of a person search chooses its side by the people's ties (_join_sides)
        degrees = max_hops == 3 and len(sources) == 1 and len(targets) == 1 and entries is None
        for level in range(max(forward, backward - done_b)):
            grow_f, grow_b = level < forward, level + done_b < backward
            cap_f = FIRST_LEVEL_CAP if level == 0 else self.fanout_cap
            cap_b = FIRST_LEVEL_CAP if level + done_b == 0 else self.fanout_cap
            if grow_f and grow_b and cap_f == cap_b:  # both frontiers of a level in one query
                reached = self._expand(frontier_f | frontier_b, cap_f, space, db,
                                       records=first if level == 0 else None, degrees=degrees)
            else:
                reached = self._expand(frontier_f, cap_f, space, db) if grow_f and frontier_f else {}
                if grow_b and frontier_b:
                    reached.update(self._expand(frontier_b, cap_b, space, db))
            if level == 0 and ends is not None:
                _check_ends(*ends, space.dnc)
            if grow_f:
                frontier_f = set().union(*(reached.get(u, ()) for u in frontier_f)) - seen_f
                seen_f |= frontier_f
            if grow_b:
                frontier_b = set().union(*(reached.get(u, ()) for u in frontier_b)) - seen_b
                seen_b |= frontier_b
        return space, seen_f, seen_b, all_reps

    def _internal_ids(self, space: _Space, people: set[str], db: Db) -> list[int]:
        """Internal ids of `people`, looked up for the ones no expansion returned (the ends
        of a search too short to expand them)."""
        unknown = [u for u in people if u not in space.nodes]
        if unknown:
            space.nodes.update((r["id"], r["node"]) for r in _run(db, NODE_IDS, ids=unknown))
        return [space.nodes[u] for u in people if u in space.nodes]

    def _join_sides(self, space: _Space, seen_f: set[str], seen_b: set[str], db: Db,
                    ends: tuple[str, str] | None = None) -> tuple[list[int], list[int]]:
        """The internal ids of the smaller side and of the other one. With the (source,
        target) `ends` of a 3-hop search, the side whose people have fewer ties in all, within
        the join's budget (JOIN_BUDGET)."""
        if ends is not None:
            ties_f, ties_b = (sum(space.degree.get(u, 0) for u in seen) for seen in (seen_f, seen_b))
            end, small, large = (ends[1], seen_b, seen_f) if ties_b <= ties_f else (ends[0], seen_f, seen_b)
            if self.join_budget is not None:
                small = _within_budget(space, end, small, self.join_budget)
            return self._internal_ids(space, small, db), _hashed(self._internal_ids(space, large, db))
        small, large = (seen_b, seen_f) if len(seen_b) <= len(seen_f) else (seen_f, seen_b)
        return self._internal_ids(space, small, db), _hashed(self._internal_ids(space, large, db))

    def neighbourhood(self, sources: set[str], targets: set[str], max_hops: int,
                      db: Db | None = None, entries: _Entries | None = None) -> Neighbourhood:
        db = self.graph if db is None else db
        space, seen_f, seen_b, all_reps = self._grow(sources, targets, max_hops, db, entries=entries)
        # the middle tie: every tie between the forward and the backward sets
        if all_reps:
            space.add_joined(_run(db, JOIN_REPS, from_nodes=self._internal_ids(space, seen_b, db)))
        else:
            ends = (next(iter(sources)), next(iter(targets))) if (
                max_hops == 3 and len(sources) == 1 and len(targets) == 1 and entries is None) else None
            from_nodes, to_nodes = self._join_sides(space, seen_f, seen_b, db, ends)
            space.add_joined(_run(db, JOIN, from_nodes=from_nodes, to_nodes=to_nodes)[0]["joined"])
        return space.neighbourhood(sources, targets)

    # ---- 3. the layered graph ----------------------------------------------------------
    def _facts_params(self, ids: Iterable[str], today: date) -> dict[str, Any]:
        return {"ids": list(ids), "made": MADE_STATUSES, "accepted": ACCEPTED_STATUSES,
                "since": today - timedelta(days=90)}

    def facts(self, ids: Iterable[str], today: date, db: Db | None = None) -> dict[str, PersonFacts]:
        rows = _run(self.graph if db is None else db, FACTS, **self._facts_params(ids, today))
        return _person_facts((r["fact"] for r in rows), today)

    def facts_and_hidden(self, ids: Iterable[str], people: Iterable[str], today: date,
                         db: Db) -> tuple[dict[str, PersonFacts], dict[str, str]]:
        """The facts of `ids` and, of `people`, those hidden until their client opts in (with
        the client's answer, as graph.consent.hidden_among), in one statement."""
        row = _run(db, FACTS_AND_HIDDEN, people=sorted(people), **self._facts_params(ids, today))[0]
        return _person_facts(row["facts"], today), hidden_from(row["hidden"])

    def find(self, query: PathQuery) -> tuple[list[ScoredPath], dict[str, PersonFacts]]:
        result = self.find_explained(query)
        return result.paths, result.facts

    def find_explained(self, query: PathQuery) -> PathResult:
        """The ranked paths with what explains them: tie evidence and the runner-up."""
        if not 1 <= query.max_hops <= MAX_HOPS_ALLOWED:
            raise Invalid(f"max_hops must be between 1 and {MAX_HOPS_ALLOWED}.", field="max_hops")
        return self.graph.read(self._find, query)

    def find_checked(self, asked: PathQuery, check: Callable[[bool, str, bool], PathQuery]
                     ) -> tuple[PathQuery, PathResult, dict[str, str]]:
        """A request's whole search in one read transaction. First the ends
        (graph.consent.SEARCH_ENDS: is the source one of our reps, who the target is now, are
        they hidden), handed to `check(source_is_rep, target now, hidden)`, which raises or
        returns the search to run; for a rep to a person within 3+ hops that statement also
        makes the first expansion of both ends (the folded search's first statement). Then
        the search, which also reads who on its candidate paths is hidden until their client
        opts in (graph/consent.py's rule, with the connectors' facts). Returns (the search
        run, its result, {hidden person: the client's answer}). Each transaction and
        statement costs Neo4j CPU and round trips however small it is: at 1M people three
        transactions a request were a third of its median (docs/benchmarks.md)."""
        def work(tx: ManagedTransaction) -> tuple[PathQuery, PathResult, dict[str, str]]:
            first = None
            if (self.fold_queries and asked.source is not None and asked.source != asked.target
                    and _is_person_id(asked.target) and asked.max_hops >= 3):
                dated = _Dated(tx, tie_params(asked.today,
                                              TieStrengthParams(half_life_days=asked.tie_half_life_days)))
                row = _run(dated, ENDS_AND_EXPAND, source=asked.source, target=asked.target,
                           cap=FIRST_LEVEL_CAP, degrees=asked.max_hops == 3)[0]
                first = row["expanded"]
            else:
                row = _run(tx, SEARCH_ENDS, source=asked.source, target=asked.target)[0]
            query = check(bool(row["source_is_rep"]), row["target"], bool(row["hidden"]))
            if not 1 <= query.max_hops <= MAX_HOPS_ALLOWED:
                raise Invalid(f"max_hops must be between 1 and {MAX_HOPS_ALLOWED}.", field="max_hops")
            hidden: dict[str, str] = {}
            return query, self._find(tx, query, hidden, first), hidden

        return self.graph.read(work)

    def _search_space(self, tx: ManagedTransaction, query: PathQuery, first: list[Any] | None = None,
                      screen: _Screened | None = None
                      ) -> tuple[Neighbourhood, dict[str, PersonFacts], TargetScope | None]:
        """The neighbourhood and the facts of its referrers and targets. A rep asking for a
        person within 3+ hops (the common search) takes two statements: the first expansion,
        which checks both ends too, then the join with the referrers' facts. Given `screen`
        (a request's search), the join also reads who is hidden when it touched few people
        (JOIN_THEN_FACTS), into `screen`."""
        folded = (self.fold_queries and query.source is not None and query.source != query.target
                  and _is_person_id(query.target) and query.max_hops >= 3)
        if folded:
            targets, sources, scope = {query.target}, {query.source}, None
            space, seen_f, seen_b, _ = self._grow(sources, targets, query.max_hops, tx,
                                                  ends=(query.target, query.source), first=first)
            # referrers so far: everyone the targets' own expansion reached
            referrers = referrers_of(space.ties, targets)
            ends = (query.source, query.target) if query.max_hops == 3 else None
            from_nodes, to_nodes = self._join_sides(space, seen_f, seen_b, tx, ends)
            if query.max_hops == 3 and self.facts_on_paths_only:
                always = targets | (referrers & seen_f)
                # screening, with the source and the people both ends know (2-hop paths' middles)
                screening = screen is not None and len(
                    always | {query.source} | (seen_f & seen_b)) < self.screen_bound
                if screening:
                    always |= {query.source} | (seen_f & seen_b)
                row = _run(tx, JOIN_THEN_FACTS, from_nodes=from_nodes, to_nodes=to_nodes,
                           always=sorted(always), referrers=sorted(referrers - always),
                           bound=self.screen_bound if screening else -1,
                           **self._facts_params((), query.today))[0]
                if screening and row["screened"]:
                    screen.checked.update(row["checked"])
                    screen.hidden.update(hidden_from(row["hidden"]))
            else:
                row = _run(tx, JOIN_AND_FACTS, from_nodes=from_nodes, to_nodes=to_nodes,
                           **self._facts_params(referrers | targets, query.today))[0]
            space.add_joined(row["joined"])
            facts = _person_facts(row["facts"], query.today)
            hood = space.neighbourhood(sources, targets)
            if query.max_hops == 3 and self.facts_on_paths_only:
                # the referrers a path can reach: on the source's side or on a joined tie
                # (a target's tie the join found too, when its own expansion was capped)
                touched = {end for u, ties in row["joined"] for end in (u, *(t[0] for t in ties))}
                on_paths = (referrers_of(hood.ties, targets) & (seen_f | touched)) | targets
                missing = on_paths - facts.keys()
                if missing:
                    facts.update(self.facts(missing, query.today, tx))
                return hood, facts, None
        else:
            entries = scope = None
            if not _is_person_id(query.target) and self.company_budget is not None:
                entries = self.entry_points(query.target, query.source, tx)
            if entries is not None:
                targets, sources = entries.targets, self.resolve_sources(query.source, tx)
                scope = TargetScope(employees=entries.employees, searched=len(entries.targets))
            else:
                targets, sources = self.resolve_ends(query.target, query.source, tx)
            sources -= targets
            if not targets or not sources:
                return Neighbourhood(sources, targets, {}), {}, scope
            hood = self.neighbourhood(sources, targets, query.max_hops, tx, entries)
            facts = {}
        # all of them unfolded; folded, the few the join may add when a target's own
        # expansion was capped
        missing = (referrers_of(hood.ties, targets) | targets) - facts.keys()
        if missing:
            facts.update(self.facts(missing, query.today, tx))
        return hood, facts, scope

    def _find(self, tx: ManagedTransaction, query: PathQuery, hidden: dict[str, str] | None = None,
              first: list[Any] | None = None) -> PathResult:
        """The search in `tx`; given `hidden`, also fills it with the people on the candidate
        paths hidden until their client opts in (every path, runner-up and winner shown)."""
        tx = _Dated(tx, tie_params(query.today, TieStrengthParams(half_life_days=query.tie_half_life_days)))
        screen = _Screened() if hidden is not None else None
        hood, facts, scope = self._search_space(tx, query, first, screen)
        if not hood.ties:
            return PathResult([], {}, scope=scope)
        candidates = best_paths(hood, facts, query.max_hops, self.weights,
                                per_referrer=query.per_referrer,
                                wanted=max(query.limit * 3, query.limit + 10))
        people = {n for nodes, _cost in candidates for n in nodes}
        on_paths = people - facts.keys()
        if screen is not None and people and people <= screen.checked and not on_paths:
            # the join's statement read who of them is hidden, and their facts: no third one
            hidden.update((n, c) for n, c in screen.hidden.items() if n in people)
        elif hidden is not None and people:
            more, found = self.facts_and_hidden(on_paths, people, query.today, tx)
            facts.update(more)
            hidden.update(found)
        elif on_paths:
            facts.update(self.facts(on_paths, query.today, tx))
        result = rank_paths(candidates, hood, facts, self.weights, per_referrer=query.per_referrer,
                            limit=query.limit, model=self.calibration)
        result.scope = scope
        return result


@dataclass
class _Screened:
    """Whom the join's statement checked for consent, and those of them hidden (with the
    client's answer), when it touched few enough people to check (JOIN_THEN_FACTS)."""

    checked: set[str] = field(default_factory=set)
    hidden: dict[str, str] = field(default_factory=dict)


@dataclass
class _Space:
    """The neighbourhood while it is being fetched."""

    ties: dict[tuple[str, str], float] = field(default_factory=dict)
    evidence: dict[tuple[str, str], TieEvidence] = field(default_factory=dict)
    nodes: dict[str, int] = field(default_factory=dict)  # our id -> internal id (this transaction)
    dnc: dict[str, bool] = field(default_factory=dict)  # expanded people -> do not contact
    # expanded and reached people -> relationships (ties and jobs, see EXPAND)
    degree: dict[str, int] = field(default_factory=dict)

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


@dataclass
class _Entries:
    """A company's entry points: their ties (in `space`), the employees they lead to
    (`targets`), the people outside the employees' side they start from (`outside`), and
    how many employees may be contacted."""

    space: _Space
    employees: int
    targets: set[str] = field(default_factory=set)
    outside: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, rows: Iterable[list[Any]], employees: int) -> _Entries:
        """From [employee, its internal id, other, its internal id, strength, confirmed,
        interactions] rows."""
        entries = cls(space=_Space(), employees=employees)
        for e, e_node, b, b_node, strength, confirmed, interactions in rows:
            entries.space.add(e, b, strength, confirmed, interactions)
            entries.space.nodes[e], entries.space.nodes[b] = e_node, b_node
            entries.targets.add(e)
            entries.outside.add(b)
        return entries


def _within_budget(space: _Space, end: str, side: set[str], budget: int) -> set[str]:
    """`end` and its people on `side` whose ties add up to at most `budget`, taken in order
    of their tie to the end (by the strength on the search's day, then by id, so the same
    search joins the same people); one over what is left is skipped, the next one tried."""
    if sum(space.degree.get(v, 0) for v in side if v != end) <= budget:
        return side

    def strength(v: str) -> float:
        return space.ties.get((end, v) if end < v else (v, end), 0.0)

    kept, left = {end}, budget
    for v in sorted((v for v in side if v != end), key=lambda v: (-strength(v), v)):
        ties = space.degree.get(v, 0)
        if ties <= left:
            kept.add(v)
            left -= ties
    return kept


def _hashed(nodes: list[int]) -> list[int]:
    """The join's `id(m) IN $to_nodes`, checked for every tie it reads, looks the id up in a
    hash set from IN_HASHED_FROM elements on but compares it with each element of a shorter
    list (Neo4j 5.26, measured): padded with ids no node has (internal ids are never
    negative), the same join of 4,942 ties into 109 people takes 1.5 ms, not 5.0 ms."""
    short = IN_HASHED_FROM - len(nodes)
    return nodes + list(range(-1, -short - 1, -1)) if short > 0 else nodes


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
            consent_required=bool(r.get("consent_required")),
            resting=_resting(r["cooldown"], today), resting_until=_native_date(r["cooldown"]),
            goodwill_balance=r["goodwill"],
        )
        for r in rows
    }
