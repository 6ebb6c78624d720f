"""`referrals mcp`: the MCP server for assistants on stdio (assistant/, docs/mcp.md).

The CLI and the MCP server are sibling entry points that never import each other
(.importlinter), so this command replaces its own process with `python -m assistant`
(the same interpreter): the assistant's client talks to it over the stdin and stdout it
started `referrals mcp` with, and REFERRALS_API_KEY and the Neo4j settings pass on in
the environment.
"""

from __future__ import annotations

import os
import sys

import click


@click.command("mcp")
def mcp_command() -> None:
    """Serve the MCP tools (find paths, request an intro, weekly asks, pipeline review) on
    stdio, acting as the API key in REFERRALS_API_KEY (never on the command line)."""
    key = os.environ.get("REFERRALS_API_KEY", "").strip()
    if not key:
        raise click.ClickException("Set REFERRALS_API_KEY to an API key (referrals keys create "
                                   "--scope paths:read --scope introductions:write --name assistant).")
    os.execv(sys.executable, [sys.executable, "-m", "assistant"])
