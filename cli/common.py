"""What every command takes from the runtime: the settings (read from the environment
once per command line), a driver for the command's work and the use cases' context."""

from __future__ import annotations

import click

from graph.db import Graph
from runtime.context import bootstrap, connect
from runtime.settings import Settings
from services.context import Context


def settings() -> Settings:
    """The settings of the running command line, kept on its root click context so that
    nested and invoked commands (`bench all`) share one reading of the environment."""
    current = click.get_current_context(silent=True)
    if current is None:  # called outside a command (a test, a script)
        return Settings.from_env()
    root = current.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = Settings.from_env()
    return root.obj


def graph() -> Graph:
    """A driver with the long budgets of a job: a command is not a web request. A server
    that is not there fails here at once, not after the job budget's 30 s of retries."""
    connected = connect(settings(), batch=True)
    try:
        connected.driver.verify_connectivity()
    except BaseException:
        connected.close()
        raise
    return connected


def context() -> Context:
    """The use cases' context, acting as the system, on a job's driver."""
    return bootstrap(settings(), graph=graph())
