"""`referrals interleaving report`: which ranking reps request introductions from on the
find page, hand-set or learned (services/interleaving.py; docs/ranking.md)."""

from __future__ import annotations

import json

import click

from cli import common
from services import interleaving


@click.group("interleaving")
def interleaving_commands() -> None:
    """The find page's interleaving experiment: hand-set against learned ranking."""


@interleaving_commands.command("report")
@click.option("--days", type=click.IntRange(1, 3650), default=None,
              help="Only lists shown in the last N days (default: all).")
@click.option("--confidence", type=click.FloatRange(0.5, 0.999), default=0.95, show_default=True,
              help="Confidence level of the interval.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def report_command(days: int | None, confidence: float, as_json: bool) -> None:
    """Wins of each ranking, the learned ranking's share and its interval, and the verdict."""
    ctx = common.context()
    try:
        out = interleaving.report(ctx, days=days, confidence=confidence)
    finally:
        ctx.graph.close()
    if as_json:
        click.echo(json.dumps(out, indent=2))
        return
    level = round(confidence * 100)
    click.echo(f"Interleaved lists shown: {out['impressions']}; introductions requested from them: "
               f"{out['clicks']}{'' if days is None else f' (last {days} days)'}.")
    click.echo(f"Decided: hand-set {out['a_wins']}, learned {out['b_wins']}; ties {out['ties']}.")
    click.echo(f"Learned share {out['learned_share']:.1%} ({level}% CI {out['ci_low']:.1%} to "
               f"{out['ci_high']:.1%}).")
    click.echo(out["verdict"])
