"""`referrals bench import`: how fast a generated network loads into an empty bench database,
online (the transactional import path) or offline (neo4j-admin's bulk importer)."""

from __future__ import annotations

import threading
import time

import click
from rich.console import Console

from cli import common
from cli.bench_common import (
    bench_graph,
    bench_neo4j,
    bench_server,
    mark_network,
    print_table,
    wipe,
    write_json,
)
from cli.seed import load_network
from graph.bulk import BulkWriter
from graph.consent import opt_in_demo_clients
from graph.offline_load import offline_import, write_csvs
from graph.schema import ensure_schema
from runtime.context import connect
from runtime.settings import Settings
from seed.generator import generate


def offline_load_network(settings: Settings, people: int, seed: int, console: Console) -> dict[str, object]:
    """Stop the bench server, bulk-import a generated network with neo4j-admin, restart it."""
    if settings.external_neo4j:
        raise click.ClickException("--method offline needs the project's local bench server "
                                   "(unset NEO4J_URI).")
    server = bench_server(settings)
    folder = server.home / "import" / "bench"
    network = generate(people, seed=seed)
    started = time.perf_counter()
    # the server has to be down for the importer: it stops while the CSV files are written
    stopper = threading.Thread(target=server.stop, daemon=True,
                               kwargs={"echo": lambda _: None, "once_databases_stopped": True})
    stopper.start()
    with console.status("Writing CSV files from the generator (stopping the server meanwhile)..."):
        counts = write_csvs(folder, network)
        stopper.join()
    csv_seconds = time.perf_counter() - started
    with console.status("neo4j-admin database import full..."):
        import_started = time.perf_counter()
        import_seconds = offline_import(server, folder, echo=console.print)
        restart_seconds = time.perf_counter() - import_started - import_seconds
    graph = connect(settings.with_changes(neo4j=bench_neo4j(settings)[0]), batch=True)
    try:
        schema_started = time.perf_counter()
        ensure_schema(graph)
        BulkWriter(graph).introductions(network.introductions())
        opt_in_demo_clients(graph)  # as cli.seed.load_network does: the same network either way
        mark_network(graph, people, seed)
        schema_seconds = time.perf_counter() - schema_started
    finally:
        graph.close()
    seconds = time.perf_counter() - started
    return {"people": counts["people"], "ties": counts["ties"], "seconds": round(seconds, 2),
            "people_per_s": round(counts["people"] / seconds, 1),
            "ties_per_s": round(counts["ties"] / seconds, 1), "csv_seconds": round(csv_seconds, 2),
            "import_seconds": round(import_seconds, 2), "restart_seconds": round(restart_seconds, 2),
            "schema_and_history_seconds": round(schema_seconds, 2)}


@click.command("import")
@click.option("--people", default=100_000, show_default=True, help="People to generate (~10 ties each).")
@click.option("--seed", "seed_value", default=7, show_default=True)
@click.option("--method", type=click.Choice(["online", "offline"]), default="online", show_default=True,
              help="online: transactional UNWIND batches into the running server (the import path); "
                   "offline: neo4j-admin's bulk importer into an empty database (first loads only).")
@click.option("--json", "json_path", default=None, help="Write the figures to this file.")
def bench_import(people: int, seed_value: int, method: str, json_path: str | None) -> None:
    """Generate a network of N people and load it into an empty bench database."""
    console = Console()
    settings = common.settings()
    if method == "offline":
        row = {"method": "offline", **offline_load_network(settings, people, seed_value, console)}
    else:
        graph = bench_graph(settings, console)
        try:
            console.print("Emptying the bench database...")
            wipe(graph)
            result = load_network(graph, people, seed_value, console=console)
            mark_network(graph, people, seed_value)
        finally:
            graph.close()
        row = {
            "method": "online", "people": result.people, "ties": result.ties,
            "seconds": round(result.seconds, 2), "people_per_s": round(result.people_per_s, 1),
            "ties_per_s": round(result.ties_per_s, 1),
        }
        for phase, seconds in result.phases.items():
            row[f"{phase}_seconds"] = round(seconds, 2)
    print_table(console, f"Import benchmark ({method}): {people:,} people", row)
    write_json(json_path, row)
