"""`referrals bench ...`: benchmarks that print a table and write JSON.

They run against their own local server ("bench", Bolt 7689) so the demo data and the
test database stay untouched; set NEO4J_URI to point them elsewhere.
"""

from __future__ import annotations

import http.client
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
from cli.bench_common import bench_graph, bench_neo4j, ensure_network, percentile, print_table, write_json
from cli.bench_import import bench_import
from cli.loadtest import bench_faults, bench_load, serve
from graph.db import Graph
from graph.keys import create_key
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


NAIVE_BASELINE = """
MATCH p = (s:Person {id: $source})-[:KNOWS*..3]-(t:Person {id: $target})
WHERE all(n IN nodes(p) WHERE NOT coalesce(n.do_not_contact, false))
WITH p, reduce(score = 1.0, k IN relationships(p) | score * k.strength) AS score
RETURN [n IN nodes(p) | n.id] AS nodes, score ORDER BY score DESC LIMIT 10
"""


@bench.command("paths")
@click.option("--people", default=100_000, show_default=True, help="Network size (loaded if not there).")
@click.option("--queries", default=200, show_default=True, help="Random (rep, target) pairs.")
@click.option("--baseline-queries", default=50, show_default=True,
              help="How many of the pairs also run the naive Cypher baseline (it is slow).")
@click.option("--baseline-timeout", default=10.0, show_default=True,
              help="Seconds before a baseline query is cut off (counted at the timeout).")
@click.option("--workers", default=2, show_default=True, help="gunicorn workers for the HTTP timing.")
@click.option("--seed", "seed_value", default=7, show_default=True)
@click.option("--json", "json_path", default=None, help="Write the figures to this file.")
def bench_paths(people: int, queries: int, baseline_queries: int, baseline_timeout: float, workers: int,
                seed_value: int, json_path: str | None) -> None:
    """Time the path query in process, over HTTP, and against a naive Cypher baseline."""
    console = Console()
    settings = common.settings()
    graph = bench_graph(settings, console)
    try:
        sizes = ensure_network(graph, people, seed_value, console)
        reps = [r["id"] for r in graph.query("MATCH (r:Rep) RETURN r.id AS id ORDER BY id")]
        targets = [r["id"] for r in graph.query(
            "MATCH (t:Person)-[:WORKS_AT {current: true}]->(:Company {status: 'prospect'}) "
            "WHERE NOT coalesce(t.do_not_contact, false) RETURN t.id AS id ORDER BY id")]
        rng = random.Random(seed_value)
        pairs = [(rng.choice(reps), rng.choice(targets)) for _ in range(queries)]
        finder = PathFinder(graph)
        today = date.today()
        for source, target in pairs[:10]:  # warm the query plans and the page cache
            finder.find(PathQuery(target=target, source=source, today=today))
        inproc, found = [], 0
        with console.status("In-process path queries..."):
            for source, target in pairs:
                started = time.perf_counter()
                paths, _facts = finder.find(PathQuery(target=target, source=source, today=today))
                inproc.append((time.perf_counter() - started) * 1000)
                found += bool(paths)
        http = _time_over_http(settings, graph, pairs, workers, console)
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
                except ClientError as exc:
                    if "TimedOut" not in (exc.code or ""):
                        raise
                    timeouts += 1  # the server cut it off at the timeout
                    baseline.append(baseline_timeout * 1000)
    finally:
        graph.close()
    row = {
        "people": sizes["people"], "ties": sizes["ties"], "queries": len(pairs),
        "pairs_with_a_path": found,
        "inproc_p50_ms": round(percentile(inproc, 50), 2), "inproc_p95_ms": round(percentile(inproc, 95), 2),
        "http_p50_ms": round(percentile(http, 50), 2), "http_p95_ms": round(percentile(http, 95), 2),
        "http_p99_ms": round(percentile(http, 99), 2),
        "baseline_p50_ms": round(percentile(baseline, 50), 2),
        "baseline_p95_ms": round(percentile(baseline, 95), 2),
        "baseline_queries": len(baseline), "baseline_timeouts": timeouts,
    }
    row["speedup_p50"] = round(row["baseline_p50_ms"] / row["inproc_p50_ms"], 1) if inproc else 0.0
    print_table(console, f"Path query benchmark: {sizes['people']:,} people, {sizes['ties']:,} ties", row)
    write_json(json_path, row)


def _time_over_http(settings: Settings, graph: Graph, pairs: list[tuple[str, str]], workers: int,
                    console: Console) -> list[float]:
    """Serve the app with gunicorn against the bench database and time GET /referral-paths."""
    _record, key = create_key(graph, "bench", "read")
    timings: list[float] = []
    with serve(bench_neo4j(settings)[0], workers=workers, threads=4, settings=settings) as served:
        conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
        headers = {"X-API-Key": key}
        with console.status("Path queries over HTTP..."):
            for source, target in pairs[:10] + pairs:
                started = time.perf_counter()
                conn.request("GET", f"/api/v1/referral-paths?target={target}&from={source}", headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    raise click.ClickException(f"HTTP benchmark got {response.status} for {source}->{target}")
                timings.append((time.perf_counter() - started) * 1000)
        conn.close()
    return timings[10:]


@bench.command("all")
@click.option("--people", default=100_000, show_default=True)
@click.pass_context
def bench_all(ctx: click.Context, people: int) -> None:
    """Every benchmark of the project, one after the other (JSON under bench-results/)."""
    ctx.invoke(bench_import, people=people, seed_value=7, method="online",
               json_path="bench-results/import-online.json")
    ctx.invoke(bench_import, people=people, seed_value=7, method="offline",
               json_path="bench-results/import-offline.json")
    ctx.invoke(bench_paths, people=people, queries=200, baseline_queries=50, baseline_timeout=10.0,
               workers=2, seed_value=7, json_path="bench-results/paths.json")
    ctx.invoke(bench_search, people=people, queries=300, seed_value=7, json_path="bench-results/search.json")
    # the target as an SLO: >= 100 path queries/s arriving (open loop), p99 <= 250 ms...
    ctx.invoke(bench_load, rate=130.0, users=64, json_path="bench-results/load-open.json")
    # ...and the most the machine serves (16 closed-loop users keep it saturated)
    ctx.invoke(bench_load, json_path="bench-results/load.json")
    ctx.invoke(bench_faults, json_path="bench-results/faults.json")
    print_summary(Console())


SUMMARY = [  # (file, label, keys shown)
    ("import-online.json", "import (online)", ["people", "ties", "seconds", "ties_per_s"]),
    ("import-offline.json", "import (offline)", ["people", "ties", "seconds", "ties_per_s"]),
    ("paths.json", "path query", ["inproc_p50_ms", "inproc_p95_ms", "http_p50_ms", "http_p95_ms",
                                  "http_p99_ms", "speedup_p50"]),
    ("search.json", "people search", ["search_p50_ms", "search_p95_ms", "search_p99_ms"]),
    ("load-open.json", "HTTP load at 130 req/s", ["req_per_s", "path_per_s", "path_p50_ms", "path_p95_ms",
                                                  "path_p99_ms", "errors", "target_met"]),
    ("load.json", "HTTP load, saturated", ["req_per_s", "path_per_s", "path_p50_ms", "path_p95_ms",
                                           "path_p99_ms", "errors"]),
    ("faults.json", "kill -9 Neo4j", ["answered_503", "max_503_ms", "hung_requests",
                                      "recovery_after_restart_s", "errors_after_recovery",
                                      "writes_acknowledged", "writes_found"]),
]


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
