"""Benchmark of the centrality batch on a generated network (no Neo4j): docs/centrality.md.

    python -m seed.centrality_bench --people 100000 --samples 32 --nx-samples 32

Compares plain networkx with the route graph/centrality.py takes (networkx's
graphblas backend for PageRank, batched Brandes on GraphBLAS for betweenness) and
checks that the numbers agree.
"""

from __future__ import annotations

import argparse
import json
import resource
import time

import networkx as nx
import numpy as np

from search import centrality as c
from seed.generator import generate


def _timed(fn, *args, **kwargs):
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--samples", type=int, nargs="*", default=[32, 64])
    ap.add_argument("--nx-samples", type=int, default=32, help="0 skips networkx betweenness")
    ap.add_argument("--skip-nx-pagerank", action="store_true")
    args = ap.parse_args(argv)
    out: dict = {"people": args.people}

    net = generate(args.people, seed=args.seed)
    people = [p.id for p in net.people()]
    arrays, out["generate_ties_s"] = _timed(
        c.TieArrays.from_ties, ((t.a, t.b, t.strength) for t in net.ties()), people)
    out["ties"] = arrays.ties

    (weighted, pattern), out["build_matrices_s"] = _timed(c.build_matrices, arrays)
    pr, out["pagerank_graphblas_matrix_s"] = _timed(c.pagerank, weighted)

    g = nx.Graph()
    g.add_nodes_from(arrays.ids)
    ids = arrays.ids
    _none, out["build_networkx_s"] = _timed(
        g.add_weighted_edges_from,
        ((ids[a], ids[b], s) for a, b, s in zip(arrays.src.tolist(), arrays.dst.tolist(),
                                                 arrays.strength.tolist(), strict=True)))
    out["rss_after_networkx_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    import graphblas_algorithms as ga  # seconds to import: paid by this benchmark only, not by its --help

    ref = pr_backend = None
    try:  # networkx's own converters (and its default PageRank) need scipy
        import scipy  # noqa: F401

        gg, out["graphblas_from_networkx_s"] = _timed(ga.Graph.from_networkx, g, weight="weight")
        _x, out["pagerank_graphblas_after_convert_s"] = _timed(ga.pagerank, gg)
        pr_backend, out["pagerank_nx_backend_graphblas_s"] = _timed(
            nx.pagerank, g, weight="weight", backend="graphblas")
        ref, out["pagerank_networkx_scipy_s"] = _timed(nx.pagerank, g, weight="weight")
    except ImportError:
        out["pagerank_networkx_scipy_s"] = None  # scipy is not a dependency here
    if not args.skip_nx_pagerank:
        # networkx's pure-Python PageRank is private API: reached only when this baseline is asked for
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        ref_py, out["pagerank_networkx_python_s"] = _timed(_pagerank_python, g, weight="weight")
        ref = ref or ref_py
    if ref is not None:
        ref_arr = np.asarray([ref[i] for i in ids])
        out["pagerank_max_abs_diff"] = float(np.max(np.abs(ref_arr - pr)))
        out["pagerank_max_rel_diff"] = float(np.max(np.abs(ref_arr - pr) / ref_arr))
        out["pagerank_pct_max_diff"] = float(np.max(np.abs(
            c.percentile_ranks(ref_arr) - c.percentile_ranks(pr))))
    if pr_backend is not None:
        back = np.asarray([pr_backend[i] for i in ids])
        out["pagerank_backend_vs_matrix_max_abs_diff"] = float(np.max(np.abs(back - pr)))

    for k in args.samples:
        bc, out[f"betweenness_graphblas_k{k}_s"] = _timed(c.betweenness, pattern, k, 42)
        if k == args.nx_samples:
            mine = bc
    if args.nx_samples:
        if args.nx_samples not in args.samples:
            mine, out[f"betweenness_graphblas_k{args.nx_samples}_s"] = _timed(
                c.betweenness, pattern, args.nx_samples, 42)
        ref_bc, out[f"betweenness_networkx_k{args.nx_samples}_s"] = _timed(
            nx.betweenness_centrality, g, k=args.nx_samples, seed=42)
        ref_arr = np.asarray([ref_bc[i] for i in ids])
        out["betweenness_max_abs_diff"] = float(np.nanmax(np.abs(ref_arr - mine)))
        out["betweenness_max"] = float(np.nanmax(ref_arr))
    try:  # measured only: networkit is not a dependency
        import networkit as nk

        def nk_graph():
            h = nk.Graph(arrays.people, weighted=True)
            h.addEdges((arrays.strength, (arrays.src, arrays.dst)))
            return h

        h, out["networkit_build_s"] = _timed(nk_graph)
        nk_k = args.nx_samples or 32
        est = nk.centrality.EstimateBetweenness(h, nk_k, True, True)
        _r, out["networkit_estimate_betweenness_s"] = _timed(est.run)
        nk_bc = np.asarray(est.scores())
        out["networkit_estimate_betweenness_samples"] = nk_k
        out["networkit_vs_graphblas_pct_corr"] = float(np.corrcoef(
            c.percentile_ranks(nk_bc), c.percentile_ranks(mine))[0, 1])
    except ImportError:
        pass
    out["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out, indent=2))
    return out


if __name__ == "__main__":
    main()
