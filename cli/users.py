"""`referrals users create|list`: sign-ins for the web pages (reps and account managers)."""

from __future__ import annotations

import secrets

import click

from cli import common
from services.users import ROLES, UserError, create_user, list_users


@click.group("users")
def users() -> None:
    """Web sign-ins for reps and account managers (only a password hash is stored)."""


@users.command("create")
@click.option("--email", required=True, help="What they sign in with.")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="rep (finds intros) or account_manager (asks clients for referrals).")
@click.option("--person-id", required=True, help="Their Person in the graph (for a rep, a Rep).")
@click.option("--password", default=None,
              help="At least 10 characters; leave out to be prompted (or use --generate).")
@click.option("--generate", is_flag=True, help="Generate a password and print it.")
@click.option("--replace", is_flag=True, help="Reset the user if the email exists already.")
def create(email: str, role: str, person_id: str, password: str | None, generate: bool,
           replace: bool) -> None:
    """Create a sign-in for the web pages."""
    if generate:
        password = secrets.token_urlsafe(12)
    elif password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    ctx = common.context()
    try:
        user = create_user(ctx, email=email, password=password, role=role, person_id=person_id,
                           replace=replace)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        ctx.graph.close()
    click.echo(f"Created {user['role']} {user['email']} (person {user['person_id']}).")
    if generate:
        click.echo(f"Password: {password}")


@users.command("list")
def list_command() -> None:
    """Every web sign-in."""
    ctx = common.context()
    try:
        rows = list_users(ctx)
    finally:
        ctx.graph.close()
    if not rows:
        click.echo("No users yet: referrals users create --email ... --role rep --person-id ...")
    for user in rows:
        click.echo(f"{user['email']:<32} {user['role']:<16} {user['person_id']}")
