"""Centrality maths over plain arrays: PageRank, sampled betweenness, degree, percentiles.

No database here: graph/centrality.py reads the KNOWS graph into ``TieArrays``, calls
``compute`` and stores the ``Scores``; the evaluation and the benchmark (seed/) call it
on graphs of their own.

1. **build**: one symmetric GraphBLAS matrix (strength as weight, both directions) plus
   its boolean pattern. About 24 bytes per stored tie instead of ~345 in networkx.
2. **pagerank**: networkx's PageRank through its graphblas backend
   (``graphblas_algorithms``), weighted by strength; same numbers as ``nx.pagerank``.
3. **betweenness**: Brandes' algorithm from ``k`` seeded random pivots, batched: all
   pivots advance one BFS level per sparse matrix product (the LAGraph formulation).
   Pivots are drawn exactly as ``nx.betweenness_centrality(G, k, seed=...)`` draws them
   and the result is rescaled the same way, so the numbers equal networkx's.
4. **percentiles**: ``pagerank_pct`` / ``betweenness_pct`` in 0..1, the share of people
   with a strictly smaller value (``(# below) / (n - 1)``): the lowest value is 0, the
   unique highest is 1, and everybody a sampled run leaves at betweenness 0 shares 0.
   The path scoring (``referrals.scoring``) reads these.

Measurements are in docs/centrality.md.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import graphblas as gb  # lazy: its operations (and numba) load at first use, in the batch
import numpy as np

from referrals.progress import Progress, quiet

if TYPE_CHECKING:
    from graphblas import Matrix

DEFAULT_BETWEENNESS_SAMPLES = 64
DEFAULT_SEED = 42
PAGERANK_ALPHA = 0.85



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
    weighted = gb.Matrix.from_coo(rows, cols, vals, nrows=n, ncols=n, dtype=float, dup_op=gb.binary.max)
    pattern = gb.Matrix.from_coo(rows, cols, True, nrows=n, ncols=n, dtype=bool)
    return weighted, pattern


# ---- the algorithms ---------------------------------------------------------------------
def pagerank(weighted: Matrix, alpha: float = PAGERANK_ALPHA, tol: float = 1e-6,
             max_iter: int = 100) -> np.ndarray:
    """Weighted PageRank over the symmetric matrix, as ``nx.pagerank(G, weight=...)``.

    Runs networkx's graphblas backend (``graphblas_algorithms``) directly on the matrix,
    skipping the networkx graph and the conversion. People without ties are dangling
    nodes, exactly as in networkx.
    """
    # seconds to import (it loads all its algorithms): only a centrality batch pays for it
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
                batch: int = 64, progress: Progress = quiet) -> np.ndarray:
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
    frontier = gb.Matrix.from_coo(np.arange(k), np.asarray(sources), 1.0, nrows=k, ncols=n)
    paths = frontier.dup()  # sigma: shortest-path counts of every node reached so far
    levels = [frontier.dup()]
    while True:
        frontier(~paths.S, replace=True) << gb.semiring.plus_first(frontier @ a)
        if frontier.nvals == 0:
            break
        paths(frontier.S) << frontier
        levels.append(frontier.dup())
    delta = gb.Matrix(float, k, n)
    for depth in range(len(levels) - 1, 1, -1):
        # w = (1 + delta) / sigma on this level, pushed to its predecessors one level up
        w = levels[depth].apply(gb.unary.one).new()
        w(accum=gb.binary.plus, mask=w.S) << delta
        w << gb.binary.truediv(w & paths)
        up = gb.Matrix(float, k, n)
        up(mask=levels[depth - 1].S) << gb.semiring.plus_first(w @ a)
        delta(accum=gb.binary.plus) << gb.binary.times(up & paths)
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
            seed: int = DEFAULT_SEED, progress: Progress = quiet,
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
