"""`referrals users create|list|set-password|revoke-sessions`: sign-ins for the web pages
(reps and account managers). A new password or a revoke signs the user out everywhere."""

from __future__ import annotations

import secrets

import click

from cli import common
from referrals.errors import NotFound
from services import access
from services.users import ROLES, UserError, create_user, list_users, revoke_sessions, set_password


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


@users.command("set-password")
@click.argument("email")
@click.option("--password", default=None,
              help="At least 10 characters; leave out to be prompted (or use --generate).")
@click.option("--generate", is_flag=True, help="Generate a password and print it.")
def set_password_command(email: str, password: str | None, generate: bool) -> None:
    """A new password for EMAIL; every session they have open ends."""
    if generate:
        password = secrets.token_urlsafe(12)
    elif password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    ctx = common.context()
    try:
        user = set_password(ctx, email, password)
    except (UserError, NotFound) as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        ctx.graph.close()
    click.echo(f"New password for {user['email']}; their open sessions are signed out.")
    if generate:
        click.echo(f"Password: {password}")


@users.command("delete")
@click.argument("email")
def delete_command(email: str) -> None:
    """Remove EMAIL's sign-in: sessions end, their API keys are revoked, their clients
    have no owner (needed before their person can be erased)."""
    ctx = common.context()
    try:
        user = access.remove_user(ctx, email)
    except NotFound as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        ctx.graph.close()
    click.echo(f"Removed {user['email']} ({user['keys_revoked']} API keys revoked).")


@users.command("revoke-sessions")
@click.argument("email")
def revoke_sessions_command(email: str) -> None:
    """Sign EMAIL out everywhere (a lost laptop, a leaver); the password stays."""
    ctx = common.context()
    try:
        user = revoke_sessions(ctx, email)
    except NotFound as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        ctx.graph.close()
    click.echo(f"Every session of {user['email']} is signed out.")
