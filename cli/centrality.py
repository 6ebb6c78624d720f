"""`referrals centrality`: PageRank, sampled betweenness and degree for every person."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli import common
from graph.centrality import DEFAULT_BETWEENNESS_SAMPLES, DEFAULT_SEED, PHASES, run_centrality
from graph.entry_points import refresh_entry_points


@click.command("centrality")
@click.option("--betweenness-samples", "samples", type=click.IntRange(1), show_default=True,
              default=DEFAULT_BETWEENNESS_SAMPLES, help="Pivots for sampled betweenness.")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Seed of the pivot draw.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (no progress bars).")
def centrality_command(samples: int, seed: int, as_json: bool) -> None:
    """Compute centrality over the whole KNOWS graph and store it on every Person."""
    console = Console(stderr=True)
    graph = common.graph()
    bars = Progress(TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, disable=as_json)
    tasks: dict[str, int] = {}

    def progress(phase: str, done: int, total: int | None) -> None:
        if phase not in tasks:
            tasks[phase] = bars.add_task(phase, total=total)
        bars.update(tasks[phase], completed=done, total=total)

    try:
        with bars:
            result = run_centrality(graph, betweenness_samples=samples, seed=seed, progress=progress)
            # as the scheduled batch does (graph/jobs.py)
            kept = refresh_entry_points(graph, every_client=True)
    finally:
        graph.close()

    if as_json:
        click.echo(json.dumps({**result.as_dict(), "companies_with_entry_points": kept}, indent=2))
        return
    table = Table(title=f"Centrality: {result.people:,} people, {result.ties:,} ties, "
                        f"{samples} betweenness pivots")
    table.add_column("phase")
    table.add_column("seconds", justify="right")
    for phase in (*PHASES, "total"):
        if phase in result.timings:
            table.add_row(phase, f"{result.timings[phase]:.3f}")
    out = Console()
    out.print(table)
    top = Table(title="Top people")
    top.add_column("by PageRank")
    top.add_column("by betweenness")
    for (p, pv), (b, bv) in zip(result.top_pagerank, result.top_betweenness, strict=False):
        top.add_row(f"{p} ({pv:.2e})", f"{b} ({bv:.2e})")
    out.print(top)
    out.print(f"Stored on every Person at {result.computed_at.isoformat() if result.computed_at else '-'}; "
              f"entry points kept for {kept} big companies.")
