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
full. A client of 50 people or more keeps its reach instead (graph/entry_points.py): the
candidate paths of its 200 best prospect people, found by the same search when the reach is
refreshed, read back and checked live (``KEPT_REACH``), so nothing grows with the client per
request; a tie made since the last refresh waits for the next one. ``budget=None`` searches every tie
of every client person (the former search, kept to measure what the budget gives up).

Ask timing (referrals/ask_timing.py): when the client's stored signals make now a good
moment to ask (a renewal within 60 days, satisfaction >= 0.8, a win with us in the last
45 days), every opportunity's score is multiplied by the client's timing multiplier
(1 + 0.15 + 0.15 + 0.10 at most, capped at 1.5). The multiplier is returned as the
explanation term `ask_timing` and its reasons are added to the summary.

Whom to ask first (referrals/market_reach.py): each opportunity's score is also multiplied
by its client person's reach into the ideal-prospect market, stored by the centrality
batch (graph/market_reach.py): `1 + ln(1 + reach)`, 1 when they know no ideal-fit prospect
person or it was never computed. So among a client's people, the one who knows more of the
market we want is asked first. The factor is the explanation term `market_reach`, and the
summary says it in words ("Ann knows 12 people at ideal-fit prospects.").
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from graph.ask_timing import signals_from
from graph.db import Graph
from graph.market_reach import reach_of
from graph.paths import IN_HASHED_FROM, PathFinder, _run
from graph.tie_reads import strength_as_of, strengths_on
from graph.tie_reads import tie_params as strength_params
from referrals.ask_timing import TimingVerdict, ask_timing, timing_sentence
from referrals.errors import Invalid, NotFound
from referrals.market_reach import MarketReach, ask_first_factor, reach_reason
from referrals.scoring import DEFAULT_WEIGHTS, PersonFacts, ScoredPath, ScoringWeights, score_path
from referrals.tie_strength import TieStrengthParams

PER_REFERRER = 3  # opportunities through one client person before the others' (spread_over_referrers)
OUR_TEAM = "our-team"  # the asking side of an opportunity: whoever at our company asks the client

CLIENT = """
MATCH (c:Company {id: $id})
OPTIONAL MATCH (c)<-[w:WORKS_AT]-(e:Person)
WHERE w.current AND NOT coalesce(e.do_not_contact, false)
RETURN c.id AS id, c.name AS name, c.status AS status, collect(e.id) AS employees,
       c.renewal_on AS renewal_on, c.satisfaction AS satisfaction, c.last_win_on AS last_win_on
"""
# CLIENT without the staff list, for a client that keeps its reach (KEPT_REACH needs none)
CLIENT_HEAD = """
MATCH (c:Company {id: $id})
RETURN c.id AS id, c.name AS name, c.status AS status, c.reach_target IS NOT NULL AS kept,
       COUNT { (c)<-[w:WORKS_AT]-(e:Person) WHERE w.current AND NOT coalesce(e.do_not_contact, false) }
         AS staff,
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

# The client people's ties to people who are not theirs, not ours (a rep who knows the
# prospect needs no client's help) and may be contacted: those to someone at a prospect
# first (direct opportunities, however weak: a direct ask beats a longer chain), then the
# strongest; the first $budget, with internal ids for the next step (in the same read
# transaction).
REFERRER_TIES = """
UNWIND $employees AS eid
MATCH (e:Person {id: eid})-[k:KNOWS]-(m:Person)
WHERE NOT m.id IN $staff AND NOT m:Rep AND NOT coalesce(m.do_not_contact, false)
  AND NOT coalesce(k.hidden, false)
WITH e, m, coalesce(k.confirmed_strength, k.strength) AS s,
     COLLECT { MATCH (m)-[:WORKS_AT {current: true}]->(mc:Company {status: 'prospect'})
               RETURN coalesce(mc.icp_score, -1.0) } AS fit
ORDER BY size(fit) > 0 DESC, s DESC LIMIT $budget
RETURN e.id AS referrer, m.id AS middle, id(m) AS node, s, size(fit) > 0 AS prospect, fit[0] AS fit
"""
# A client's kept reach (graph/entry_points.py): its best candidate paths, each checked
# live: the client person still theirs, the target still at a prospect and not theirs, not
# ours, not do-not-contact; every tie still there and not hidden (strengths read now); the
# connector, when there is one, not theirs, not ours, not do-not-contact. "Theirs" is read
# from the WORKS_AT ties, so a request never sends a big client's whole staff list. Each tie's
# strength comes back twice: as stored (the shortlist's upper bound, as in the live scan) and
# as of the request's day (`now`, graph/tie_reads.py), read here rather than in a second pass.
KEPT_REACH = """
MATCH (c:Company {id: $client}) WHERE c.reach_target IS NOT NULL
UNWIND range(0, size(c.reach_target) - 1) AS i
WITH c, c.reach_referrer[i] AS rid, c.reach_via[i] AS vid, c.reach_target[i] AS tid
WHERE $max_hops >= 2 OR vid = ''
MATCH (e:Person {id: rid})-[w:WORKS_AT]->(c)
WHERE w.current AND NOT coalesce(e.do_not_contact, false)
MATCH (t:Person {id: tid})
WHERE NOT t:Rep AND NOT coalesce(t.do_not_contact, false)
  AND NOT EXISTS { (t)-[:WORKS_AT {current: true}]->(c) }
WITH c, e, t, vid, COLLECT { MATCH (t)-[:WORKS_AT {current: true}]->(tc:Company {status: 'prospect'})
                             RETURN coalesce(tc.icp_score, -1.0) } AS fits
WHERE size(fits) > 0
CALL (c, e, t, vid) {
  WITH e, t, vid WHERE vid = ''
  MATCH (e)-[k:KNOWS]-(t) WHERE NOT coalesce(k.hidden, false)
  RETURN [e.id, t.id] AS nodes, [coalesce(k.confirmed_strength, k.strength)] AS strengths,
         [K_NOW] AS now
UNION
  WITH c, e, t, vid WHERE vid <> ''
  MATCH (m:Person {id: vid})
  WHERE NOT m:Rep AND NOT coalesce(m.do_not_contact, false)
    AND NOT EXISTS { (m)-[:WORKS_AT {current: true}]->(c) }
  MATCH (e)-[k1:KNOWS]-(m)-[k2:KNOWS]-(t)
  WHERE NOT coalesce(k1.hidden, false) AND NOT coalesce(k2.hidden, false)
  RETURN [e.id, m.id, t.id] AS nodes,
         [coalesce(k1.confirmed_strength, k1.strength),
          coalesce(k2.confirmed_strength, k2.strength)] AS strengths,
         [K1_NOW, K2_NOW] AS now
}
RETURN nodes, strengths, now,
       reduce(best = -1.0, f IN fits | CASE WHEN f > best THEN f ELSE best END) AS fit
""".replace("K1_NOW", strength_as_of("k1")).replace("K2_NOW", strength_as_of("k2")) \
   .replace("K_NOW", strength_as_of("k"))
# Each connector's strongest ties, kept when the other end works at a prospect (not the
# client's people, not ours); the cap comes before the employer check, since finding a
# person's employer walks all their ties and a connector may be a hub.
CONNECTOR_TIES = """
UNWIND $nodes AS node
MATCH (m) WHERE id(m) = node
CALL (m) {
  MATCH (m)-[k:KNOWS]-(t:Person)
  WHERE NOT t.id IN $staff AND NOT t:Rep AND NOT coalesce(t.do_not_contact, false)
    AND NOT coalesce(k.hidden, false)
  WITH t, coalesce(k.confirmed_strength, k.strength) AS s ORDER BY s DESC LIMIT $cap
  MATCH (t)-[:WORKS_AT {current: true}]->(tc:Company {status: 'prospect'})
  WITH t, s, max(coalesce(tc.icp_score, -1.0)) AS fit
  RETURN collect([t.id, s, fit]) AS ties
}
RETURN m.id AS middle, ties
"""


SHORTLIST_PER_TARGET = 3  # candidate paths per prospect person scored in full

Candidate = tuple[list[str], list[float], float | None]  # nodes, strengths, the target's fit


def scan_candidates(graph: Graph, employees: list[str], max_hops: int, budget: int) -> list[Candidate]:
    """([referrer, (connector), target], strengths, fit) within the budget, from the client
    people's ties, in one read transaction."""
    staff = _hashed_ids(employees)

    def work(tx):
        first = list(tx.run(REFERRER_TIES, employees=employees, staff=staff, budget=budget))
        found = [([r["referrer"], r["middle"]], [r["s"]], r["fit"]) for r in first if r["prospect"]]
        if max_hops >= 2 and first:
            strongest = sorted(first, key=lambda r: -r["s"])[:CONNECTOR_BUDGET]
            nodes = sorted({r["node"] for r in strongest})
            onward = {r["middle"]: r["ties"] for r in tx.run(CONNECTOR_TIES, nodes=nodes, staff=staff,
                                                             cap=CONNECTOR_TIE_CAP)}
            for r in strongest:
                for target, strength, fit in onward.get(r["middle"], ()):
                    if target != r["referrer"]:
                        found.append(([r["referrer"], r["middle"], target], [r["s"], strength], fit))
        return found

    return graph.read(work)


def _hashed_ids(ids: list[str]) -> list[str]:
    """The client's staff for the scan's `x.id IN $staff`, checked on every tie it reads:
    Neo4j looks an element up in a hash set from IN_HASHED_FROM elements on and compares it
    with each element of a shorter list (graph/paths.py, _hashed). Padded with an id no person
    has (theirs start with p-), the scan of clients of 70-86 people at 100k took 69 ms of
    Neo4j CPU a call instead of 81 (alternating, the same ties read)."""
    short = IN_HASHED_FROM - len(ids)
    return ids + [""] * short if short > 0 else ids


def kept_candidates(graph: Graph, client_id: str, max_hops: int, today: date | None = None,
                    params: TieStrengthParams | None = None
                    ) -> tuple[list[Candidate], dict[tuple[str, str], float]]:
    """The client's kept reach (graph/entry_points.py), checked live, and the strengths of
    its ties on `today` (both orders of each pair as keys, as strengths_on gives them)."""
    rows = _run(graph, KEPT_REACH, client=client_id, max_hops=max_hops,
                **strength_params(today or date.today(), params))
    now: dict[tuple[str, str], float] = {}
    for r in rows:
        for a, b, value in zip(r["nodes"], r["nodes"][1:], r["now"], strict=False):
            now[(a, b)] = now[(b, a)] = max(value, now.get((a, b), value))
    return [(list(r["nodes"]), list(r["strengths"]), r["fit"]) for r in rows], now


def shortlist(found: list[Candidate], size: int,
              weights: ScoringWeights) -> list[tuple[list[str], list[float]]]:
    """The candidate paths of the `size` prospect people with the best chain, length and
    fit, the model's terms that need no facts (the referrer's record then decides among
    those), at most SHORTLIST_PER_TARGET each."""
    by_target: dict[str, list[tuple[float, list[str], list[float]]]] = {}
    for nodes, strengths, fit in found:
        chain = (math.prod(strengths) ** weights.chain_exponent * weights.length_penalty ** len(strengths)
                 * (0.5 + 0.5 * (fit if fit is not None and fit >= 0 else 0.5)))
        by_target.setdefault(nodes[-1], []).append((chain, nodes, strengths))
    best = sorted(by_target.values(), key=lambda paths: -max(p[0] for p in paths))[:size]
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
                           budget: int | None = REFERRER_TIE_BUDGET,
                           tie_params: TieStrengthParams | None = None
                           ) -> tuple[dict, list[Opportunity], dict[str, PersonFacts]]:
    today = today or date.today()
    rows = _run(graph, CLIENT_HEAD, id=client_id)
    if not rows:
        raise NotFound(f"No company has the id {client_id!r}.")
    client = dict(rows[0])
    if client["status"] != "client":
        raise Invalid(f"{client['name']} is not a client (status {client['status']}).", field="id")
    kept, staff = client.pop("kept"), client.pop("staff")
    timing = ask_timing(signals_from({k: client.pop(k) for k in ("renewal_on", "satisfaction",
                                                                 "last_win_on")}), today)
    client["timing"] = timing.to_dict()
    if not staff:
        return client, [], {}
    now = None  # the strengths on `today`, where the candidates' read gave them
    if budget is not None and kept:
        found, now = kept_candidates(graph, client_id, max_hops, today, tie_params)
        candidates = shortlist(found, max(limit * 5, 60), weights)
    else:  # the staff list only for a search from it: a client that keeps its reach needs none
        employees = _run(graph, CLIENT, id=client_id)[0]["employees"]
        if budget is None:
            candidates = [(list(r["nodes"]), list(r["strengths"])) for r in
                          _run(graph, REACH, employees=employees, max_hops=max_hops)]
        else:
            candidates = shortlist(scan_candidates(graph, employees, max_hops, budget), max(limit * 5, 60),
                                   weights)
    # the candidates were found with the stored strengths (upper bounds); they score with
    # each tie's strength today (graph/tie_reads.py: decayed, a confirmed one first)
    if now is None:
        now = strengths_on(graph, {(a, b) for nodes, _ in candidates
                                   for a, b in zip(nodes, nodes[1:], strict=False)}, today, tie_params)
    candidates = [(nodes, [now.get((a, b), s) for a, b, s in zip(nodes, nodes[1:], strengths, strict=False)])
                  for nodes, strengths in candidates]
    finder = PathFinder(graph, weights)
    people = {n for nodes, _ in candidates for n in nodes}
    facts = finder.facts(people, today)
    facts[OUR_TEAM] = PersonFacts(id=OUR_TEAM, name="Our team", is_rep=True)
    reach = reach_of(graph, {nodes[0] for nodes, _ in candidates})
    best: dict[str, Opportunity] = {}
    for nodes, strengths in candidates:
        if len(set(nodes)) != len(nodes):
            continue
        # the client person is the referrer when they know the target; the first ask goes
        # to them either way, so the path starts at our team with an existing relationship (1.0)
        # the client person is the one asked either way: their client's fit and health, their
        # record and fatigue make the referrer quality, not the contact who knows the target
        scored = with_timing(score_path([OUR_TEAM, *nodes], [1.0, *strengths], facts, weights, asked=1),
                             timing)
        scored = with_reach(scored, reach.get(nodes[0]), facts[nodes[0]].display_name)
        current = best.get(nodes[-1])
        if current is None or scored.score > current.path.score:
            best[nodes[-1]] = Opportunity(scored)
    ranked = sorted(best.values(), key=lambda o: (-o.path.score, o.path.hops, o.path.nodes))
    return client, spread_over_referrers(ranked, limit), facts


def spread_over_referrers(ranked: list[Opportunity], limit: int,
                          per_referrer: int = PER_REFERRER) -> list[Opportunity]:
    """The best `limit`, at most `per_referrer` through one client person while others have
    some: one person asked for ten introductions at once says yes to few (ask fatigue), and
    the market-reach factor would otherwise give the best-connected person every row."""
    first, rest, per = [], [], Counter()
    for o in ranked:
        referrer = o.path.nodes[1]
        (first if per[referrer] < per_referrer else rest).append(o)
        per[referrer] += 1
    return (first + rest)[:limit] if len(first) < limit else first[:limit]


def with_timing(scored: ScoredPath, timing: TimingVerdict) -> ScoredPath:
    """The path with the client's ask-timing multiplier applied (term `ask_timing`, and
    its reasons appended to the summary when it is a good moment)."""
    terms = {**scored.terms, "ask_timing": timing.multiplier}
    sentence = timing_sentence(timing)
    summary = f"{scored.summary} {sentence}" if sentence else scored.summary
    return replace(scored, score=round(scored.score * timing.multiplier, 6), terms=terms, summary=summary)


def with_reach(scored: ScoredPath, reach: MarketReach | None, name: str) -> ScoredPath:
    """The path with its client person's market-reach factor (term `market_reach`; the
    summary says how many ideal-fit prospect people they know)."""
    factor = ask_first_factor(reach.reach if reach else None)
    terms = {**scored.terms, "market_reach": factor}
    reason = reach_reason(reach.people if reach else None)
    summary = f"{scored.summary} {name} {reason}." if reason else scored.summary
    return replace(scored, score=round(scored.score * factor, 6), terms=terms, summary=summary)
