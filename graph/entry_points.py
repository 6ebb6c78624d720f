"""Kept entry points of big companies: the ties "anyone at Acme" starts from.

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
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from graph.db import Graph

KEEP_FROM_EMPLOYEES = 2_000  # companies this big keep their entry points
KEPT = 400  # ties kept per company: the reps' first, then the strongest

BIG_COMPANIES = """
MATCH (c:Company)<-[w:WORKS_AT]-()
WHERE w.current
WITH c, count(*) AS employees WHERE employees >= $min
RETURN c.id AS id ORDER BY employees DESC
"""
# The same choice as graph/paths.py ENTRY_POINTS for every rep, with more kept.
SCAN = """
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
  WITH e, b, coalesce(k.confirmed_strength, k.strength) AS s ORDER BY b:Rep DESC, s DESC LIMIT $kept
  RETURN collect(e.id) AS entry_from, collect(b.id) AS entry_to
}
SET c.entry_from = entry_from, c.entry_to = entry_to, c.entry_employees = employees,
    c.entry_points_at = $now
"""
FORGET_SMALL = """
MATCH (c:Company) WHERE c.entry_from IS NOT NULL AND NOT c.id IN $big
REMOVE c.entry_from, c.entry_to, c.entry_employees, c.entry_points_at
"""


def refresh_entry_points(graph: Graph, *, min_employees: int = KEEP_FROM_EMPLOYEES,
                         progress: Callable[[int, int], None] | None = None) -> int:
    """Keep the entry points of every company of `min_employees` or more (one write
    transaction each); forget them on companies that shrank. Returns how many were kept."""
    big = [r["id"] for r in graph.query(BIG_COMPANIES, min=min_employees)]
    now = datetime.now(UTC)
    for done, company in enumerate(big, start=1):
        graph.execute(SCAN, id=company, kept=KEPT, now=now)
        if progress:
            progress(done, len(big))
    graph.execute(FORGET_SMALL, big=big)
    return len(big)
