"""Kept entry points of big companies: the ties "anyone at Acme" and a big client's
referral opportunities start from.

A company search starts from its employees' strongest ties (graph/paths.py,
``ENTRY_POINTS``). Finding them scans every employee's ties, which grows with the
company: about a second for a 17,500-person company. A company of at least
``KEEP_FROM_EMPLOYEES`` employees keeps the result on its node instead, refreshed by
``refresh_entry_points`` (after the centrality batch, after a seed load and after an
import), and the search reads the kept ties back, checking each one live (still there,
not hidden, the employee still there, nobody on it do-not-contact). A tie made after
the last refresh is not an entry point until the next one; smaller companies are always
scanned live.

    (:Company {entry_from: [employee ids], entry_to: [their contacts' ids],
               entry_employees: n, entry_points_at: datetime})

A big client also keeps its people's ties that its referral opportunities start from
(graph/opportunities.py, ``REFERRER_TIES``: those to someone at a prospect first):

    (:Company {reach_from: [client people's ids], reach_to: [their contacts' ids]})
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from graph.db import Graph
from graph.opportunities import CLIENT, REFERRER_TIE_BUDGET, REFERRER_TIES
from graph.paths import ENTRY_POINTS

KEEP_FROM_EMPLOYEES = 2_000  # companies this big keep their entry points
KEPT = 400  # ties kept per company: the reps' first, then the strongest

BIG_COMPANIES = """
MATCH (c:Company)<-[w:WORKS_AT]-()
WHERE w.current
WITH c, count(*) AS employees WHERE employees >= $min
RETURN c.id AS id, c.status = 'client' AS client ORDER BY employees DESC
"""
KEEP_REACH = """
MATCH (c:Company {id: $client})
SET c.reach_from = $reach_from, c.reach_to = $reach_to
"""
KEEP_ENTRIES = """
MATCH (c:Company {id: $id})
SET c.entry_from = $entry_from, c.entry_to = $entry_to, c.entry_employees = $employees,
    c.entry_points_at = $now
"""
FORGET_SMALL = """
MATCH (c:Company) WHERE c.entry_from IS NOT NULL AND NOT c.id IN $big
REMOVE c.entry_from, c.entry_to, c.entry_employees, c.entry_points_at
"""
FORGET_NOT_CLIENTS = """
MATCH (c:Company) WHERE c.reach_from IS NOT NULL AND NOT c.id IN $clients
REMOVE c.reach_from, c.reach_to
"""


def refresh_entry_points(graph: Graph, *, min_employees: int | None = None,
                         progress: Callable[[int, int], None] | None = None) -> int:
    """Keep the entry points of every company of `min_employees` or more, and a big
    client's referrer ties; forget them on companies that shrank (or stopped being
    clients). Returns how many companies keep them."""
    big = graph.query(BIG_COMPANIES, min=KEEP_FROM_EMPLOYEES if min_employees is None else min_employees)
    now = datetime.now(UTC)
    for done, company in enumerate(big, start=1):
        # the same choice as the live search for every rep (graph/paths.py), with more kept
        scanned = graph.query(ENTRY_POINTS, id=company["id"], source=None, budget=KEPT)[0]
        graph.execute(KEEP_ENTRIES, id=company["id"], employees=scanned["employees"], now=now,
                      entry_from=[e[0] for e in scanned["entries"]],
                      entry_to=[e[2] for e in scanned["entries"]])
        if company["client"]:
            employees = graph.query(CLIENT, id=company["id"])[0]["employees"]
            ties = graph.query(REFERRER_TIES, employees=employees, client=company["id"],
                               budget=REFERRER_TIE_BUDGET)
            graph.execute(KEEP_REACH, client=company["id"], reach_from=[t["referrer"] for t in ties],
                          reach_to=[t["middle"] for t in ties])
        if progress:
            progress(done, len(big))
    graph.execute(FORGET_SMALL, big=[c["id"] for c in big])
    graph.execute(FORGET_NOT_CLIENTS, clients=[c["id"] for c in big if c["client"]])
    return len(big)
