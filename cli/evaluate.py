"""`referrals evaluate`: offline ranking quality in a synthetic world (no Neo4j needed)."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from cli.identity import evaluate_identities_command
from seed.evaluation import KS, RANKERS, evaluate


@click.group("evaluate", invoke_without_command=True)
@click.option("--people", type=click.IntRange(50), default=3000, show_default=True)
@click.option("--queries", type=click.IntRange(1), default=300, show_default=True)
@click.option("--seed", type=int, default=11, show_default=True)
@click.option("--draws", type=click.IntRange(1), default=20, show_default=True,
              help="Simulated outcomes per query for hit@k.")
@click.option("--history", type=click.IntRange(0), default=2000, show_default=True,
              help="Past introductions drawn for the calibrated model (70% train, 30% held back).")
@click.option("--ablate", is_flag=True, help="Also score the model with one weight changed at a time.")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the full result to this file.")
@click.pass_context
def evaluate_command(ctx: click.Context, people: int, queries: int, seed: int, draws: int, history: int,
                     ablate: bool, json_file: str | None) -> None:
    """Compare the path ranking (hand-set and outcome-calibrated) with fewest-hops and
    strongest-chain baselines, and the two models' chance of a meeting on held-back outcomes.
    `referrals evaluate identities` scores identity resolution instead (docs/identity.md)."""
    if ctx.invoked_subcommand is not None:
        return
    console = Console()
    with console.status("evaluating") as status:
        result = evaluate(people, queries, seed, draws, ablate=ablate, progress=status.update,
                          history=history)
    metrics = ("ndcg@10", *(f"hit@{k}" for k in KS), "true_chance@1")
    table = Table(title=f"{result.queries} queries, {result.people:,} people, "
                        f"{result.candidates_mean:.0f} candidate paths per query (<= 3 hops)")
    table.add_column("ranker")
    for m in metrics:
        table.add_column(m, justify="right")
    for ranker in RANKERS:
        row = result.metrics.get(ranker, {})
        table.add_row(ranker, *("-" if row.get(m) is None else f"{row[m]:.3f}" for m in metrics))
    console.print(table)
    cal = result.calibration
    if cal.get("log_loss"):
        ll = cal["log_loss"]
        t2 = Table(title=f"Held-back outcomes: {cal['held_back']} introductions (trained on {cal['train']}, "
                         f"meeting rate {cal['meeting_rate_train']:.3f})")
        for col in ("model", "log loss", "ndcg@10"):
            t2.add_column(col, justify="left" if col == "model" else "right")
        t2.add_row("hand-set (score as probability)", f"{ll['hand_set']:.4f}",
                   f"{result.metrics['model']['ndcg@10']:.3f}")
        t2.add_row("hand-set, Platt-scaled", f"{ll['hand_set_platt']:.4f}", "-")
        t2.add_row("calibrated", f"{ll['calibrated']:.4f}", f"{result.metrics['calibrated']['ndcg@10']:.3f}")
        t2.add_row("base rate", f"{ll['base_rate']:.4f}", "-")
        console.print(t2)
    elif cal:
        console.print("Calibrated model is cold (too little history): it ranks as the hand-set one.")
    if result.ablations:
        ab = Table(title="Model with one weight changed (default NDCG@10 "
                         f"{result.metrics['model']['ndcg@10']:.3f})")
        for col in ("weight", "value", *metrics):
            ab.add_column(col, justify="right" if col != "weight" else "left")
        for a in result.ablations:
            ab.add_row(a["weight"], f"{a['value']:g}", *("-" if a.get(m) is None else f"{a[m]:.3f}"
                                                        for m in metrics))
        console.print(ab)
    if json_file:
        with open(json_file, "w", encoding="utf-8") as fh:
            json.dump(result.as_dict(), fh, indent=2)
        console.print(f"Wrote {json_file}.")


evaluate_command.add_command(evaluate_identities_command)  # cli/identity.py
