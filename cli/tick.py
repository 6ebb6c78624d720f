"""`referrals tick`: raise the reminders that are due (services/reminders.py), for cron.

Idempotent and safe to run from several machines at once: each reminder is MERGEd on its
unique key, so a second run raises nothing new, and only the run that created a reminder
writes its `reminder.raised` webhook event. It also recomputes centrality when the stored
run is older than REFERRALS_CENTRALITY_MAX_AGE_HOURS (24), was never made, or an import
changed the graph since (services/centrality.py; one machine runs it, a second tick finds
it fresh). Example crontab line (every 15 minutes):

    */15 * * * *  cd /srv/referrals && .venv/bin/referrals tick --quiet
"""

from __future__ import annotations

import json
import sys

import click

from cli import common
from referrals.reminders import DEFAULT_UNANSWERED_AFTER
from services import centrality, reminders


@click.command("tick")
@click.option("--unanswered-after-days", type=click.IntRange(1, 365), default=DEFAULT_UNANSWERED_AFTER.days,
              show_default=True, help="An ask with no outcome this long raises a reminder.")
@click.option("--centrality-max-age-hours", type=click.FloatRange(0), default=None,
              help="Recompute centrality older than this (default REFERRALS_CENTRALITY_MAX_AGE_HOURS, 24).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.option("--quiet", is_flag=True, help="Print nothing unless something was raised or computed.")
def tick_command(unanswered_after_days: int, centrality_max_age_hours: float | None, as_json: bool,
                 quiet: bool) -> None:
    """Raise the reminders that are due: thank-yous, unanswered asks, meetings with no next
    step, stale introductions (each once; done ones are resolved); recompute centrality
    when it is stale."""
    ctx = common.context()
    try:
        out = reminders.tick(ctx, unanswered_after_days=unanswered_after_days)
        central = centrality.refresh_if_stale(ctx, max_age_hours=centrality_max_age_hours)
    finally:
        ctx.graph.close()
    raised = sum(out["raised"].values())
    if as_json:
        click.echo(json.dumps({**out, "centrality": central}, indent=2, default=str))
        sys.exit(1 if central["ran"] and central["status"] != "done" else 0)
    if raised or not quiet:
        kinds = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in out["raised"].items() if n)
        click.echo(f"Raised {raised} reminders ({kinds or 'nothing new'}); {out['already']} already raised, "
                   f"{out['resolved']} resolved.")
    if central["ran"]:
        click.echo(f"Centrality recomputed ({central['reason']}): job {central['job']} "
                   f"{central['status']}, {central.get('people') or 0:,} people.")
    elif not quiet:
        click.echo(f"Centrality {central['reason']}"
                   + (f" (job {central['job']})" if central["job"] else "") + ".")
    if central["ran"] and central["status"] != "done":  # cron mails a failure: exit 1
        click.echo(f"Centrality failed: {central.get('error')}", err=True)
        sys.exit(1)
