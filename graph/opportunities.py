"""Referral opportunities for an account manager: whom a client's people can introduce us to.

For one client company, its current employees are the referrers. Every prospect-company
employee they know (directly, or through one person they know) is an opportunity,
scored by the same model as referral paths: the referrer's quality (their company's
ICP fit and health, their record, ask fatigue), the tie strengths and the prospect's
ICP fit. The best path per target person is kept, best first.

The search is bounded by budgets, not by the client's size: it starts from the client
people's ties to people outside the client, 1,000 at most (``REFERRER_TIES``: those to
someone at a prospect, the direct opportunities, first, then the strongest), and from the
people at the other end of the 100 strongest takes their own 30 strongest ties, kept
where they lead to someone at a prospect (``CONNECTOR_TIES``). The prospect people with
the best chain, length and fit (five times the limit, at least 60) are then scored in
full. A big client keeps its referrer ties (graph/entry_points.py), read back and checked
live, so its people's ties are not scanned per request. ``budget=None`` searches every tie
of every client person (the former search, kept to measure what the budget gives up).

Ask timing (referrals/ask_timing.py): when the client's stored signals make now a good
moment to ask (a renewal within 60 days, satisfaction >= 0.8, a win with us in the last
45 days), every opportunity's score is multiplied by the client's timing multiplier
(1 + 0.15 + 0.15 + 0.10 at most, capped at 1.5). The multiplier is returned as the
explanation term `ask_timing` and its reasons are added to the summary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

from graph.ask_timing import signals_from
from graph.db import Graph
from graph.paths import PathFinder, _run
from referrals.ask_timing import TimingVerdict, ask_timing, timing_sentence
from referrals.errors import Invalid, NotFound
from referrals.scoring import DEFAULT_WEIGHTS, PersonFacts, ScoredPath, ScoringWeights, score_path

OUR_TEAM = "our-team"  # the asking side of an opportunity: whoever at our company asks the client

CLIENT = """
MATCH (c:Company {id: $id})
OPTIONAL MATCH (c)<-[w:WORKS_AT]-(e:Person)
WHERE w.current AND NOT coalesce(e.do_not_contact, false)
RETURN c.id AS id, c.name AS name, c.status AS status, collect(e.id) AS employees,
       c.renewal_on AS renewal_on, c.satisfaction AS satisfaction, c.last_win_on AS last_win_on
"""
# Prospect people reachable in one or two hops from the client's people. Our own reps are
# never the middle of an opportunity: a rep who knows the prospect needs no client's help.
REACH = """
UNWIND $employees AS eid
MATCH (e:Person {id: eid})-[k1:KNOWS]-(m:Person)
WHERE NOT coalesce(m.do_not_contact, false) AND NOT m.id IN $employees AND NOT m:Rep
OPTIONAL MATCH (m)-[w:WORKS_AT {current: true}]->(mc:Company)
WITH e, m, k1, head(collect(mc)) AS mc
CALL (e, m, k1, mc) {
  WITH e, m, k1, mc WHERE mc.status = 'prospect'
  RETURN [e.id, m.id] AS nodes, [k1.strength] AS strengths
UNION
  WITH e, m, k1 WHERE $max_hops >= 2
  MATCH (m)-[k2:KNOWS]-(t:Person)-[:WORKS_AT {current: true}]->(tc:Company {status: 'prospect'})
  WHERE NOT coalesce(t.do_not_contact, false) AND t <> e AND NOT t.id IN $employees AND NOT t:Rep
  WITH e, m, k1, t, k2 ORDER BY k2.strength DESC LIMIT 50
  RETURN [e.id, m.id, t.id] AS nodes, [k1.strength, k2.strength] AS strengths
}
RETURN nodes, strengths
"""


REFERRER_TIE_BUDGET = 1000  # the client people's strongest ties looked at for prospect people
CONNECTOR_BUDGET = 100  # the people at their other end whose own ties are looked at
CONNECTOR_TIE_CAP = 30  # each connector's strongest ties looked at for prospect people

# Ties (e)-[k]-(m) ranked: those to someone at a prospect first (with its fit), then the
# strongest; the first $budget, with internal ids for the next step.
_PROSPECT_FIRST = """
WITH e, m, coalesce(k.confirmed_strength, k.strength) AS s,
     COLLECT { MATCH (m)-[:WORKS_AT {current: true}]->(mc:Company {status: 'prospect'})
               RETURN coalesce(mc.icp_score, -1.0) } AS fit
ORDER BY size(fit) > 0 DESC, s DESC LIMIT $budget
RETURN e.id AS referrer, m.id AS middle, id(m) AS node, s, size(fit) > 0 AS prospect, fit[0] AS fit
"""
# The client people's ties to people who are not theirs, not ours (a rep who knows the
# prospect needs no client's help) and may be contacted: those to someone at a prospect
# first (direct opportunities, however weak: a direct ask beats a longer chain), then the
# strongest; with internal ids for the next step, in the same read transaction.
REFERRER_TIES = """
UNWIND $employees AS eid
MATCH (e:Person {id: eid})-[k:KNOWS]-(m:Person)
WHERE NOT m.id IN $employees AND NOT m:Rep AND NOT coalesce(m.do_not_contact, false)
  AND NOT coalesce(k.hidden, false)
""" + _PROSPECT_FIRST
# A big client's kept referrer ties (graph/entry_points.py), each checked live: the tie
# still there and not hidden, the client person still there, nobody on it do-not-contact
# or ours, and whether the other end works at a prospect read now.
KEPT_REFERRER_TIES = """
MATCH (c:Company {id: $client}) WHERE c.reach_from IS NOT NULL
UNWIND range(0, size(c.reach_from) - 1) AS i
MATCH (e:Person {id: c.reach_from[i]})-[k:KNOWS]-(m:Person {id: c.reach_to[i]})
WHERE e.id IN $employees AND NOT m.id IN $employees AND NOT m:Rep
  AND NOT coalesce(m.do_not_contact, false) AND NOT coalesce(k.hidden, false)
""" + _PROSPECT_FIRST
# Each connector's strongest ties, kept when the other end works at a prospect (not the
# client's people, not ours); the cap comes before the employer check, since finding a
# person's employer walks all their ties and a connector may be a hub.
CONNECTOR_TIES = """
UNWIND $nodes AS node
MATCH (m) WHERE id(m) = node
CALL (m) {
  MATCH (m)-[k:KNOWS]-(t:Person)
  WHERE NOT t.id IN $employees AND NOT t:Rep AND NOT coalesce(t.do_not_contact, false)
    AND NOT coalesce(k.hidden, false)
  WITH t, coalesce(k.confirmed_strength, k.strength) AS s ORDER BY s DESC LIMIT $cap
  MATCH (t)-[:WORKS_AT {current: true}]->(tc:Company {status: 'prospect'})
  WITH t, s, max(coalesce(tc.icp_score, -1.0)) AS fit
  RETURN collect([t.id, s, fit]) AS ties
}
RETURN m.id AS middle, ties
"""


SHORTLIST_PER_TARGET = 3  # candidate paths per prospect person scored in full


def _bounded_candidates(graph: Graph, client_id: str, employees: list[str], max_hops: int,
                        budget: int, shortlist: int, weights: ScoringWeights
                        ) -> list[tuple[list[str], list[float]]]:
    """([referrer, (connector), target], strengths) within the budget, in one read
    transaction, cut to the `shortlist` prospect people with the best chain, length and
    fit, the model's terms that need no facts (the referrer's record then decides among
    those)."""
    def work(tx):
        first = (list(tx.run(KEPT_REFERRER_TIES, employees=employees, client=client_id, budget=budget))
                 or list(tx.run(REFERRER_TIES, employees=employees, client=client_id, budget=budget)))
        found = [([r["referrer"], r["middle"]], [r["s"]], r["fit"]) for r in first if r["prospect"]]
        if max_hops >= 2 and first:
            strongest = sorted(first, key=lambda r: -r["s"])[:CONNECTOR_BUDGET]
            nodes = sorted({r["node"] for r in strongest})
            onward = {r["middle"]: r["ties"] for r in tx.run(CONNECTOR_TIES, nodes=nodes, employees=employees,
                                                             cap=CONNECTOR_TIE_CAP)}
            for r in strongest:
                for target, strength, fit in onward.get(r["middle"], ()):
                    if target != r["referrer"]:
                        found.append(([r["referrer"], r["middle"], target], [r["s"], strength], fit))
        return found

    by_target: dict[str, list[tuple[float, list[str], list[float]]]] = {}
    for nodes, strengths, fit in graph.read(work):
        chain = (math.prod(strengths) ** weights.chain_exponent * weights.length_penalty ** len(strengths)
                 * (0.5 + 0.5 * (fit if fit is not None and fit >= 0 else 0.5)))
        by_target.setdefault(nodes[-1], []).append((chain, nodes, strengths))
    best = sorted(by_target.values(), key=lambda paths: -max(p[0] for p in paths))[:shortlist]
    return [(nodes, strengths) for paths in best
            for _chain, nodes, strengths in sorted(paths, key=lambda p: -p[0])[:SHORTLIST_PER_TARGET]]


@dataclass
class Opportunity:
    path: ScoredPath  # [our-team, referrer (client person), (connector), target]

    @property
    def target(self) -> str:
        return self.path.nodes[-1]


def referral_opportunities(graph: Graph, client_id: str, *, limit: int = 20, max_hops: int = 2,
                           today: date | None = None, weights: ScoringWeights = DEFAULT_WEIGHTS,
                           budget: int | None = REFERRER_TIE_BUDGET
                           ) -> tuple[dict, list[Opportunity], dict[str, PersonFacts]]:
    today = today or date.today()
    rows = _run(graph, CLIENT, id=client_id)
    if not rows:
        raise NotFound(f"No company has the id {client_id!r}.")
    client = dict(rows[0])
    if client["status"] != "client":
        raise Invalid(f"{client['name']} is not a client (status {client['status']}).", field="id")
    employees = client.pop("employees")
    timing = ask_timing(signals_from({k: client.pop(k) for k in ("renewal_on", "satisfaction",
                                                                 "last_win_on")}), today)
    client["timing"] = timing.to_dict()
    if not employees:
        return client, [], {}
    if budget is None:
        candidates = [(list(r["nodes"]), list(r["strengths"])) for r in
                      _run(graph, REACH, employees=employees, max_hops=max_hops)]
    else:
        candidates = _bounded_candidates(graph, client_id, employees, max_hops, budget,
                                         shortlist=max(limit * 5, 60), weights=weights)
    finder = PathFinder(graph, weights)
    people = {n for nodes, _ in candidates for n in nodes}
    facts = finder.facts(people, today)
    facts[OUR_TEAM] = PersonFacts(id=OUR_TEAM, name="Our team", is_rep=True)
    best: dict[str, Opportunity] = {}
    for nodes, strengths in candidates:
        if len(set(nodes)) != len(nodes):
            continue
        # the client person is the referrer when they know the target; the first ask goes
        # to them either way, so the path starts at our team with an existing relationship (1.0)
        scored = with_timing(score_path([OUR_TEAM, *nodes], [1.0, *strengths], facts, weights), timing)
        current = best.get(nodes[-1])
        if current is None or scored.score > current.path.score:
            best[nodes[-1]] = Opportunity(scored)
    ranked = sorted(best.values(), key=lambda o: (-o.path.score, o.path.hops, o.path.nodes))
    return client, ranked[:limit], facts


def with_timing(scored: ScoredPath, timing: TimingVerdict) -> ScoredPath:
    """The path with the client's ask-timing multiplier applied (term `ask_timing`, and
    its reasons appended to the summary when it is a good moment)."""
    terms = {**scored.terms, "ask_timing": timing.multiplier}
    sentence = timing_sentence(timing)
    summary = f"{scored.summary} {sentence}" if sentence else scored.summary
    return replace(scored, score=round(scored.score * timing.multiplier, 6), terms=terms, summary=summary)
