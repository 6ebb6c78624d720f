"""Centrality batch: PageRank, sampled betweenness and degree for every Person.

Runs off the request path (``referrals centrality`` or ``POST /api/v1/jobs/centrality``);
path queries only read what it stores. One run:

1. **read**: stream the KNOWS graph from Neo4j, paged by person id (one row per person
   with its outgoing ties as two lists, so the driver decodes 10k rows per page, not a
   row per tie); ids become dense integers as they are met.
2. **build**: one symmetric GraphBLAS matrix (strength as weight, both directions) plus
   its boolean pattern. About 24 bytes per stored tie instead of ~345 in networkx.
3. **pagerank**: networkx's PageRank through its graphblas backend
   (``graphblas_algorithms``), weighted by strength; same numbers as ``nx.pagerank``.
4. **betweenness**: Brandes' algorithm from ``k`` seeded random pivots, batched: all
   pivots advance one BFS level per sparse matrix product (the LAGraph formulation).
   Pivots are drawn exactly as ``nx.betweenness_centrality(G, k, seed=...)`` draws them
   and the result is rescaled the same way, so the numbers equal networkx's.
5. **percentiles**: ``pagerank_pct`` / ``betweenness_pct`` in 0..1, the share of people
   with a strictly smaller value (``(# below) / (n - 1)``): the lowest value is 0, the
   unique highest is 1, and everybody a sampled run leaves at betweenness 0 shares 0.
   The path scoring (``referrals.scoring``) reads these.
6. **write**: ``pagerank``, ``betweenness``, ``degree``, both percentiles and
   ``centrality_computed_at`` on every Person, in UNWIND batches.

Measurements are in docs/centrality.md.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import graphblas as gb
import numpy as np
from graphblas import Matrix, binary, semiring
from neo4j import ManagedTransaction

from graph.db import Graph

DEFAULT_BETWEENNESS_SAMPLES = 64
DEFAULT_READ_PAGE = 10_000
DEFAULT_WRITE_BATCH = 10_000
DEFAULT_SEED = 42
PAGERANK_ALPHA = 0.85

# progress(phase, done, total): total is None when not known in advance
Progress = Callable[[str, int, int | None], None]
PHASES = ("read", "build", "pagerank", "betweenness", "percentiles", "write")


def _quiet(_phase: str, _done: int, _total: int | None) -> None:
    return None


# ---- the in-memory graph ----------------------------------------------------------------
@dataclass
class TieArrays:
    """The KNOWS graph as flat arrays: person ``i`` is ``ids[i]``; one entry per stored tie."""

    ids: list[str]
    src: np.ndarray  # int64 indexes into ids
    dst: np.ndarray
    strength: np.ndarray  # float64

    @property
    def people(self) -> int:
        return len(self.ids)

    @property
    def ties(self) -> int:
        return int(self.src.size)

    @classmethod
    def from_ties(cls, ties: Iterable[tuple[str, str, float]], people: Iterable[str] = ()) -> TieArrays:
        """From ``(a, b, strength)`` triples (and people who may have no tie)."""
        index: dict[str, int] = {}
        for p in people:
            index.setdefault(p, len(index))
        src: list[int] = []
        dst: list[int] = []
        weight: list[float] = []
        for a, b, s in ties:
            src.append(index.setdefault(a, len(index)))
            dst.append(index.setdefault(b, len(index)))
            weight.append(s)
        return cls(list(index), np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64),
                   np.asarray(weight, dtype=np.float64))


def build_matrices(arrays: TieArrays) -> tuple[Matrix, Matrix]:
    """(weighted, pattern): symmetric n x n matrices; self-ties dropped, duplicates keep the max.

    A strength that is missing, NaN or <= 0 counts as the smallest positive weight, so
    every tie stays in the graph (PageRank needs a positive row sum).
    """
    n = arrays.people
    keep = arrays.src != arrays.dst
    src, dst, w = arrays.src[keep], arrays.dst[keep], arrays.strength[keep]
    w = np.where(np.isfinite(w) & (w > 0), w, 1e-6)
    rows = np.concatenate([src, dst])
    cols = np.concatenate([dst, src])
    vals = np.concatenate([w, w])
    weighted = Matrix.from_coo(rows, cols, vals, nrows=n, ncols=n, dtype=float, dup_op=binary.max)
    pattern = Matrix.from_coo(rows, cols, True, nrows=n, ncols=n, dtype=bool)
    return weighted, pattern


# ---- the algorithms ---------------------------------------------------------------------
def pagerank(weighted: Matrix, alpha: float = PAGERANK_ALPHA, tol: float = 1e-6,
             max_iter: int = 100) -> np.ndarray:
    """Weighted PageRank over the symmetric matrix, as ``nx.pagerank(G, weight=...)``.

    Runs networkx's graphblas backend (``graphblas_algorithms``) directly on the matrix,
    skipping the networkx graph and the conversion. People without ties are dangling
    nodes, exactly as in networkx.
    """
    import graphblas_algorithms as ga

    n = weighted.nrows
    if n == 0:
        return np.zeros(0)
    if weighted.nvals == 0:
        return np.full(n, 1.0 / n)
    g = ga.Graph(weighted)
    x = ga.algorithms.pagerank(g, alpha=alpha, tol=tol, max_iter=max_iter)
    _idx, values = x.to_coo()
    out = np.zeros(n)
    out[_idx] = values
    return out


def pivots(n: int, k: int, seed: int) -> list[int] | None:
    """The pivot indexes networkx would draw: ``random.Random(seed).sample(nodes, k)``.

    None means every node (k >= n), which networkx also treats as exact betweenness.
    """
    if k >= n:
        return None
    return random.Random(seed).sample(range(n), k)


def betweenness(pattern: Matrix, k: int | None = DEFAULT_BETWEENNESS_SAMPLES, seed: int = DEFAULT_SEED,
                batch: int = 64, progress: Progress = _quiet) -> np.ndarray:
    """Normalised betweenness from ``k`` seeded pivots (None: exact), unweighted hops.

    Equals ``nx.betweenness_centrality(G, k=k, seed=seed)`` on the same graph with nodes
    in index order. Pivots are processed ``batch`` at a time: ``F`` holds the BFS
    frontier of every pivot in the batch (one row each) with its shortest-path counts,
    so each level is one masked sparse product; the dependencies flow back level by
    level the same way.
    """
    n = pattern.nrows
    if n < 3:
        return np.zeros(n)
    chosen = pivots(n, k, seed) if k is not None else None
    sources = list(range(n)) if chosen is None else chosen
    totals = np.zeros(n)
    for start in range(0, len(sources), batch):
        part = sources[start:start + batch]
        totals += _brandes_batch(pattern, part)
        progress("betweenness", min(start + batch, len(sources)), len(sources))
    return _rescale(totals, n, chosen)


def _brandes_batch(a: Matrix, sources: list[int]) -> np.ndarray:
    """Sum over ``sources`` of the Brandes dependencies delta_s(v) (v != s)."""
    k, n = len(sources), a.nrows
    frontier = Matrix.from_coo(np.arange(k), np.asarray(sources), 1.0, nrows=k, ncols=n)
    paths = frontier.dup()  # sigma: shortest-path counts of every node reached so far
    levels = [frontier.dup()]
    while True:
        frontier(~paths.S, replace=True) << semiring.plus_first(frontier @ a)
        if frontier.nvals == 0:
            break
        paths(frontier.S) << frontier
        levels.append(frontier.dup())
    delta = Matrix(float, k, n)
    for depth in range(len(levels) - 1, 1, -1):
        # w = (1 + delta) / sigma on this level, pushed to its predecessors one level up
        w = levels[depth].apply(gb.unary.one).new()
        w(accum=binary.plus, mask=w.S) << delta
        w << binary.truediv(w & paths)
        up = Matrix(float, k, n)
        up(mask=levels[depth - 1].S) << semiring.plus_first(w @ a)
        delta(accum=binary.plus) << binary.times(up & paths)
    result = delta.reduce_columnwise(gb.monoid.plus).new()
    idx, values = result.to_coo()
    out = np.zeros(n)
    out[idx] = values
    return out


def _rescale(totals: np.ndarray, n: int, chosen: list[int] | None) -> np.ndarray:
    """networkx's normalisation (undirected, endpoints excluded, sampled or not)."""
    big_n = n - 1  # (s, t) pairs through v exclude v itself
    if chosen is None:
        return totals / (big_n * (big_n - 1))
    k = len(chosen)
    scaled = totals / (k * (big_n - 1))
    if k > 1:
        idx = np.asarray(chosen)
        scaled[idx] = totals[idx] / ((k - 1) * (big_n - 1))
    else:
        scaled[np.asarray(chosen)] = math.nan
    return scaled


def degrees(pattern: Matrix) -> np.ndarray:
    n = pattern.nrows
    counts = pattern.reduce_rowwise(gb.agg.count).new()
    idx, values = counts.to_coo()
    out = np.zeros(n, dtype=np.int64)
    out[idx] = values
    return out


def percentile_ranks(values: np.ndarray) -> np.ndarray:
    """Share of the others with a strictly smaller value, in 0..1 (NaN counts as 0)."""
    n = values.size
    if n == 0:
        return np.zeros(0)
    if n == 1:
        return np.ones(1)
    clean = np.nan_to_num(values, nan=0.0)
    below = np.searchsorted(np.sort(clean), clean, side="left")
    return below / (n - 1)


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


@dataclass
class Scores:
    """Everything computed for the people of one TieArrays, index-aligned with ``ids``."""

    ids: list[str]
    pagerank: np.ndarray
    betweenness: np.ndarray
    degree: np.ndarray
    pagerank_pct: np.ndarray
    betweenness_pct: np.ndarray

    def rows(self, computed_at: datetime) -> Iterable[dict[str, Any]]:
        for i, pid in enumerate(self.ids):
            yield {"id": pid, "pagerank": float(self.pagerank[i]),
                   "betweenness": float(np.nan_to_num(self.betweenness[i])),
                   "degree": int(self.degree[i]), "pagerank_pct": round(float(self.pagerank_pct[i]), 6),
                   "betweenness_pct": round(float(self.betweenness_pct[i]), 6), "at": computed_at}


def compute(arrays: TieArrays, *, betweenness_samples: int | None = DEFAULT_BETWEENNESS_SAMPLES,
            seed: int = DEFAULT_SEED, progress: Progress = _quiet,
            timings: dict[str, float] | None = None) -> Scores:
    """The pure part (no database): build, PageRank, betweenness, degree, percentiles."""
    timings = {} if timings is None else timings
    t = time.perf_counter()
    weighted, pattern = build_matrices(arrays)
    timings["build"] = time.perf_counter() - t
    progress("build", 1, 1)

    t = time.perf_counter()
    pr = pagerank(weighted)
    timings["pagerank"] = time.perf_counter() - t
    progress("pagerank", 1, 1)

    t = time.perf_counter()
    bc = betweenness(pattern, betweenness_samples, seed, progress=progress)
    timings["betweenness"] = time.perf_counter() - t

    t = time.perf_counter()
    deg = degrees(pattern)
    scores = Scores(arrays.ids, pr, bc, deg, percentile_ranks(pr), percentile_ranks(bc))
    timings["percentiles"] = time.perf_counter() - t
    progress("percentiles", 1, 1)
    return scores


READ_PAGE = """
MATCH (p:Person) WHERE p.id > $after
WITH p ORDER BY p.id LIMIT $page
OPTIONAL MATCH (p)-[k:KNOWS]->(q:Person)
RETURN p.id AS id, collect(q.id) AS others, collect(k.strength) AS strengths
"""
COUNT_PEOPLE = "MATCH (p:Person) RETURN count(p) AS people"
WRITE_BATCH = """
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
SET p.pagerank = row.pagerank, p.betweenness = row.betweenness, p.degree = row.degree,
    p.pagerank_pct = row.pagerank_pct, p.betweenness_pct = row.betweenness_pct,
    p.centrality_computed_at = row.at
"""


def read_ties(graph: Graph, page: int = DEFAULT_READ_PAGE, progress: Progress = _quiet) -> TieArrays:
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
                 progress: Progress = _quiet) -> int:
    rows = list(scores.rows(computed_at))
    for start in range(0, len(rows), batch):
        chunk = rows[start:start + batch]
        graph.write(lambda tx, chunk=chunk: tx.run(WRITE_BATCH, rows=chunk).consume())
        progress("write", min(start + batch, len(rows)), len(rows))
    return len(rows)


def run_centrality(graph: Graph, *, betweenness_samples: int = DEFAULT_BETWEENNESS_SAMPLES,
                   seed: int = DEFAULT_SEED, progress: Progress = _quiet,
                   read_page: int = DEFAULT_READ_PAGE, write_batch: int = DEFAULT_WRITE_BATCH,
                   top: int = 5) -> CentralityResult:
    """Read the graph, compute everything, write it back; the timings of each phase."""
    result = CentralityResult(betweenness_samples=betweenness_samples, seed=seed)
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
    result.timings["write"] = time.perf_counter() - t
    result.timings["total"] = time.perf_counter() - started

    for values, target in ((scores.pagerank, result.top_pagerank),
                           (scores.betweenness, result.top_betweenness)):
        clean = np.nan_to_num(values)
        for i in np.argsort(-clean, kind="stable")[:top]:
            target.append((scores.ids[i], round(float(clean[i]), 8)))
    return result
