"""`referrals bench import`: how fast a generated network loads into an empty bench database,
online (the transactional import path) or offline (neo4j-admin's bulk importer), or as a
user's graph-json file through the import use case (`--format graph-json`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

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
from graph.config import Neo4jSettings
from graph.consent import opt_in_demo_clients
from graph.importers.graph_json import write_graph_json
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


# The timed import runs in a process of its own, started bare (not through the `referrals`
# script, whose imports of everything cost ~190 MB before any work): its peak RSS is the
# import use case's own. Settings come on stdin (the password stays off the command line).
_WORKER = """
import json, sys, time
from datetime import date
from graph.config import Neo4jSettings
from runtime.context import bootstrap, connect
from runtime.settings import Settings
from services import imports

def peak_mb():  # VmHWM: ru_maxrss would carry the parent's peak across fork and exec
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024

job = json.loads(sys.stdin.read())
settings = Settings.from_env().with_changes(neo4j=Neo4jSettings(**job["neo4j"]))
ctx = bootstrap(settings, graph=connect(settings, batch=True))
before = peak_mb()
try:
    started, cpu = time.perf_counter(), time.process_time()
    with open(job["path"], "rb") as fh:
        report = imports.import_file(ctx, fh, "graph-json", today=date.fromisoformat(job["today"]))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
finally:
    ctx.graph.close()
peak = peak_mb()
report["errors"] = report["errors"][:5]
print(json.dumps({"report": report, "seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": peak,
                  "start_rss_mb": before}))
"""


def _server_pid(uri: str) -> int | None:
    """The pid of the project's local Neo4j listening on `uri`'s port (any name: the bench
    server or one started with `referrals neo4j start --name ... --port ...`), else None."""
    port = uri.rsplit(":", 1)[-1].strip("/")
    for conf in sorted(Path(".neo4j").glob("*/conf/neo4j.conf")):
        try:
            if f"server.bolt.listen_address=127.0.0.1:{port}\n" not in conf.read_text():
                continue
            pid = int((conf.parent.parent / "run" / "server.pid").read_text().strip())
            if str(conf.parent.parent.resolve()).encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        except (OSError, ValueError):
            continue
    return None


def _cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of process `pid` so far (all its threads), from /proc."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _in_subprocess(neo4j: Neo4jSettings, path: str, today: date) -> dict[str, Any]:
    """One user import of `path` through the use case the API and `referrals import` call;
    with the CPU it cost the importing process and, for a local server, Neo4j (CPU, unlike
    the wall time, hardly moves with the load of a shared machine)."""
    job = {"neo4j": {"uri": neo4j.uri, "user": neo4j.user, "password": neo4j.password,
                     "database": neo4j.database}, "path": path, "today": today.isoformat()}
    server = _server_pid(neo4j.uri)
    before = _cpu_seconds(server)
    done = subprocess.run([sys.executable, "-c", _WORKER], input=json.dumps(job), capture_output=True,
                          text=True, check=False)
    after = _cpu_seconds(server)
    if done.returncode != 0:
        raise click.ClickException(f"the import process failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["neo4j_cpu_seconds"] = None if before is None or after is None else after - before
    result["load"] = os.getloadavg()[0]
    return result


def graph_json_import(settings: Settings, people: int, seed: int, console: Console) -> dict[str, object]:
    """Write a generated network as a graph-json file, import it into an empty database,
    then import the same file again (nothing changes)."""
    graph = bench_graph(settings, console)
    try:
        console.print("Emptying the bench database...")
        wipe(graph)
        ensure_schema(graph)
    finally:
        graph.close()
    network = generate(people, seed=seed)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        path = Path(folder) / "network.json"
        with console.status("Writing the graph-json file..."), open(path, "w", encoding="utf-8") as out:
            counts = write_graph_json(out, source="bench", companies=network.companies(),
                                      people=network.people(), employments=network.employments(),
                                      ties=network.ties())
        size_mb = path.stat().st_size / 2**20
        neo4j = bench_neo4j(settings)[0]
        with console.status("Importing into the empty database..."):
            first = _in_subprocess(neo4j, str(path), network.today)
        with console.status("Importing the same file again..."):
            again = _in_subprocess(neo4j, str(path), network.today)
    report, report2 = first["report"], again["report"]
    rows, ties = report["rows"], counts["ties"]
    seconds, seconds2 = float(first["seconds"]), float(again["seconds"])
    return {
        "format": "graph-json", "people": counts["people"], "rows": rows, "ties": ties,
        "file_mb": round(size_mb, 1), "seconds": round(seconds, 2),
        "ties_per_s": round(ties / seconds, 1), "rows_per_s": round(rows / seconds, 1),
        "peak_rss_mb": round(float(first["peak_rss_mb"]), 1),
        "start_rss_mb": round(float(first["start_rss_mb"]), 1),
        "created": report["created"], "updated": report["updated"], "errors": report["error_count"],
        "reimport_seconds": round(seconds2, 2), "reimport_rows_per_s": round(rows / seconds2, 1),
        "reimport_ties_per_s": round(ties / seconds2, 1),
        "reimport_peak_rss_mb": round(float(again["peak_rss_mb"]), 1),
        "reimport_created": report2["created"], "reimport_updated": report2["updated"],
        "reimport_unchanged": report2["unchanged"],
        "reimport_not_read_again": report2.get("unchanged_since_last_import"),
        "reimport_errors": report2["error_count"],
        "python_cpu_s": _round(first.get("cpu_seconds")), "neo4j_cpu_s": _round(first["neo4j_cpu_seconds"]),
        "reimport_python_cpu_s": _round(again.get("cpu_seconds")),
        "reimport_neo4j_cpu_s": _round(again["neo4j_cpu_seconds"]),
        "load_1min": f"{first['load']:.1f} / {again['load']:.1f}",
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


@click.command("import")
@click.option("--people", default=100_000, show_default=True, help="People to generate (~10 ties each).")
@click.option("--seed", "seed_value", default=7, show_default=True)
@click.option("--method", type=click.Choice(["online", "offline"]), default="online", show_default=True,
              help="online: transactional UNWIND batches into the running server (the import path); "
                   "offline: neo4j-admin's bulk importer into an empty database (first loads only).")
@click.option("--format", "fmt", type=click.Choice(["seed", "graph-json"]), default="seed", show_default=True,
              help="seed: the generated records straight to the bulk writer (--method applies); "
                   "graph-json: a user import of the network written as a graph-json file, then again.")
@click.option("--json", "json_path", default=None, help="Write the figures to this file.")
def bench_import(people: int, seed_value: int, method: str, fmt: str, json_path: str | None) -> None:
    """Generate a network of N people and load it into an empty bench database."""
    console = Console()
    settings = common.settings()
    if fmt == "graph-json":
        row = graph_json_import(settings, people, seed_value, console)
        print_table(console, f"Import benchmark (graph-json file): {people:,} people", row)
        write_json(json_path, row)
        return
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
