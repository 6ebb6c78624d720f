"""The MCP server for assistants (docs/mcp.md): the same use cases as the API, as MCP tools.

An entry point like api/, web/ and cli/ (it imports none of them): `referrals mcp` starts it
on stdio with the API key in REFERRALS_API_KEY; `build_server` makes one for tests.
"""

from assistant.server import TOOLS, build_server

__all__ = ["TOOLS", "build_server"]
