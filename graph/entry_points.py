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

A client keeps its **reach**: the candidate paths of its referral opportunities
(graph/opportunities.py, the bounded search) to its ``KEPT_REACH_TARGETS`` best prospect
people, three paths each at most, so a client page reads a few hundred paths back (each
checked live) instead of searching:

    (:Company {reach_referrer: [client person ids], reach_via: [connector id or ''],
               reach_target: [prospect person ids], reach_at: datetime})

The refresh is a batch. The nightly centrality job, ``referrals centrality`` and a seed load
keep the reach of every client (``every_client``). After an import that changed something
(through the API a background job, graph/jobs.py kind ``entry-points``; the CLI's import
before it returns, services/imports.py) only clients of at least ``KEEP_REACH_FROM_EMPLOYEES``
people are searched again, and the smaller clients' kept reach is dropped: it predates the
import's ties, and their live scan, a few hundred milliseconds, sees them until the next
batch keeps it again. At 100k people that is 77 clients after an import and 399 in the
batch (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from graph.db import Graph
from graph.tie_reads import tie_params
from referrals.scoring import DEFAULT_WEIGHTS

# graph.paths (networkx, about 11 MB) and graph.opportunities (graphblas and numba through the
# market reach, about 70 MB) are imported where a company is big enough to need them: the
# refresh after most imports finds none, and an import process's memory is budgeted
# (docs/imports.md)

KEEP_FROM_EMPLOYEES = 500  # companies this big keep their entry points
KEPT = 400  # ties kept per company: the reps' first, then the strongest
# clients this big keep their reach after an import too: at 100k a live scan cost clients of
# 50-99 people 70-95 ms of Neo4j CPU a request against ~40 ms for a kept reach
# (docs/benchmarks.md); the batch keeps every client's
KEEP_REACH_FROM_EMPLOYEES = 50
KEPT_REACH_TARGETS = 200  # prospect people whose candidate paths a client keeps

BIG_COMPANIES = """
MATCH (c:Company)<-[w:WORKS_AT]-()
WHERE w.current
WITH c, count(*) AS employees WHERE employees >= $min
RETURN c.id AS id, employees, c.status = 'client' AS client ORDER BY employees DESC
"""
KEEP_REACH = """
MATCH (c:Company {id: $client})
SET c.reach_referrer = $referrer, c.reach_via = $via, c.reach_target = $target, c.reach_at = $now
REMOVE c.reach_from, c.reach_to
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
MATCH (c:Company) WHERE (c.reach_target IS NOT NULL OR c.reach_from IS NOT NULL) AND NOT c.id IN $clients
REMOVE c.reach_referrer, c.reach_via, c.reach_target, c.reach_at, c.reach_from, c.reach_to
"""


def refresh_entry_points(graph: Graph, *, min_employees: int | None = None,
                         min_client_people: int | None = None, every_client: bool = False,
                         forget: bool = True, progress: Callable[[int, int], None] | None = None) -> int:
    """Keep the entry points of every company of `min_employees` or more, and the reach of
    every client of `min_client_people` or more (default: every client with `every_client`,
    the batch's choice, else KEEP_REACH_FROM_EMPLOYEES, the refresh after an import's, which
    drops the reach the clients it does not search again keep); with `forget`, forget the
    entry points and reach of companies that shrank (or stopped being clients): what such a
    company still keeps is checked live when read, so the refresh after an import leaves
    that to the nightly batch. Returns how many companies keep either."""
    keep_entries = KEEP_FROM_EMPLOYEES if min_employees is None else min_employees
    keep_reach = ((1 if every_client else KEEP_REACH_FROM_EMPLOYEES) if min_client_people is None
                  else min_client_people)
    big = [c for c in graph.query(BIG_COMPANIES, min=min(keep_entries, keep_reach))
           if c["employees"] >= keep_entries or (c["client"] and c["employees"] >= keep_reach)]
    now = datetime.now(UTC)
    entries, reaches = [], []
    for done, company in enumerate(big, start=1):
        if company["employees"] >= keep_entries:
            from graph.paths import ENTRY_POINTS
            # the same choice as the live search for every rep (graph/paths.py), with more kept
            scanned = graph.query(ENTRY_POINTS, id=company["id"], source=None, budget=KEPT,
                                  **tie_params(now.date()))[0]  # its strengths: graph/tie_reads.py
            graph.execute(KEEP_ENTRIES, id=company["id"], employees=scanned["employees"], now=now,
                          entry_from=[e[0] for e in scanned["entries"]],
                          entry_to=[e[2] for e in scanned["entries"]])
            entries.append(company["id"])
        if company["client"] and company["employees"] >= keep_reach:
            keep_reach_of(graph, company["id"], now)
            reaches.append(company["id"])
        if progress:
            progress(done, len(big))
    if forget:
        graph.execute(FORGET_SMALL, big=entries)
    if forget or not every_client:  # a reach not searched again predates this refresh's ties
        graph.execute(FORGET_NOT_CLIENTS, clients=reaches)
    return len(big)


def keep_reach_of(graph: Graph, client_id: str, now: datetime) -> int:
    """Search the client's opportunities within the budget, as a request would, and keep the
    candidate paths of its best prospect people. Returns how many paths it keeps."""
    from graph.opportunities import CLIENT, REFERRER_TIE_BUDGET, scan_candidates, shortlist

    employees = graph.query(CLIENT, id=client_id)[0]["employees"]
    found = scan_candidates(graph, employees, 2, REFERRER_TIE_BUDGET)
    paths = shortlist(found, KEPT_REACH_TARGETS, DEFAULT_WEIGHTS)
    graph.execute(KEEP_REACH, client=client_id, now=now,
                  referrer=[nodes[0] for nodes, _ in paths],
                  via=[nodes[1] if len(nodes) == 3 else "" for nodes, _ in paths],
                  target=[nodes[-1] for nodes, _ in paths])
    return len(paths)
