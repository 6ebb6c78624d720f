"""`referrals import FILE --format ...`: load an export into the graph, with a report."""

from __future__ import annotations

import json
import sys
import time

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli import common
from graph.schema import ensure_schema
from referrals.errors import Invalid
from services import imports

SHOWN_ERRORS = 20


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True))
@click.option("--format", "fmt", required=True,
              type=click.Choice([*imports.FORMATS, "graph_json", "json"], case_sensitive=False),
              help="What the file is.")
@click.option("--owner", "owner_id", default=None,
              help="linkedin: the person id of the rep whose connections these are.")
@click.option("--source", default=None,
              help="Whose ids the file carries (default: the format; e.g. sfdc-emea).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Import date (default: today); later dates in the file are errors.")
@click.option("--batch-size", default=imports.DEFAULT_BATCH_SIZE, show_default=True,
              type=click.IntRange(min=1),
              help="Rows per chunk (one set of transactions each).")
@click.option("--full", is_flag=True,
              help="Compare every row with the graph, also those the last import of the same source "
                   "landed unchanged (which are otherwise left out: an edit made in the app since stays).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def import_command(file: str, fmt: str, owner_id: str | None, source: str | None, today,
                   batch_size: int, full: bool, as_json: bool) -> None:
    """Import FILE (LinkedIn, HubSpot, Salesforce, interaction log or graph-json).

    Good rows land, bad rows are listed with their line numbers; importing the same
    file again changes nothing, and a graph-json file's rows that did not change since the
    last import of its source are not read again (--full compares them too). Exit 1 when
    the file as a whole can't be imported.
    """
    if fmt.lower() == "linkedin" and not owner_id:
        raise click.UsageError("--owner (the rep's person id) is required for --format linkedin")
    err = Console(stderr=True)
    ctx = common.context()
    try:
        ensure_schema(ctx.graph)
        with open(file, "rb") as fh, Progress(
            TextColumn("[bold]{task.description}"), BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"), TextColumn("{task.fields[rows]:,} rows"),
            TextColumn("{task.fields[rate]:,.0f} rows/s"), TimeElapsedColumn(),
            console=err, disable=as_json, transient=False,
        ) as bar:
            size = max(1, fh.seek(0, 2))
            fh.seek(0)
            task = bar.add_task(f"importing {click.format_filename(file)}", total=size, rows=0, rate=0.0)
            started = time.perf_counter()
            done = 0

            def progress(n: int) -> None:
                nonlocal done
                done += n
                elapsed = max(time.perf_counter() - started, 1e-6)
                position = fh.tell() if not fh.closed else size
                bar.update(task, completed=min(position, size), rows=done, rate=done / elapsed)

            try:
                data = imports.import_file(ctx, fh, fmt, owner_id=owner_id, source=source,
                                           today=today.date() if today else None,
                                           batch_size=batch_size, progress=progress, full=full)
            except Invalid as exc:
                if exc.field == "format":  # the arguments, not the file (click's choices catch most)
                    raise click.UsageError(str(exc)) from exc
                bar.stop()
                if as_json:
                    click.echo(json.dumps({"error": str(exc), "created": 0, "updated": 0}))
                else:
                    err.print(f"[red]Not imported:[/red] {exc}", highlight=False)
                sys.exit(1)
            bar.update(task, completed=size)
    finally:
        ctx.graph.close()

    if as_json:
        click.echo(json.dumps(data, default=str))
        return
    out = Console()
    summary = Table(title=f"Import of {click.format_filename(file)} ({data['format']})", show_header=False)
    for label, key in (("rows", "rows"), ("created", "created"), ("updated", "updated"),
                       ("unchanged", "unchanged"), ("skipped", "skipped"), ("errors", "error_count")):
        summary.add_row(label, f"{data[key]:,}")
        if key == "unchanged" and data.get("unchanged_since_last_import"):
            summary.add_row("  not read again", f"{data['unchanged_since_last_import']:,} "
                                                "(as the last import of this source landed them)")
    rate = data["rows"] / data["seconds"] if data["seconds"] else 0.0
    summary.add_row("time", f"{data['seconds']:.2f} s ({rate:,.0f} rows/s)")
    out.print(summary)
    if data["errors"]:
        errors = Table(title=f"First {min(SHOWN_ERRORS, data['error_count'])} of "
                             f"{data['error_count']} errors")
        errors.add_column("line", justify="right")
        errors.add_column("field")
        errors.add_column("problem", overflow="fold")
        for entry in data["errors"][:SHOWN_ERRORS]:
            errors.add_row(str(entry["line"]), str(entry["field"]), str(entry["detail"]))
        out.print(errors)
