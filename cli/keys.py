"""`referrals keys ...`: create, list and revoke API keys (only a hash is stored)."""

from __future__ import annotations

import json

import click

from cli import common
from graph.schema import ensure_schema
from referrals.errors import Invalid, NotFound
from referrals.keys import SCOPES
from referrals.permissions import Scope
from services import keys as key_cases
from services.context import Context


def _context() -> Context:
    ctx = common.context()
    ensure_schema(ctx.graph)  # the key constraints, on a database nothing was loaded into yet
    return ctx


@click.group()
def keys() -> None:
    """API keys for the HTTP API (header X-API-Key)."""


SCOPE_CHOICES = (*SCOPES, *(s.value for s in Scope if s.value not in SCOPES))


@keys.command("create")
@click.option("--scope", "scopes", type=click.Choice(SCOPE_CHOICES), multiple=True,
              default=("read",), show_default=True,
              help="What the key may do; repeat for several. paths:read, people:read, "
                   "people:write, introductions:write, imports:run, webhooks:manage, admin; "
                   "or an older level: read (paths:read people:read), write (also "
                   "people:write introductions:write imports:run), admin (everything).")
@click.option("--name", required=True, help="The partner or tool that uses the key (shown in lists "
                                            "and recorded as the actor).")
@click.option("--for", "for_email", default=None,
              help="A signed-in person's email: the key acts as them (their role and their "
                   "introductions), within its scopes.")
def keys_create(scopes: tuple[str, ...], name: str, for_email: str | None) -> None:
    """Create a key and print it; it is shown only this once, alone on the last line."""
    ctx = _context()
    try:
        record, plaintext = key_cases.create(ctx, name, list(scopes), for_email=for_email)
    except (Invalid, NotFound) as exc:
        raise click.ClickException(exc.message) from None
    finally:
        ctx.graph.close()
    owner = f" for {for_email}" if for_email else ""
    click.echo(f"Created key {record['id']} ({name}{owner}) with scopes: {record['scope']}. "
               "Store it now; it is not shown again:", err=False)
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
        click.echo(f"{row['id']}  {row['prefix']}_...  {row['scope']:<12}  {row.get('name') or '':<20}  "
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
