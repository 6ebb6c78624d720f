"""`referrals seed exports`, `referrals evaluate identities`, `referrals bench identities`
(docs/identity.md). No Neo4j: files in, numbers out."""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from identity.model import AUTO, REVIEW, resolve
from identity.records import records_from_exports
from seed.exports import NOISE_LEVELS, write_exports
from seed.identity_evaluation import evaluate_identities

_noise = click.Choice(tuple(NOISE_LEVELS))


@click.command("exports")
@click.option("--people", type=click.IntRange(10), default=10_000, show_default=True,
              help="True people behind the records.")
@click.option("--noise", type=_noise, default="medium", show_default=True)
@click.option("--seed", "seed_value", type=int, default=7, show_default=True)
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Folder for the files.")
def exports_command(people: int, noise: str, seed_value: int, out: str) -> None:
    """LinkedIn, HubSpot, Salesforce and interaction-log exports with known truth."""
    started = time.perf_counter()
    summary = write_exports(out, people=people, noise=noise, seed=seed_value)
    for name, rows in summary.files.items():
        click.echo(f"{rows:>8,} rows  {Path(out) / name}")
    click.echo(f"{summary.records:,} person records from {people:,} true people at {summary.companies:,} "
               f"companies, noise {noise}, in {time.perf_counter() - started:.1f} s; truth in "
               f"{Path(out) / 'truth.csv'}, import order in {Path(out) / 'manifest.json'}.")


@click.command("identities")
@click.option("--people", type=click.IntRange(10), default=10_000, show_default=True)
@click.option("--noise", "levels", type=_noise, multiple=True,
              help="Noise level (repeatable); all three by default.")
@click.option("--seed", "seed_value", type=int, default=7, show_default=True)
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Keep the generated files here (one folder per level).")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, writable=True), default=None)
def evaluate_identities_command(people: int, levels: tuple[str, ...], seed_value: int, out: str | None,
                                json_file: str | None) -> None:
    """Precision, recall and F1 of automatic merges, and recall with the review queue."""
    results = evaluate_identities(people=people, levels=levels or tuple(NOISE_LEVELS), seed=seed_value,
                                  out=out)
    table = Table(title=f"Identity resolution, {people:,} true people (auto p >= {AUTO}, "
                        f"review {REVIEW} <= p < {AUTO})")
    for col in ("noise", "records", "true pairs", "auto P", "auto R", "auto F1", "auto+review P",
                "auto+review R", "queue pairs", "resolve s"):
        table.add_column(col, justify="right")
    for r in results:
        table.add_row(r.noise, f"{r.records:,}", f"{r.true_pairs:,}", f"{r.auto.precision:.4f}",
                      f"{r.auto.recall:.4f}", f"{r.auto.f1:.4f}", f"{r.review.precision:.4f}",
                      f"{r.review.recall:.4f}", f"{r.queue_pairs:,}", f"{r.seconds_resolve:.1f}")
    Console(width=max(Console().width, 120)).print(table)  # never cut a number
    if json_file:
        Path(json_file).write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")


@click.command("identities")
@click.option("--people", type=click.IntRange(10), default=100_000, show_default=True)
@click.option("--noise", type=_noise, default="medium", show_default=True)
@click.option("--seed", "seed_value", type=int, default=7, show_default=True)
def bench_identities_command(people: int, noise: str, seed_value: int) -> None:
    """Time a from-scratch resolution (the files are generated and parsed first, untimed)."""
    with tempfile.TemporaryDirectory(prefix="identities-bench-") as tmp:
        started = time.perf_counter()
        write_exports(tmp, people=people, noise=noise, seed=seed_value)
        parsed = records_from_exports(tmp)
        prepared = time.perf_counter() - started
        started = time.perf_counter()
        result = resolve(parsed.records, seed=seed_value)
        seconds = time.perf_counter() - started
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items())
    click.echo(f"{people:,} true people, {result.records:,} records (generated and parsed in "
               f"{prepared:.1f} s): resolved from scratch in {seconds:.1f} s ({phases}); "
               f"{len(result.pairs):,} pairs at p >= {REVIEW}.")
