"""`referrals seed`: load a synthetic network through the same bulk path as the importers."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli import common
from cli.identity import exports_command
from graph.bulk import BulkWriter
from graph.centrality import request_centrality
from graph.consent import opt_in_demo_clients
from graph.db import Graph
from graph.entry_points import refresh_entry_points
from graph.index_samples import refresh_index_statistics
from graph.schema import ensure_schema
from seed.generator import SHAPES, generate, size_from_name


@dataclass
class LoadResult:
    people: int
    ties: int
    companies: int
    seconds: float
    phases: dict[str, float]
    stats: dict[str, object] = field(default_factory=dict)  # the generator's net.stats

    @property
    def ties_per_s(self) -> float:
        return self.ties / self.seconds if self.seconds else 0.0

    @property
    def people_per_s(self) -> float:
        return self.people / self.seconds if self.seconds else 0.0


DEMO_INTRODUCTIONS = 400  # `--size demo`: enough decided outcomes (~260) for a warm learned model


def load_network(graph: Graph, people: int, seed: int = 7, *, shape: str = "standard",
                 console: Console | None = None, batch_size: int = 10_000,
                 introductions: int | None = None) -> LoadResult:
    """Generate and load a network (``shape``: see seed.generator.SHAPES; ``introductions``:
    past introductions to aim for, default one per 100 people); prints a progress bar per
    phase when given a console."""
    ensure_schema(graph)
    network = generate(people, seed=seed, shape=shape, introductions=introductions)
    # decided once, before any write: a load killed halfway and run again is not "empty"
    # and takes the MERGE path (graph.bulk)
    empty = graph.query("MATCH (n) WHERE n:Person OR n:Company RETURN count(n) = 0 AS empty")[0]["empty"]
    writer = BulkWriter(graph, batch_size=batch_size, initial_load=empty)
    expected_ties = people * 10  # the generator's average; the bar is a guide only
    phases: dict[str, float] = {}
    counts = {"companies": 0, "people": 0, "ties": 0}
    started = time.perf_counter()
    progress = Progress(TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                        console=console, disable=console is None, transient=False)
    with progress:
        for phase, total, run in (
            ("companies", None, lambda cb: writer.companies(network.companies(), cb)),
            ("people", people, lambda cb: writer.people(network.people(), cb)),
            ("employments", None, lambda cb: writer.employments(network.employments(), cb)),
            ("ties", expected_ties, lambda cb: writer.ties(network.ties(), cb)),
            ("history", None, lambda cb: writer.introductions(network.introductions(), cb)),
        ):
            task = progress.add_task(phase, total=total, rate="")
            phase_start = time.perf_counter()

            def advance(n: int, task=task, phase_start=phase_start) -> None:
                progress.advance(task, n)
                done = progress.tasks[task].completed
                elapsed = time.perf_counter() - phase_start
                progress.update(task, rate=f"{done / elapsed:,.0f}/s" if elapsed else "")

            result = run(advance)
            phases[phase] = time.perf_counter() - phase_start
            done = progress.tasks[task].completed
            progress.update(task, total=done)
            if phase in counts:
                counts[phase] = int(done)
            if hasattr(result, "total") and phase == "ties":
                counts["ties"] = result.total
    refresh_index_statistics(graph)  # before anything below plans a query on them
    # consent: a client that was never asked is counts-only (referrals.consent); the demo
    # opts the healthiest three quarters in, so it shows both kinds of path
    opt_in_demo_clients(graph)
    # big companies keep their entry points for "anyone at Acme" (graph/entry_points.py)
    phase_start = time.perf_counter()
    refresh_entry_points(graph, every_client=True)
    phases["entry points"] = time.perf_counter() - phase_start
    request_centrality(graph)  # new ties: `make demo` (services/demo.py) or `referrals tick` recomputes it
    return LoadResult(people=counts["people"], ties=counts["ties"], companies=counts["companies"],
                      seconds=time.perf_counter() - started, phases=phases,
                      stats=dict(network.stats))


def shape_table(stats: dict[str, object]) -> Table:
    """What matters for the network's shape: hubs, degree tail, big companies, strengths."""
    table = Table(title=f"Shape: {stats.get('shape', 'standard')}")
    table.add_column("measure")
    table.add_column("value", justify="right")

    def fmt(value: object) -> str:
        if isinstance(value, dict):
            return ", ".join(f"{k} {fmt(v)}" for k, v in value.items())
        if isinstance(value, float):
            return f"{value:g}"
        return f"{value:,}" if isinstance(value, int) else str(value)

    for key, label in (("max_degree", "max degree"), ("people_1000_plus_ties", "people with 1,000+ ties"),
                       ("degree_percentiles", "degree percentiles"), ("mean_degree", "mean degree"),
                       ("largest_company", "largest company (people)"),
                       ("companies_2000_plus", "companies of 2,000+ people"),
                       ("strong_ties", "share of ties with strength >= 0.5"),
                       ("strength_percentiles", "strength percentiles"),
                       ("introductions", "past introductions")):
        if key in stats:
            table.add_row(label, fmt(stats[key]))
    return table


@click.group("seed", invoke_without_command=True)
@click.option("--size", default="demo", show_default=True,
              help="'demo' (about 2,000 people) or a number of people (100k, 1m also work).")
@click.option("--seed", "seed_value", default=7, show_default=True,
              help="Random seed (same seed, same network).")
@click.option("--shape", type=click.Choice(SHAPES), default="standard", show_default=True,
              help="'heavy': a giant company, people with 1,000+ ties, mostly weak ties "
                   "(the topology of a real e-mail network; docs/seed.md).")
@click.option("--introductions", type=click.IntRange(1), default=None,
              help=f"Past introductions to aim for (default: one per 100 people; {DEMO_INTRODUCTIONS} "
                   "for --size demo, so the learned ranking and its reliability curve have outcomes).")
@click.pass_context
def seed_command(ctx: click.Context, size: str, seed_value: int, shape: str,
                 introductions: int | None) -> None:
    """Load a deterministic synthetic referral network (idempotent: loading twice adds nothing).
    `referrals seed exports` writes multi-source export files instead (docs/identity.md)."""
    if ctx.invoked_subcommand is not None:
        return
    try:
        people = size_from_name(size)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--size") from exc
    if introductions is None and size.strip().lower() == "demo":
        introductions = DEMO_INTRODUCTIONS
    console = Console()
    graph = common.graph()
    try:
        result = load_network(graph, people, seed_value, shape=shape, console=console,
                              introductions=introductions)
    finally:
        graph.close()
    table = Table(title=f"Seeded {result.people:,} people, {result.ties:,} ties")
    for column in ("phase", "seconds"):
        table.add_column(column)
    for phase, seconds in result.phases.items():
        table.add_row(phase, f"{seconds:.1f}")
    table.add_row("total", f"{result.seconds:.1f}")
    console.print(table)
    console.print(shape_table(result.stats))


seed_command.add_command(exports_command)  # referrals seed exports (cli/identity.py)
