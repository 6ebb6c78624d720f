"""`referrals people erase PERSON_ID --yes` and `referrals erasures list|lift ID`: erasure
as the system (an operator on the server), through the same use cases as the API
(services/erasure.py; what is removed: docs/security.md)."""

from __future__ import annotations

import json

import click

from cli import common
from graph.schema import ensure_schema
from services import erasure as cases
from services.context import Context


def _context() -> Context:
    ctx = common.context()
    ensure_schema(ctx.graph)  # the erasure constraints, on a database that predates them
    return ctx


@click.group()
def people() -> None:
    """People in the graph."""


@people.command("erase")
@click.argument("person_id")
@click.option("--yes", is_flag=True, help="Confirm: the person's data cannot be brought back.")
def people_erase(person_id: str, yes: bool) -> None:
    """Erase a person from every path, ask and introduction; imports skip them after."""
    if not yes:
        raise click.ClickException("Erasing cannot be undone: run again with --yes to erase "
                                   f"{person_id}.")
    ctx = _context()
    try:
        result = cases.erase(ctx, person_id)
    finally:
        ctx.graph.close()
    removed = ", ".join(f"{k} {v}" for k, v in result["removed"].items())
    click.echo(f"Erased {person_id}: now {result['tombstone_id']} (erasure {result['erasure_id']}); "
               f"{removed}.")


@click.group()
def erasures() -> None:
    """Erasures: list them, lift one so imports may create the person again."""


@erasures.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def erasures_list(as_json: bool) -> None:
    """Every erasure, newest first."""
    ctx = _context()
    try:
        rows = cases.list_erasures(ctx)
    finally:
        ctx.graph.close()
    if as_json:
        click.echo(json.dumps(rows))
        return
    if not rows:
        click.echo("No erasures.")
    for row in rows:
        state = f"lifted {row['lifted_at']} by {row['lifted_by']}" if row.get("lifted_at") else "in force"
        click.echo(f"{row['id']}  {row['tombstone_id']}  erased {row['erased_at']} by {row['erased_by']}  "
                   f"{row['keys']} keys  {state}")


@erasures.command("lift")
@click.argument("erasure_id")
def erasures_lift(erasure_id: str) -> None:
    """Lift an erasure: the next import (or POST /people) may create the person again."""
    ctx = _context()
    try:
        row = cases.lift(ctx, erasure_id)
    finally:
        ctx.graph.close()
    click.echo(f"Lifted erasure {erasure_id} at {row['lifted_at']}.")
