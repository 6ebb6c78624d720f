"""Centrality batch: PageRank, sampled betweenness and degree for every Person, stored.

Runs off the request path (``referrals centrality`` or ``POST /api/v1/jobs/centrality``);
path queries only read what it stores. One run:

1. **read**: stream the KNOWS graph from Neo4j, paged by person id (one row per person
   with its outgoing ties as two lists, so the driver decodes 10k rows per page, not a
   row per tie); ids become dense integers as they are met.
2. **compute**: build, PageRank, betweenness, degree and percentiles over the arrays
   (search/centrality.py, no database).
3. **write**: ``pagerank``, ``betweenness``, ``degree``, both percentiles and
   ``centrality_computed_at`` on every Person, in UNWIND batches; then one
   ``(:Maintenance {id: 'centrality'})`` node records the run (``computed_at``,
   ``read_started_at``, ``people``; on the database's clock, as the requests are), so its
   age is one read (insights page, /readyz, ``referrals tick``), not a scan of every Person.

An import that changed something sets ``requested_at`` on that node
(``request_centrality``): the centrality is stale until a run that started reading
after it (``centrality_state``).

Measurements are in docs/centrality.md.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from neo4j import ManagedTransaction

from graph.db import Graph
from graph.stale import REQUEST_CENTRALITY
from graph.stale import request_centrality as request_centrality
from search.centrality import (
    DEFAULT_BETWEENNESS_SAMPLES,
    DEFAULT_SEED,
    Progress,
    Scores,
    TieArrays,
    compute,
    quiet,
)

DEFAULT_READ_PAGE = 10_000
DEFAULT_WRITE_BATCH = 10_000
PHASES = ("read", "build", "pagerank", "betweenness", "percentiles", "write")


# ---- the batch ----------------------------------------------------------------------------
@dataclass
class CentralityResult:
    people: int = 0
    ties: int = 0
    betweenness_samples: int = 0
    seed: int = DEFAULT_SEED
    computed_at: datetime | None = None
    timings: dict[str, float] = field(default_factory=dict)
    top_pagerank: list[tuple[str, float]] = field(default_factory=list)
    top_betweenness: list[tuple[str, float]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "people": self.people,
            "ties": self.ties,
            "betweenness_samples": self.betweenness_samples,
            "seed": self.seed,
            "computed_at": self.computed_at.isoformat() if self.computed_at else None,
            "timings_s": {k: round(v, 3) for k, v in self.timings.items()},
            "top_pagerank": [{"id": i, "pagerank": v} for i, v in self.top_pagerank],
            "top_betweenness": [{"id": i, "betweenness": v} for i, v in self.top_betweenness],
        }


READ_PAGE = """
MATCH (p:Person) WHERE p.id > $after
WITH p ORDER BY p.id LIMIT $page
OPTIONAL MATCH (p)-[k:KNOWS]->(q:Person)
RETURN p.id AS id, collect(q.id) AS others, collect(k.strength) AS strengths
"""
COUNT_PEOPLE = "MATCH (p:Person) RETURN count(p) AS people"
MARK_RUN = """
MERGE (m:Maintenance {id: 'centrality'})
SET m.computed_at = datetime(), m.read_started_at = $read_started_at, m.people = $people
"""
NOW = "RETURN datetime() AS now"  # the database's clock: requests and runs compare on one clock
REQUEST = REQUEST_CENTRALITY  # graph/stale.py: an import asks without loading this module
STATE = """
OPTIONAL MATCH (m:Maintenance {id: 'centrality'})
RETURN m.computed_at AS computed_at, m.read_started_at AS read_started_at,
       m.requested_at AS requested_at, m.people AS people, datetime() AS now
"""
WRITE_BATCH = """
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
SET p.pagerank = row.pagerank, p.betweenness = row.betweenness, p.degree = row.degree,
    p.pagerank_pct = row.pagerank_pct, p.betweenness_pct = row.betweenness_pct,
    p.centrality_computed_at = row.at
"""


def read_ties(graph: Graph, page: int = DEFAULT_READ_PAGE, progress: Progress = quiet) -> TieArrays:
    """Every Person and KNOWS tie, paged by person id (index-backed, no SKIP)."""
    total = graph.query(COUNT_PEOPLE)[0]["people"]
    index: dict[str, int] = {}
    src: list[np.ndarray] = []
    dst: list[np.ndarray] = []
    weight: list[np.ndarray] = []
    after = ""
    done = 0

    def work(tx: ManagedTransaction, after: str) -> list[tuple[str, list[str], list[float]]]:
        result = tx.run(READ_PAGE, after=after, page=page)
        return [tuple(record.values()) for record in result]

    while True:
        rows = graph.read(work, after)
        if not rows:
            break
        for pid, others, strengths in rows:
            u = index.setdefault(pid, len(index))
            if others:
                src.append(np.full(len(others), u, dtype=np.int64))
                dst.append(np.fromiter((index.setdefault(o, len(index)) for o in others),
                                       dtype=np.int64, count=len(others)))
                weight.append(np.asarray([np.nan if s is None else s for s in strengths],
                                         dtype=np.float64))
        after = rows[-1][0]
        done += len(rows)
        progress("read", done, total)
        if len(rows) < page:
            break
    empty = np.zeros(0, dtype=np.int64)
    return TieArrays(
        list(index),
        np.concatenate(src) if src else empty,
        np.concatenate(dst) if dst else empty,
        np.concatenate(weight) if weight else np.zeros(0),
    )


def write_scores(graph: Graph, scores: Scores, computed_at: datetime, batch: int = DEFAULT_WRITE_BATCH,
                 progress: Progress = quiet) -> int:
    rows = list(scores.rows(computed_at))
    for start in range(0, len(rows), batch):
        chunk = rows[start:start + batch]
        graph.write(lambda tx, chunk=chunk: tx.run(WRITE_BATCH, rows=chunk).consume())
        progress("write", min(start + batch, len(rows)), len(rows))
    return len(rows)


def run_centrality(graph: Graph, *, betweenness_samples: int = DEFAULT_BETWEENNESS_SAMPLES,
                   seed: int = DEFAULT_SEED, progress: Progress = quiet,
                   read_page: int = DEFAULT_READ_PAGE, write_batch: int = DEFAULT_WRITE_BATCH,
                   top: int = 5) -> CentralityResult:
    """Read the graph, compute everything, write it back; the timings of each phase."""
    result = CentralityResult(betweenness_samples=betweenness_samples, seed=seed)
    read_started_at = graph.query(NOW)[0]["now"]
    started = time.perf_counter()
    t = time.perf_counter()
    arrays = read_ties(graph, read_page, progress)
    result.timings["read"] = time.perf_counter() - t
    result.people, result.ties = arrays.people, arrays.ties

    scores = compute(arrays, betweenness_samples=betweenness_samples, seed=seed, progress=progress,
                     timings=result.timings)
    result.computed_at = datetime.now(UTC)

    t = time.perf_counter()
    write_scores(graph, scores, result.computed_at, write_batch, progress)
    graph.execute(MARK_RUN, read_started_at=read_started_at, people=result.people)
    result.timings["write"] = time.perf_counter() - t
    # then whom to ask first: each client person's reach into the ideal-prospect market
    # (graph/market_reach.py), stored in the same run so both are as fresh
    from graph.market_reach import refresh_market_reach
    t = time.perf_counter()
    refresh_market_reach(graph, progress=progress)
    result.timings["market_reach"] = time.perf_counter() - t
    result.timings["total"] = time.perf_counter() - started

    for values, target in ((scores.pagerank, result.top_pagerank),
                           (scores.betweenness, result.top_betweenness)):
        clean = np.nan_to_num(values)
        for i in np.argsort(-clean, kind="stable")[:top]:
            target.append((scores.ids[i], round(float(clean[i]), 8)))
    return result


# ---- its age -------------------------------------------------------------------------------
def _native(value: Any) -> Any:
    return value.to_native() if value is not None and hasattr(value, "to_native") else value


def centrality_state(graph: Graph) -> dict[str, Any]:
    """When centrality was last computed and whether the graph changed since:
    {computed_at, age_seconds, people, requested_at, changed_since} (computed_at and
    age_seconds None: never computed). The age is measured by the database's clock."""
    row = graph.query(STATE)[0]
    computed, read_started = _native(row["computed_at"]), _native(row["read_started_at"])
    requested, now = _native(row["requested_at"]), _native(row["now"])
    return {
        "computed_at": computed,
        "age_seconds": None if computed is None else max(0, round((now - computed).total_seconds())),
        "people": row["people"],
        "requested_at": requested,
        "changed_since": requested is not None and (read_started is None or requested > read_started),
    }
