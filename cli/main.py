"""The `referrals` command line: local Neo4j, schema, data, jobs and benchmarks."""

from __future__ import annotations

import json
import sys

import click

from cli import common
from cli.backup import backup_command, restore_command
from cli.bench import bench
from cli.centrality import centrality_command
from cli.demo import demo_info
from cli.erasure import erasures, people
from cli.evaluate import evaluate_command
from cli.identity import identity_commands
from cli.imports import import_command
from cli.interleaving import interleaving_commands
from cli.keys import keys as keys_commands
from cli.mcp import mcp_command
from cli.seed import seed_command
from cli.tick import tick_command
from cli.users import users as users_commands
from cli.workflow import icp as icp_commands
from cli.workflow import review as review_command
from graph.db import UNAVAILABLE_ERRORS
from graph.local_server import LocalNeo4j, LocalServerError
from graph.schema import describe_schema, ensure_schema
from referrals.errors import DomainError


class ReferralsGroup(click.Group):
    """The root group: a database that does not answer, or a domain error a use case
    raised, becomes one readable line and exit code 1, never a stack trace."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UNAVAILABLE_ERRORS as exc:
            uri = common.settings().neo4j.uri
            raise click.ClickException(
                f"Neo4j does not answer at {uri} ({type(exc).__name__}). Start the local one with "
                "`referrals neo4j start` (or `make neo4j`), or point NEO4J_URI at yours.") from None
        except DomainError as exc:
            raise click.ClickException(exc.message) from None


@click.group(cls=ReferralsGroup)
def cli() -> None:
    """Referral network service: warm introduction paths over a Neo4j graph."""


# ---- local Neo4j ------------------------------------------------------------------------
@cli.group()
def neo4j() -> None:
    """Run the project's own Neo4j Community server (fetched from Maven Central)."""


def _server(name: str, port: int | None) -> LocalNeo4j:
    default_port = 7688 if name == "test" else 7687
    return common.settings().local_neo4j(name, port or default_port)


_name_option = click.option("--name", default="demo", show_default=True,
                            help="Which local server: 'demo' (port 7687) or 'test' (port 7688).")
_port_option = click.option("--port", type=int, default=None, help="Bolt port (default by name).")


@neo4j.command("start")
@_name_option
@_port_option
@click.option("--timeout", default=120.0, show_default=True, help="Seconds to wait for Bolt.")
def neo4j_start(name: str, port: int | None, timeout: float) -> None:
    """Fetch (first time only), configure and start the server; waits until Bolt answers."""
    try:
        _server(name, port).start(timeout=timeout, echo=click.echo)
    except LocalServerError as exc:
        raise click.ClickException(str(exc)) from exc


@neo4j.command("stop")
@_name_option
@_port_option
def neo4j_stop(name: str, port: int | None) -> None:
    """Stop the server cleanly (SIGTERM, then wait)."""
    _server(name, port).stop(echo=click.echo)


@neo4j.command("status")
@_name_option
@_port_option
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def neo4j_status(name: str, port: int | None, as_json: bool) -> None:
    """Whether the server runs, where, and how much memory it holds."""
    status = _server(name, port).status()
    if as_json:
        click.echo(json.dumps(status))
    elif status["running"]:
        click.echo(f"Neo4j '{name}' is running on {status['uri']} (pid {status['pid']}, "
                   f"{status['resident_mb']:.0f} MB resident, home {status['home']}).")
    else:
        click.echo(f"Neo4j '{name}' is not running (home {status['home']}).")
    if not status["running"]:
        sys.exit(3)


# ---- schema -------------------------------------------------------------------------------
@cli.group()
def db() -> None:
    """Database schema."""


@db.command("init")
def db_init() -> None:
    """Create constraints and indexes (idempotent)."""
    graph = common.graph()
    try:
        ensure_schema(graph)
        schema = describe_schema(graph)
    finally:
        graph.close()
    click.echo(f"Schema ready: {len(schema['constraints'])} constraints, "
               f"{len(schema['indexes'])} indexes.")


# ---- commands defined in their own modules ---------------------------------------------------
for command in (seed_command, bench, demo_info, keys_commands, icp_commands, review_command,
                import_command, centrality_command, evaluate_command, users_commands, people, erasures,
                identity_commands, tick_command, backup_command, restore_command, mcp_command,
                interleaving_commands):
    cli.add_command(command)


def main() -> None:  # pragma: no cover - console script
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
