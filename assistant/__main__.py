"""`python -m assistant` (what `referrals mcp` runs): the MCP server on stdio, acting as the
API key in REFERRALS_API_KEY. Logs go to stderr; stdout carries only the protocol."""

from __future__ import annotations

import logging
import os
import sys

from assistant.server import build_server
from graph.db import UNAVAILABLE_ERRORS
from runtime.context import bootstrap
from runtime.keys import KeyRefused, authenticate
from runtime.settings import Settings

KEY_VARIABLE = "REFERRALS_API_KEY"


def main() -> int:
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    key = os.environ.get(KEY_VARIABLE, "").strip()
    if not key:
        print(f"Set {KEY_VARIABLE} to an API key (referrals keys create --scope paths:read "
              "--name assistant).", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    ctx = bootstrap(settings)
    try:
        authenticate(ctx, key)  # a wrong key is said at once, not at the first tool call
    except KeyRefused as exc:
        print(f"{KEY_VARIABLE}: {exc.message}", file=sys.stderr)
        ctx.graph.close()
        return 2
    except UNAVAILABLE_ERRORS as exc:
        print(f"Neo4j does not answer at {settings.neo4j.uri} ({type(exc).__name__}); start it "
              "(referrals neo4j start) or set NEO4J_URI.", file=sys.stderr)
        ctx.graph.close()
        return 1
    try:
        build_server(key, settings=settings, graph=ctx.graph).run("stdio")
    finally:
        ctx.graph.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
