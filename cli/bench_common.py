"""What the benchmark commands share (cli/bench.py, cli/bench_import.py, cli/loadtest.py):
the bench server and a driver for it, the generated network it holds, the percentile they
report, and the table and JSON output."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from cli.seed import load_network
from graph import entry_points
from graph.config import Neo4jSettings
from graph.db import Graph
from graph.local_server import LocalNeo4j, LocalServerError
from runtime.context import connect
from runtime.settings import Settings

BENCH_PORT = 7689


def bench_server(settings: Settings) -> LocalNeo4j:
    """The project's local bench server: more memory than the demo one, unless
    NEO4J_HEAP / NEO4J_PAGECACHE say otherwise. The page cache holds the whole store of the
    1M network (2.2 GB), as Neo4j's operations manual sizes it for a production server: with
    1 GB, searches read pages from disk and the figures measure the disk."""
    return settings.local_neo4j("bench", BENCH_PORT, heap=settings.neo4j_heap or "2g",
                                pagecache=settings.neo4j_pagecache or "3g")


WARM_QUERIES = (
    "MATCH (p:Person) RETURN count(p.id) + count(p.do_not_contact) AS n",
    "MATCH ()-[k:KNOWS]->() RETURN count(k.strength) + count(k.confirmed_strength) + count(k.hidden) AS n",
    "MATCH (p)-[w:WORKS_AT]->(c:Company) RETURN count(w.current) + count(c.status) AS n",
)


def warm_page_cache(graph: Graph, console: Console) -> float:
    """Read every person, tie and job once, so the first timed searches do not pay for
    pages a running server would hold (Community has no page-cache warm-up of its own)."""
    started = time.perf_counter()
    with console.status("Warming the page cache..."):
        for query in WARM_QUERIES:
            graph.query(query)
    return time.perf_counter() - started


def bench_neo4j(settings: Settings) -> tuple[Neo4jSettings, LocalNeo4j | None]:
    """Where the benchmarks run: NEO4J_URI when it is set, else the local bench server
    (returned too, for the commands that stop or kill it)."""
    if settings.external_neo4j:
        return settings.neo4j, None
    server = bench_server(settings)
    return Neo4jSettings(uri=server.uri, password=server.password), server


def bench_graph(settings: Settings, console: Console) -> Graph:
    """A driver for the bench database, starting the local bench server when no NEO4J_URI is set."""
    _neo4j, server = bench_neo4j(settings)
    if server is not None:
        try:
            server.start(timeout=180, echo=console.print)
        except LocalServerError as exc:
            raise click.ClickException(str(exc)) from exc
    # read after the start: a new home's first start is what generates its password
    return connect(settings.with_changes(neo4j=bench_neo4j(settings)[0]), batch=True)


def wipe(graph: Graph) -> None:
    graph.run_autocommit("MATCH ()-[k]->() CALL (k) { DELETE k } IN TRANSACTIONS OF 50000 ROWS")
    graph.run_autocommit("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 50000 ROWS")


NETWORK_SIZE = ("MATCH (p:Person) WITH count(p) AS people "
                "OPTIONAL MATCH (:Person)-[k:KNOWS]->(:Person) RETURN people, count(k) AS ties")


def mark_network(graph: Graph, people: int, seed: int, shape: str = "standard") -> None:
    """Remember which generated network the bench database holds, so later runs reuse it."""
    graph.execute("MERGE (m:Job {id: 'bench-network'}) SET m.kind = 'bench', m.people = $people, "
                  "m.seed = $seed, m.shape = $shape", people=people, seed=seed, shape=shape)


def ensure_network(graph: Graph, people: int, seed: int, console: Console,
                   shape: str = "standard") -> dict[str, int]:
    """Load the generated network unless the bench database already holds exactly it
    (a marker without a shape is from before shapes: the standard one)."""
    marker = graph.query("OPTIONAL MATCH (m:Job {id: 'bench-network'}) RETURN m.people AS people, "
                         "m.seed AS seed, coalesce(m.shape, 'standard') AS shape")[0]
    if (marker["people"], marker["seed"], marker["shape"]) != (people, seed, shape):
        console.print(f"Loading a {people:,}-person {shape} network into the bench database...")
        wipe(graph)
        load_network(graph, people, seed, shape=shape, console=console)
        mark_network(graph, people, seed, shape)
    counts = graph.query(NETWORK_SIZE)[0]
    return {"people": counts["people"], "ties": counts["ties"]}


def ensure_kept(graph: Graph, console: Console) -> float | None:
    """Refresh what big companies and clients keep (graph/entry_points.py) when one that
    should keep it does not (a network loaded before the lines moved); the seconds it took,
    or None when nothing was missing."""
    # the state after the nightly batch, which keeps every client's reach
    missing = graph.query(MISSING_KEPT, entries=entry_points.KEEP_FROM_EMPLOYEES, reach=1)[0]["missing"]
    if not missing:
        return None
    console.print(f"{missing} companies miss their kept entry points or reach; refreshing...")
    started = time.perf_counter()
    kept = entry_points.refresh_entry_points(graph, every_client=True)
    seconds = time.perf_counter() - started
    console.print(f"{kept} companies keep entry points or reach (refreshed in {seconds:.1f} s).")
    return seconds


MISSING_KEPT = """
MATCH (c:Company)
WITH c, COUNT { (c)<-[w:WORKS_AT]-() WHERE w.current } AS employees
WHERE (employees >= $entries AND c.entry_from IS NULL)
   OR (c.status = 'client' AND employees >= $reach AND c.reach_target IS NULL)
RETURN count(c) AS missing
"""


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile; 0.0 for no values (the JSON stays valid)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def print_table(console: Console, title: str, row: dict[str, object]) -> None:
    table = Table(title=title)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in row.items():
        if isinstance(value, float):
            text = f"{value:,.1f}"
        elif isinstance(value, int):
            text = f"{value:,}"
        else:
            text = str(value)
        table.add_row(key, text)
    console.print(table)


def write_json(path: str | None, row: dict[str, object]) -> None:
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(row, indent=2) + "\n")
