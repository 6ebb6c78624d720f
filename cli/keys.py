"""`referrals keys ...`: create, list and revoke API keys (only a hash is stored)."""

from __future__ import annotations

import json

import click

from cli import common
from graph.schema import ensure_schema
from referrals.errors import NotFound
from referrals.keys import SCOPES
from services import keys as key_cases
from services.context import Context


def _context() -> Context:
    ctx = common.context()
    ensure_schema(ctx.graph)  # the key constraints, on a database nothing was loaded into yet
    return ctx


@click.group()
def keys() -> None:
    """API keys for the HTTP API (header X-API-Key)."""


@keys.command("create")
@click.option("--scope", type=click.Choice(SCOPES), default="read", show_default=True,
              help="read < write < admin; a higher scope implies the lower ones.")
@click.option("--name", required=True, help="Who or what uses the key (shown in lists).")
def keys_create(scope: str, name: str) -> None:
    """Create a key and print it; it is shown only this once, alone on the last line."""
    ctx = _context()
    try:
        record, plaintext = key_cases.create(ctx, name, scope)
    finally:
        ctx.graph.close()
    click.echo(f"Created {scope} key {record['id']} ({name}). Store it now; it is not shown again:",
               err=False)
    click.echo(plaintext)


@keys.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def keys_list(as_json: bool) -> None:
    """Every key: id, prefix, name, scope, created, last used, revoked (never the secret)."""
    ctx = _context()
    try:
        rows = key_cases.list_all(ctx)
    finally:
        ctx.graph.close()
    if as_json:
        click.echo(json.dumps(rows))
        return
    if not rows:
        click.echo("No API keys yet. Create one: referrals keys create --scope admin --name NAME")
        return
    for row in rows:
        state = f"revoked {row['revoked_at']}" if row.get("revoked_at") else "active"
        click.echo(f"{row['id']}  {row['prefix']}_...  {row['scope']:<5}  {row.get('name') or '':<20}  "
                   f"created {row['created_at']}  last used {row.get('last_used_at') or 'never'}  {state}")


@keys.command("revoke")
@click.argument("key_id")
def keys_revoke(key_id: str) -> None:
    """Revoke a key; running API processes stop accepting it within 30 s (their key cache)."""
    ctx = _context()
    try:
        record = key_cases.revoke(ctx, key_id)
    except NotFound as exc:
        raise click.ClickException(exc.message) from None
    finally:
        ctx.graph.close()
    click.echo(f"Revoked key {key_id} ({record.get('name') or ''}) at {record['revoked_at']}.")
