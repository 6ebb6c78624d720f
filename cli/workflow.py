"""`referrals icp show|set FILE` and `referrals review`: the profile and the weekly review
from the command line: the use cases behind GET/PUT /icp and GET /pipeline/review."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.table import Table

from cli import common
from graph.schema import ensure_schema
from referrals.errors import Invalid
from referrals.icp import profile_to_dict
from referrals.review import DEFAULT_ONE_WAY_TOUCHES, DEFAULT_STALE_AFTER
from services import icp as icp_cases
from services import pipeline
from services.context import Context


def _context() -> Context:
    ctx = common.context()
    ensure_schema(ctx.graph)  # a database nothing was loaded into yet works too
    return ctx


def _console() -> Console:
    return Console(width=140, soft_wrap=False)


# ---- icp ------------------------------------------------------------------------------------
@click.group("icp")
def icp() -> None:
    """The Ideal Client Profile companies are scored against."""


@icp.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the profile as JSON (the PUT /icp body).")
def icp_show(as_json: bool) -> None:
    """Print the current profile (the built-in default until one is set)."""
    ctx = _context()
    try:
        stored = icp_cases.current(ctx)
    finally:
        ctx.graph.close()
    doc = profile_to_dict(stored["profile"])
    if as_json:
        click.echo(json.dumps({**doc, "version": stored["version"]}, indent=2))
        return
    table = Table(title=f"Ideal Client Profile (version {stored['version']}; ideal at >= "
                        f"{doc['ideal_threshold']}, happy at health >= {doc['min_health']})")
    for column in ("criterion", "attribute", "op", "value", "weight", "must have"):
        table.add_column(column)
    for c in doc["criteria"]:
        table.add_row(c["label"], c["attribute"], c["op"], json.dumps(c["value"]), f"{c['weight']:g}",
                      "yes" if c["must_have"] else "")
    _console().print(table)


@icp.command("set")
@click.argument("file", type=click.File("r", encoding="utf-8"))
def icp_set(file) -> None:
    """Replace the profile with FILE (JSON, as printed by `icp show --json`; `-` reads
    stdin) and rescore every company."""
    try:
        doc = json.load(file)
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"{getattr(file, 'name', 'FILE')} is not JSON: {exc}") from exc
    if isinstance(doc, dict):
        doc.pop("version", None)
    ctx = _context()
    try:
        saved = icp_cases.replace(ctx, doc, acting_for="cli")
    except Invalid as exc:
        raise click.ClickException(f"invalid profile: {exc}") from exc
    finally:
        ctx.graph.close()
    rescored = saved["rescored"]
    click.echo(f"Saved ICP version {saved['version']}; rescored {rescored['scanned']} companies "
               f"({rescored['changed']} changed).")


# ---- review ---------------------------------------------------------------------------------
@click.command("review")
@click.option("--requester", "requester_id", default=None, help="Only this rep's introductions.")
@click.option("--stale-after-days", type=click.IntRange(1, 3650), default=DEFAULT_STALE_AFTER.days,
              show_default=True, help="No status change for this long is stale.")
@click.option("--one-way-touches", type=click.IntRange(1, 1000), default=DEFAULT_ONE_WAY_TOUCHES,
              show_default=True, help="Outbound touches without a reply that make a one-way chase.")
@click.option("--json", "as_json", is_flag=True, help="Print the review as JSON (as the API answers).")
def review(requester_id: str | None, stale_after_days: int, one_way_touches: int, as_json: bool) -> None:
    """The weekly pipeline review: early interest as one group; stale, one-way and
    no-next-step items, each with the honest question and how to qualify it out."""
    ctx = _context()
    try:
        body = pipeline.review(ctx, requester_id=requester_id, stale_after_days=stale_after_days,
                               one_way_touches=one_way_touches)
    finally:
        ctx.graph.close()
    if as_json:
        click.echo(json.dumps(body, indent=2))
        return
    print_review(body, _console())


_GROUPS = (
    ("stale", "Stale: no stage change"),
    ("one_way", "One-way chases: many touches, no reply"),
    ("no_next_step", "Meetings without a next step"),
)


def print_review(body: dict, console: Console) -> None:
    early = body["early_interest"]
    by_status = ", ".join(f"{k} {v}" for k, v in sorted(early["by_status"].items())) or "none"
    console.print(f"[bold]Early interest[/bold]: {early['count']} items ({by_status}). "
                  f"{early['question']}")
    console.print(f"Active past the early stage: {body['active_count']}; closed: {body['closed_count']}.")
    for key, title in _GROUPS:
        flags = body[key]
        if not flags:
            console.print(f"[bold]{title}[/bold]: none.")
            continue
        table = Table(title=f"{title} ({len(flags)})", show_lines=True)
        # the id is what a person copies into the next command: never folded across lines
        table.add_column("introduction", no_wrap=True, min_width=max(len(f["item_id"]) for f in flags))
        for column in ("status", "owner", "what we saw", "ask them", "qualify out"):
            table.add_column(column, overflow="fold")
        for flag in flags:
            action = flag.get("action")
            qualify_out = "" if not action else (
                f"POST {action['path']}\n{json.dumps(action['body'])}")
            table.add_row(f"{flag['item_id']}\n{flag.get('title') or ''}", flag["status"],
                          flag.get("owner") or "", flag["detail"], flag["question"], qualify_out)
        console.print(table)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(review())
