"""`referrals tick`: raise the reminders that are due (services/reminders.py), for cron.

Idempotent and safe to run from several machines at once: each reminder is MERGEd on its
unique key, so a second run raises nothing new, and only the run that created a reminder
writes its `reminder.raised` webhook event. Example crontab line (every 15 minutes):

    */15 * * * *  cd /srv/referrals && .venv/bin/referrals tick --quiet
"""

from __future__ import annotations

import json

import click

from cli import common
from referrals.reminders import DEFAULT_UNANSWERED_AFTER
from services import reminders


@click.command("tick")
@click.option("--unanswered-after-days", type=click.IntRange(1, 365), default=DEFAULT_UNANSWERED_AFTER.days,
              show_default=True, help="An ask with no outcome this long raises a reminder.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.option("--quiet", is_flag=True, help="Print nothing unless something was raised.")
def tick_command(unanswered_after_days: int, as_json: bool, quiet: bool) -> None:
    """Raise the reminders that are due: thank-yous, unanswered asks, meetings with no next
    step, stale introductions (each once; done ones are resolved)."""
    ctx = common.context()
    try:
        out = reminders.tick(ctx, unanswered_after_days=unanswered_after_days)
    finally:
        ctx.graph.close()
    raised = sum(out["raised"].values())
    if as_json:
        click.echo(json.dumps(out, indent=2))
    elif raised or not quiet:
        kinds = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in out["raised"].items() if n)
        click.echo(f"Raised {raised} reminders ({kinds or 'nothing new'}); {out['already']} already raised, "
                   f"{out['resolved']} resolved.")
