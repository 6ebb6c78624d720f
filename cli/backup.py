"""`referrals backup FOLDER` and `referrals restore FOLDER`: the local Neo4j server's
`neo4j` database to a dump file and back (graph/local_server.py; docs/operations.md,
"Backup and restore"). Neo4j Community dumps and loads only a stopped database, so both
stop the server, run neo4j-admin and start it again; the app answers 503 meanwhile."""

from __future__ import annotations

from pathlib import Path

import click

from cli import common
from graph.local_server import LocalServerError, backup_database, restore_database

_DEFAULT_PORTS = {"demo": 7687, "test": 7688}

_name_option = click.option("--name", default="demo", show_default=True,
                            help="Which local server: 'demo' (port 7687), 'test' (7688) or another home.")
_port_option = click.option("--port", type=int, default=None,
                            help="Its Bolt port (default by name), used to start it again.")
_force_option = click.option("--force", is_flag=True, help="Replace what is there (see above).")


def _server(name: str, port: int | None):
    settings = common.settings()
    server = settings.local_neo4j(name, port or _DEFAULT_PORTS.get(name, 7687))
    if not server.home.exists():
        raise click.ClickException(f"There is no local Neo4j '{name}' ({server.home}); "
                                   "--name names a server `referrals neo4j start --name NAME` made.")
    return server


def _run(step, name: str, port: int | None, path: Path, force: bool):
    """Run a backup or restore step on the named server, its error as the CLI's, and say
    how long the server was down."""
    try:
        result = step(_server(name, port), path, force=force, echo=click.echo)
    except LocalServerError as exc:
        raise click.ClickException(str(exc)) from None
    if result.downtime_seconds:
        click.echo(f"Neo4j '{name}' was down for {result.downtime_seconds:.1f} s.")
    return result


@click.command("backup")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@_name_option
@_port_option
@_force_option
def backup_command(folder: Path, name: str, port: int | None, force: bool) -> None:
    """Dump the local server's database to FOLDER/neo4j.dump.

    Stops the server for the dump and starts it again (the app answers 503 meanwhile).
    An existing dump in FOLDER is kept unless --force.
    """
    result = _run(backup_database, name, port, folder, force)
    click.echo(f"Restore it with: referrals restore {result.path.parent} --name {name} --force")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@_name_option
@_port_option
@_force_option
def restore_command(source: Path, name: str, port: int | None, force: bool) -> None:
    """Replace the local server's database with the dump SOURCE (a folder `referrals
    backup` wrote, or the neo4j.dump file itself).

    Everything stored after that backup is lost, so it needs --force. Stops the server,
    loads the dump and starts it again.
    """
    _run(restore_database, name, port, source, force)
