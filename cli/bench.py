"""`referrals bench ...`: benchmarks that print a table and write JSON.

They run against their own local server ("bench", Bolt 7689) so the demo data and the
test database stay untouched; set NEO4J_URI to point them elsewhere.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from graph.config import Neo4jSettings
from graph.db import Graph
from graph.local_server import LocalNeo4j, LocalServerError

BENCH_PORT = 7689


def bench_graph(console: Console) -> Graph:
    """A driver for the bench server, starting the local one when no NEO4J_URI is set."""
    if os.environ.get("NEO4J_URI"):
        return Graph.connect(request_path=False)
    server = LocalNeo4j(name="bench", bolt_port=BENCH_PORT,
                        heap=os.environ.get("NEO4J_HEAP", "2g"),
                        pagecache=os.environ.get("NEO4J_PAGECACHE", "1g"))
    try:
        server.start(timeout=180, echo=console.print)
    except LocalServerError as exc:
        raise click.ClickException(str(exc)) from exc
    return Graph.connect(Neo4jSettings(uri=server.uri, password=server.password), request_path=False)


def wipe(graph: Graph) -> None:
    graph.run_autocommit("MATCH ()-[k]->() CALL (k) { DELETE k } IN TRANSACTIONS OF 50000 ROWS")
    graph.run_autocommit("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 50000 ROWS")


def print_table(console: Console, title: str, row: dict[str, object]) -> None:
    table = Table(title=title)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in row.items():
        table.add_row(key, f"{value:,.1f}" if isinstance(value, float) else f"{value:,}")
    console.print(table)


def write_json(path: str | None, row: dict[str, object]) -> None:
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(row, indent=2) + "\n")


@click.group("bench")
def bench() -> None:
    """Benchmarks (each prints a table; --json FILE writes the figures)."""


@bench.command("import")
@click.option("--people", default=100_000, show_default=True, help="People to generate (~10 ties each).")
@click.option("--seed", "seed_value", default=7, show_default=True)
@click.option("--json", "json_path", default=None, help="Write the figures to this file.")
def bench_import(people: int, seed_value: int, json_path: str | None) -> None:
    """Generate a network of N people and load it into an empty bench database."""
    from cli.seed import load_network

    console = Console()
    graph = bench_graph(console)
    try:
        console.print("Emptying the bench database...")
        wipe(graph)
        result = load_network(graph, people, seed_value, console=console)
    finally:
        graph.close()
    row = {
        "people": result.people, "ties": result.ties, "seconds": round(result.seconds, 2),
        "people_per_s": round(result.people_per_s, 1), "ties_per_s": round(result.ties_per_s, 1),
    }
    for phase, seconds in result.phases.items():
        row[f"{phase}_seconds"] = round(seconds, 2)
    print_table(console, f"Import benchmark: {people:,} people", row)
    write_json(json_path, row)
