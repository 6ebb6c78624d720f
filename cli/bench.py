"""`referrals bench ...`: benchmarks that print a table and write JSON.

They run against their own local server ("bench", Bolt 7689) so the demo data and the
test database stay untouched; set NEO4J_URI to point them elsewhere.
"""

from __future__ import annotations

import json
import random
import time
from datetime import date
from pathlib import Path

import click
from neo4j import ManagedTransaction, unit_of_work
from neo4j.exceptions import ClientError
from rich.console import Console
from rich.table import Table

from cli import common
from cli.bench_common import (
    bench_graph,
    bench_neo4j,
    ensure_kept,
    ensure_network,
    percentile,
    print_table,
    warm_page_cache,
    write_json,
)
from cli.bench_import import bench_import
from cli.bench_shapes import bench_shape, time_over_http
from cli.identity import bench_identities_command
from cli.loadtest import bench_faults, bench_load
from graph.db import Graph, QueryTimeout
from graph.paths import PathFinder, PathQuery
from runtime.context import bootstrap
from runtime.settings import Settings
from services import people as people_cases


@click.group("bench")
def bench() -> None:
    """Benchmarks (each prints a table; --json FILE writes the figures)."""


bench.add_command(bench_load)  # referrals bench load
bench.add_command(bench_faults)  # referrals bench faults
bench.add_command(bench_import)  # referrals bench import (cli/bench_import.py)
bench.add_command(bench_identities_command)  # referrals bench identities (cli/identity.py)


NAIVE_BASELINE = """
MATCH p = (s:Person {id: $source})-[:KNOWS*..3]-(t:Person {id: $target})
WHERE all(n IN nodes(p) WHERE NOT coalesce(n.do_not_contact, false))
WITH p, reduce(score = 1.0, k IN relationships(p) | score * k.strength) AS score
RETURN [n IN nodes(p) | n.id] AS nodes, score ORDER BY score DESC LIMIT 10
"""


# Neo4j's own k shortest paths by hops (no scoring): the anchor the person search is held to.
SHORTEST_BASELINE = """
MATCH p = SHORTEST 10 (s:Person {id: $source})-[:KNOWS]-{1,3}(t:Person {id: $target})
RETURN [n IN nodes(p) | n.id] AS nodes
"""


@bench.command("paths")
@click.option("--people", default=100_000, show_default=True, help="Network size (loaded if not there).")
@click.option("--network", "shape", type=click.Choice(["standard", "heavy"]), default="standard",
              show_default=True, help="The generated network's shape (docs/seed.md).")
@click.option("--shape", "journeys", type=click.Choice(["person", "company", "client", "all"]),
              default="all", show_default=True,
              help="person: a rep to a person; company: every rep to anyone at a company, by size; "
                   "client: a client's referral opportunities, by size.")
@click.option("--per-size", default=10, show_default=True, help="Companies or clients of each size.")
@click.option("--repeats", default=3, show_default=True, help="Timings per company or client.")
@click.option("--quality-cases", default=3, show_default=True,
              help="Companies or clients of each size also searched without budgets (slow).")
@click.option("--queries", default=200, show_default=True, help="Random (rep, target) pairs.")
@click.option("--baseline-queries", default=50, show_default=True,
              help="How many of the pairs also run the naive Cypher baseline (it is slow).")
@click.option("--baseline-timeout", default=10.0, show_default=True,
              help="Seconds before a baseline query is cut off (counted at the timeout).")
@click.option("--workers", default=2, show_default=True, help="gunicorn workers for the HTTP timing.")
@click.option("--seed", "seed_value", default=7, show_default=True)
@click.option("--json", "json_path", default=None, help="Write the figures to this file.")
def bench_paths(people: int, shape: str, journeys: str, per_size: int, repeats: int, quality_cases: int,
                queries: int, baseline_queries: int, baseline_timeout: float, workers: int,
                seed_value: int, json_path: str | None) -> None:
    """Time the searches by shape, in process and over HTTP: a rep to a person (against
    Neo4j's SHORTEST 10 and a naive Cypher baseline), anyone at a company and a client's
    referral opportunities by size (against their unbudgeted searches)."""
    console = Console()
    settings = common.settings()
    graph = bench_graph(settings, console)
    try:
        sizes = ensure_network(graph, people, seed_value, console, shape)
        refreshed = ensure_kept(graph, console)
        console.print(f"Page cache warmed in {warm_page_cache(graph, console):.1f} s.")
        row: dict[str, object] = {"network": shape, "people": sizes["people"], "ties": sizes["ties"]}
        if refreshed is not None:
            row["kept_refresh_s"] = round(refreshed, 1)
        title = f"Path benchmarks: {sizes['people']:,} people, {sizes['ties']:,} ties ({shape} network)"
        if journeys in ("person", "all"):
            row.update(_person_row(settings, graph, queries, baseline_queries, baseline_timeout, workers,
                                   seed_value, console))
            print_table(console, f"{title}: a rep to a person", row)  # now: the shapes take a while
        shaped = [r for name in ("company", "client") if journeys in (name, "all")
                  for r in bench_shape(settings, graph, name, per_size=per_size, repeats=repeats,
                                       quality_cases=quality_cases, workers=workers, seed=seed_value,
                                       console=console)]
    finally:
        graph.close()
    if shaped:
        print_rows(console, title, shaped)
    write_json(json_path, {**row, "shapes": shaped})


def print_rows(console: Console, title: str, rows: list[dict[str, object]]) -> None:
    """One table per shape: a column per size, a line per measure (narrow enough for a terminal)."""
    for shape in dict.fromkeys(str(r["shape"]) for r in rows):
        sized = [r for r in rows if r["shape"] == shape]
        table = Table(title=f"{title}: {shape}")
        table.add_column("measure")
        for r in sized:
            table.add_column(str(r["size"]), justify="right")
        for key in [k for k in sized[0] if k not in ("shape", "size")]:
            table.add_row(key, *("-" if r[key] is None else f"{r[key]:,}" if isinstance(r[key], int | float)
                                 else str(r[key]) for r in sized))
        console.print(table)


def _person_row(settings: Settings, graph: Graph, queries: int, baseline_queries: int,
                baseline_timeout: float, workers: int, seed_value: int,
                console: Console) -> dict[str, object]:
    """A rep to a person: random pairs in process, over HTTP, and against the baselines."""
    reps = [r["id"] for r in graph.query("MATCH (r:Rep) RETURN r.id AS id ORDER BY id")]
    targets = [r["id"] for r in graph.query(
        "MATCH (t:Person)-[:WORKS_AT {current: true}]->(:Company {status: 'prospect'}) "
        "WHERE NOT coalesce(t.do_not_contact, false) RETURN t.id AS id ORDER BY id")]
    rng = random.Random(seed_value)
    pairs = [(rng.choice(reps), rng.choice(targets)) for _ in range(queries)]
    finder, unbudgeted = PathFinder(graph), PathFinder(graph)
    unbudgeted.join_budget = None  # the join of every tie: what the budget gives up
    today = date.today()
    for source, target in pairs[:10]:  # warm the query plans and the page cache
        for f in (finder, unbudgeted):
            f.find(PathQuery(target=target, source=source, today=today))
    timed: dict[PathFinder, list[float]] = {finder: [], unbudgeted: []}
    tops: dict[PathFinder, list[float | None]] = {finder: [], unbudgeted: []}
    with console.status("In-process path queries, with and without the join's budget..."):
        for index, (source, target) in enumerate(pairs):
            # interleaved, each first every other pair: the same load for both
            for f in (finder, unbudgeted) if index % 2 == 0 else (unbudgeted, finder):
                started = time.perf_counter()
                paths, _facts = f.find(PathQuery(target=target, source=source, today=today))
                timed[f].append((time.perf_counter() - started) * 1000)
                tops[f].append(paths[0].score if paths else None)
    inproc, found = timed[finder], sum(top is not None for top in tops[finder])
    calls = [("person", f"/api/v1/referral-paths?target={target}&from={source}") for source, target in pairs]
    # The floor of a request, on the same server after the searches: a probe that reads
    # nothing, and a key check with one read (a company), in turn (docs/benchmarks.md,
    # "The floor of a request"): what any answer over HTTP costs before it searches.
    company = graph.query("MATCH (c:Company) RETURN c.id AS id ORDER BY id LIMIT 1")[0]["id"]
    floor = [call for _pair in pairs for call in (("healthz", "/healthz"),
                                                  ("one_read", f"/api/v1/companies/{company}"))]
    over_http = time_over_http(settings, graph, calls + floor, 1, workers, console, warm=10)[0]
    http = over_http["person"]
    baseline, timeouts = [], 0

    # a managed transaction takes its timeout from the work function (tx.run takes no Query)
    @unit_of_work(timeout=baseline_timeout)
    def naive(tx: ManagedTransaction, source: str, target: str) -> list:
        return list(tx.run(NAIVE_BASELINE, source=source, target=target))

    with console.status("Naive Cypher baseline..."):
        for source, target in pairs[:baseline_queries]:
            started = time.perf_counter()
            try:
                graph.read(naive, source, target)
                baseline.append((time.perf_counter() - started) * 1000)
            except (ClientError, QueryTimeout) as exc:
                # the server cut it off at the timeout (graph.db reports that as QueryTimeout)
                if isinstance(exc, ClientError) and "TimedOut" not in (exc.code or ""):
                    raise
                timeouts += 1
                baseline.append(baseline_timeout * 1000)
    shortest, bolt_floor = [], []
    with console.status("SHORTEST 10 baseline..."):
        for source, target in pairs[:10] + pairs:
            started = time.perf_counter()
            graph.query(SHORTEST_BASELINE, source=source, target=target)
            shortest.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()  # one read transaction that reads nothing, in turn
            graph.query("RETURN 1 AS one")
            bolt_floor.append((time.perf_counter() - started) * 1000)
        shortest, bolt_floor = shortest[10:], bolt_floor[10:]
    row = {
        "queries": len(pairs), "pairs_with_a_path": found,
        "inproc_p50_ms": round(percentile(inproc, 50), 2), "inproc_p95_ms": round(percentile(inproc, 95), 2),
        "inproc_p99_ms": round(percentile(inproc, 99), 2),
        "http_p50_ms": round(percentile(http, 50), 2), "http_p95_ms": round(percentile(http, 95), 2),
        "http_p99_ms": round(percentile(http, 99), 2), "http_max_ms": round(max(http), 2),
        "shortest10_p50_ms": round(percentile(shortest, 50), 2),
        "shortest10_p95_ms": round(percentile(shortest, 95), 2),
        "http_healthz_p50_ms": round(percentile(over_http["healthz"], 50), 2),
        "http_one_read_p50_ms": round(percentile(over_http["one_read"], 50), 2),
        "bolt_one_read_p50_ms": round(percentile(bolt_floor, 50), 2),
        "baseline_p50_ms": round(percentile(baseline, 50), 2),
        "baseline_p95_ms": round(percentile(baseline, 95), 2),
        "baseline_queries": len(baseline), "baseline_timeouts": timeouts,
        # a baseline that only times out gives a ceiling, not a ratio: the pairs it finished
        "baseline_finished_p50_ms": round(percentile([b for b in baseline
                                                      if b < baseline_timeout * 1000], 50), 2),
    }
    row.update(_budget_quality(tops[finder], tops[unbudgeted], timed[unbudgeted], finder.join_budget))
    row["speedup_p50"] = round(row["baseline_p50_ms"] / row["inproc_p50_ms"], 1) if inproc else 0.0
    row["vs_shortest10_p95"] = round(row["shortest10_p95_ms"] / row["http_p95_ms"], 2) if http else 0.0
    # issue 14 asks for at least 1 at the median; above 1 only when the one-read floor is
    row["vs_shortest10_p50"] = round(row["shortest10_p50_ms"] / row["http_p50_ms"], 2) if http else 0.0
    return row


def _budget_quality(budgeted: list[float | None], every: list[float | None], every_ms: list[float],
                    budget: int | None) -> dict[str, object]:
    """Against the join of every tie on the same pairs: recall (pairs the unbudgeted search
    finds a path for that still get one), the top path's score as a ratio to the unbudgeted
    top (worst, mean, how many the same) and the unbudgeted search's own timings."""
    both = [(a, b) for a, b in zip(budgeted, every, strict=True) if b is not None]
    ratios = [a / b for a, b in both if a is not None and b > 0]
    return {
        "join_budget": budget,
        "recall": round(sum(a is not None for a, _ in both) / len(both), 3) if both else None,
        "top_ratio_min": round(min(ratios), 3) if ratios else None,
        "top_ratio_mean": round(sum(ratios) / len(ratios), 4) if ratios else None,
        "same_top": sum(abs(r - 1) < 1e-9 for r in ratios),
        "unbudgeted_inproc_p50_ms": round(percentile(every_ms, 50), 2),
        "unbudgeted_inproc_p95_ms": round(percentile(every_ms, 95), 2),
        "unbudgeted_inproc_p99_ms": round(percentile(every_ms, 99), 2),
    }


@bench.command("all")
@click.option("--people", default=100_000, show_default=True)
@click.pass_context
def bench_all(ctx: click.Context, people: int) -> None:
    """Every benchmark of the project, one after the other (JSON under bench-results/)."""
    # a user's graph-json file into the emptied bench database, then again: first, since the
    # seed imports after it load the network the path benchmarks search
    ctx.invoke(bench_import, people=USER_IMPORT_PEOPLE, seed_value=7, method="online", fmt="graph-json",
               json_path="bench-results/import-graph-json.json")
    ctx.invoke(bench_import, people=people, seed_value=7, method="online",
               json_path="bench-results/import-online.json")
    ctx.invoke(bench_import, people=people, seed_value=7, method="offline",
               json_path="bench-results/import-offline.json")
    ctx.invoke(bench_paths, people=people, shape="standard", journeys="all", per_size=10, repeats=3,
               quality_cases=3, queries=200, baseline_queries=50, baseline_timeout=10.0,
               workers=2, seed_value=7, json_path="bench-results/paths.json")
    ctx.invoke(bench_search, people=people, queries=300, seed_value=7, json_path="bench-results/search.json")
    # the target as an SLO: >= 100 path queries/s arriving (open loop), p99 <= 250 ms...
    ctx.invoke(bench_load, rate=130.0, users=64, json_path="bench-results/load-open.json")
    # ...and the most the machine serves (16 closed-loop users keep it saturated)
    ctx.invoke(bench_load, json_path="bench-results/load.json")
    ctx.invoke(bench_faults, json_path="bench-results/faults.json")
    print_summary(Console())


# issue #14's user import: a graph-json file of ~200,000 ties (20,000 people)
USER_IMPORT_PEOPLE = 20_000

SUMMARY = [  # (file, label, keys shown)
    ("import-graph-json.json", "import (a user's graph-json file)",
     ["rows", "ties", "seconds", "ties_per_s", "peak_rss_mb", "reimport_seconds", "reimport_rows_per_s"]),
    ("import-online.json", "import (online)", ["people", "ties", "seconds", "ties_per_s"]),
    ("import-offline.json", "import (offline)", ["people", "ties", "seconds", "ties_per_s"]),
    ("paths.json", "path query", ["inproc_p50_ms", "inproc_p95_ms", "http_p50_ms", "http_p95_ms",
                                  "http_p99_ms", "shortest10_p50_ms", "shortest10_p95_ms",
                                  "http_one_read_p50_ms", "speedup_p50", "recall", "top_ratio_min"]),
    ("search.json", "people search", ["search_p50_ms", "search_p95_ms", "search_p99_ms"]),
    ("load-open.json", "HTTP load at 130 req/s", ["req_per_s", "path_per_s", "path_p50_ms", "path_p95_ms",
                                                  "path_p99_ms", "errors", "target_met"]),
    ("load.json", "HTTP load, saturated", ["req_per_s", "path_per_s", "path_p50_ms", "path_p95_ms",
                                           "path_p99_ms", "errors"]),
    ("faults.json", "kill -9 Neo4j", ["answered_503", "max_503_ms", "hung_requests",
                                      "recovery_after_restart_s", "errors_after_recovery",
                                      "writes_acknowledged", "writes_found"]),
]


SHAPE_SUMMARY = ["inproc_p50_ms", "http_p50_ms", "http_p95_ms", "http_max_ms", "page_p95_ms", "recall",
                 "top_ratio_min", "mean_ratio_avg"]


def print_summary(console: Console, folder: str = "bench-results") -> None:
    """One table of the headline figures of every benchmark's JSON."""
    table = Table(title="All benchmarks")
    table.add_column("benchmark")
    table.add_column("figures")
    for name, label, keys in SUMMARY:
        path = Path(folder) / name
        if not path.exists():
            table.add_row(label, "(not run)")
            continue
        row = json.loads(path.read_text())
        table.add_row(label, "  ".join(f"{k}={row[k]:,}" if isinstance(row.get(k), int | float)
                                       and not isinstance(row.get(k), bool) else f"{k}={row.get(k)}"
                                       for k in keys))
        for shaped in row.get("shapes", []) if name == "paths.json" else []:
            table.add_row(f"{shaped['shape']} {shaped['size']} ({shaped['employees']} people)",
                          "  ".join(f"{k}={shaped[k]}" for k in SHAPE_SUMMARY))
    console.print(table)


@bench.command("search")
@click.option("--people", default=100_000, show_default=True, help="Network size (loaded if not there).")
@click.option("--queries", default=300, show_default=True)
@click.option("--seed", "seed_value", default=7, show_default=True)
@click.option("--json", "json_path", default=None, help="Write the figures to this file.")
def bench_search(people: int, queries: int, seed_value: int, json_path: str | None) -> None:
    """Time autocomplete: the people search behind GET /api/v1/people?q=, as its use case
    runs it (a request-path driver; no HTTP, no auth)."""
    console = Console()
    settings = common.settings()
    graph = bench_graph(settings, console)
    try:
        sizes = ensure_network(graph, people, seed_value, console)
        names = [r["name"] for r in graph.query("MATCH (p:Person) RETURN p.name AS name LIMIT 5000")]
    finally:
        graph.close()
    rng = random.Random(seed_value)
    # what people type: the first 2 to 6 letters of a first or last name
    prefixes = [rng.choice(rng.choice(names).split())[: rng.randint(2, 6)] for _ in range(queries)]
    ctx = bootstrap(settings.with_changes(neo4j=bench_neo4j(settings)[0]))  # the app's driver budgets
    timings = []
    try:
        for q in prefixes[:20]:  # warm the query plans and the page cache
            people_cases.search(ctx, q, 10)
        for q in prefixes:
            started = time.perf_counter()
            people_cases.search(ctx, q, 10)
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        ctx.graph.close()
    row = {"people": sizes["people"], "queries": len(timings),
           "search_p50_ms": round(percentile(timings, 50), 2),
           "search_p95_ms": round(percentile(timings, 95), 2),
           "search_p99_ms": round(percentile(timings, 99), 2)}
    print_table(console, f"Autocomplete benchmark: {sizes['people']:,} people", row)
    write_json(json_path, row)
