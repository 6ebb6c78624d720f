"""Market reach: each client person's reach into the ideal-prospect market, stored.

Whom to ask first among a client's people (referrals/market_reach.py, docs/ranking.md
"Whom to ask first"): the strength-weighted count of the people they know who work at an
ideal-fit prospect company. Computed in the centrality batch (graph/centrality.py calls
``refresh_market_reach`` at its end), read by the opportunities and the weekly list.

Who gets one: only the people who could be asked, the current employees of client
companies (not do-not-contact, not our reps); everyone else is skipped. The read starts
from the market (the ideal-fit prospects' people) and walks their ties back to client
people, so it touches a fraction of the graph. Whom it counts, one hop away: people (not our reps, not
do-not-contact) with a current job at a prospect company whose stored ``icp_score`` is at
least the current profile's ``ideal_threshold`` (graph/icp_store.py), over ties that are
not hidden, each at its confirmed strength if a person confirmed it, else its stored
strength (an upper bound of today's decayed one, graph/tie_reads.py; the batch runs
daily). Two ties between the same pair count once, at the larger strength.

Stored on the Person: ``market_reach`` (the weighted count), ``market_reach_people``
(how many people) and ``market_reach_at`` (when computed). A person who is no longer at a
client loses the three. Writes go in UNWIND batches, parameters only.

Staleness: a new tie, a rescored profile or a company turned prospect shows at the next
centrality run (after every import and on the schedule: docs/centrality.md).
Cost: docs/centrality.md ("Market reach").
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from graph.db import Graph
from graph.icp_store import current_profile
from referrals.market_reach import MarketReach, market_reach
from referrals.progress import Progress, quiet

DEFAULT_BATCH = 10_000

ASKABLE = """
MATCH (e:Person)-[:WORKS_AT {current: true}]->(:Company {status: 'client'})
WHERE NOT e:Rep AND NOT coalesce(e.do_not_contact, false)
RETURN DISTINCT e.id AS id ORDER BY id
"""
# From the market's side: the ideal-fit prospects' people (a few thousand at 100k people)
# and their ties to client people, one row per client person who knows any, with the
# strength of each one they know (the larger of two ties to the same person). Walking from
# the market is 5x cheaper than from every client person (docs/centrality.md).
MARKET_TIES = """
MATCH (c:Company {status: 'prospect'}) WHERE c.icp_score >= $threshold
MATCH (c)<-[:WORKS_AT {current: true}]-(q:Person)
WHERE NOT q:Rep AND NOT coalesce(q.do_not_contact, false)
WITH DISTINCT q
MATCH (q)-[k:KNOWS]-(e:Person)
WHERE e <> q AND NOT e:Rep AND NOT coalesce(e.do_not_contact, false) AND NOT coalesce(k.hidden, false)
  AND EXISTS { MATCH (e)-[:WORKS_AT {current: true}]->(:Company {status: 'client'}) }
WITH e, q, max(coalesce(k.confirmed_strength, k.strength, 0.0)) AS s
RETURN e.id AS id, collect(s) AS strengths
"""
WRITE_BATCH = """
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
SET p.market_reach = row.reach, p.market_reach_people = row.people, p.market_reach_at = $at
"""
CLEAR_STALE = """
MATCH (p:Person) WHERE p.market_reach_at IS NOT NULL AND p.market_reach_at <> $at
REMOVE p.market_reach, p.market_reach_people, p.market_reach_at
RETURN count(p) AS cleared
"""
READ = """
UNWIND $ids AS pid
MATCH (p:Person {id: pid}) WHERE p.market_reach IS NOT NULL
RETURN p.id AS id, p.market_reach AS reach, p.market_reach_people AS people
"""


def refresh_market_reach(graph: Graph, *, batch: int = DEFAULT_BATCH,
                         progress: Progress = quiet) -> dict[str, Any]:
    """Compute and store every client person's market reach; {people, cleared, threshold,
    computed_at, seconds}."""
    started = time.perf_counter()
    threshold = current_profile(graph).ideal_threshold
    at = datetime.now(UTC)
    ids = [r["id"] for r in graph.query(ASKABLE)]
    known = {r["id"]: r["strengths"] for r in graph.query(MARKET_TIES, threshold=threshold)}
    for start in range(0, len(ids), batch):
        rows = []
        for pid in ids[start:start + batch]:
            found = market_reach(known.get(pid, ()))  # knows no one there: 0
            rows.append({"id": pid, "reach": found.reach, "people": found.people})
        graph.execute(WRITE_BATCH, rows=rows, at=at)
        progress("market reach", min(start + batch, len(ids)), len(ids))
    cleared = graph.execute(CLEAR_STALE, at=at)[0]["cleared"]
    return {"people": len(ids), "cleared": cleared, "threshold": threshold,
            "computed_at": at.isoformat(), "seconds": round(time.perf_counter() - started, 3)}


def reach_of(graph: Graph, ids: set[str] | list[str]) -> dict[str, MarketReach]:
    """The stored reach of these people (absent: never computed, or not a client person)."""
    if not ids:
        return {}
    return {r["id"]: MarketReach(float(r["reach"]), int(r["people"] or 0))
            for r in graph.query(READ, ids=sorted(ids))}
