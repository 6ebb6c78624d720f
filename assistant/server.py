"""The MCP tools: each one verifies the process's API key, checks the key may do the tool's
action (its scopes, and a person's key its person's role: runtime/keys.py, the same check as
the API's), then calls the use case with the key as the actor, so the use case's own
`authorization.require` and the consent filter (services/visibility.py) apply as on the API.

The key is read again on every call (no cache): a revoked key stops working at once.
Refusals and domain errors come back as tool errors (the MCP `isError` result) whose text
starts with what the API's problem+json would say: `401`, `403`, `404`, `409`, `422`, `503`,
then the message and, for 409 and 422, the code or field. Nothing else of the server's
(stack traces, the key) reaches the assistant.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from graph.db import UNAVAILABLE_ERRORS, Graph
from referrals.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from referrals.permissions import Action
from runtime import keys as api_keys
from runtime.context import bootstrap
from runtime.settings import Settings
from search.paths import MAX_HOPS_ALLOWED
from services import companies, introductions, paths, people, pipeline, weekly_asks
from services.context import Context

NAME = "referrals"
INSTRUCTIONS = (
    "Warm introduction paths in a B2B referral network. Find people or companies by name with "
    "search_directory, then find_paths to a person or company id; request_introduction along "
    "one of the answered paths (its node ids, in order). weekly_asks is an account manager's "
    "list of referral asks this week; pipeline_review flags introductions to qualify out. "
    "People at a client that has not opted in are never named (shown as hidden)."
)

# tool name -> the action the key must allow (as the matching API route requires)
TOOLS: dict[str, Action] = {
    "search_directory": Action.READ_PEOPLE,
    "find_paths": Action.READ_PATHS,
    "request_introduction": Action.WRITE_INTRODUCTIONS,
    "weekly_asks": Action.PLAN_ASKS,
    "pipeline_review": Action.READ_PEOPLE,
}

Id = Annotated[str, Field(min_length=1, max_length=200)]


def _error_text(exc: DomainError) -> str:
    status = {NotFound: 404, Conflict: 409, Invalid: 422, Forbidden: 403}
    code = next((c for kind, c in status.items() if isinstance(exc, kind)), 400)
    extra = []
    if exc.field:
        extra.append(f"field: {exc.field}")
    if exc.code:
        extra.append(f"code: {exc.code}")
    for name in ("existing_id", "allowed", "current_version"):
        if name in exc.details:
            extra.append(f"{name}: {json.dumps(exc.details[name], default=str)}")
    return f"{code} {exc.message}" + (f" ({'; '.join(extra)})" if extra else "")


def _json_safe(value: Any) -> Any:
    """Dates and other non-JSON values as text, as the API's JSON answers carry them."""
    return json.loads(json.dumps(value, default=str))


class Tools:
    """The process's key and database; `run` is every tool's way in."""

    def __init__(self, api_key: str | None, settings: Settings, graph: Graph):
        self.api_key = api_key
        self.settings = settings
        self.graph = graph

    def context(self, action: Action) -> Context:
        ctx = bootstrap(self.settings, graph=self.graph)  # the system actor only to read the key
        try:
            actor = api_keys.authenticate(ctx, self.api_key)
        except api_keys.KeyRefused as exc:
            raise ToolError(f"401 {exc.message} Set REFERRALS_API_KEY to a valid key "
                            "(referrals keys create).") from None
        refusal = api_keys.refusal_message(actor, action)
        if refusal:
            raise ToolError(f"403 {refusal}")
        return ctx.as_actor(actor)

    def call(self, action: Action, use_case: Callable[[Context], Any]) -> Any:
        try:
            return _json_safe(use_case(self.context(action)))
        except DomainError as exc:
            raise ToolError(_error_text(exc)) from None
        except UNAVAILABLE_ERRORS:
            raise ToolError("503 The database is unavailable; try again shortly.") from None

    async def run(self, tool: str, use_case: Callable[[Context], Any]) -> Any:
        # the use cases block on Neo4j: off the event loop, one thread per call
        return await anyio.to_thread.run_sync(self.call, TOOLS[tool], use_case)


def build_server(api_key: str | None, *, settings: Settings | None = None,
                 graph: Graph | None = None) -> MCPServer:
    """An MCP server whose tools act as `api_key` (REFERRALS_API_KEY for `referrals mcp`).
    `graph`: an open driver to use (tests); else one is connected from `settings`."""
    settings = settings or Settings.from_env()
    graph = graph or bootstrap(settings).graph
    tools = Tools(api_key, settings, graph)
    server = MCPServer(NAME, instructions=INSTRUCTIONS)

    @server.tool()
    async def search_directory(
        query: Annotated[str, Field(min_length=1, max_length=200,
                                    description="Words a name, email or company starts with")],
        limit: Annotated[int, Field(ge=1, le=50)] = 10,
    ) -> dict[str, Any]:
        """People and companies whose name (a person's also email or company) starts with the
        words given, best first: their ids are what find_paths and request_introduction take."""
        return await tools.run("search_directory", lambda ctx: {
            "people": people.search(ctx, query, limit),
            "companies": companies.search(ctx, query, limit),
        })

    @server.tool()
    async def find_paths(
        target: Annotated[Id, Field(description="A person id, or a company id (its current employees)")],
        from_rep: Annotated[Id | None, Field(description="The asking rep's id; default: every rep")] = None,
        max_hops: Annotated[int, Field(ge=1, le=MAX_HOPS_ALLOWED)] = 3,
        limit: Annotated[int, Field(ge=1, le=50)] = 5,
        per_referrer: Annotated[int, Field(ge=1, le=5)] = 1,
    ) -> dict[str, Any]:
        """Ranked warm paths from our reps to a person or a company, each with its score, nodes
        (source, connectors, referrer, target), edges and a plain explanation; `runner_up` says
        why the best path not shown lost. Counts-only paths (through a client that has not opted
        in) name no one and cannot be requested."""
        return await tools.run("find_paths", lambda ctx: paths.find_paths(
            ctx, target, from_rep, max_hops=max_hops, limit=limit, per_referrer=per_referrer))

    @server.tool()
    async def request_introduction(
        requester_id: Annotated[Id, Field(description="The rep asking (the path's first node)")],
        target_id: Annotated[Id, Field(description="The person to be introduced to (the path's last)")],
        path: Annotated[list[Id], Field(min_length=1, max_length=10,
                                        description="Node ids in order, as find_paths answered them")],
        note: Annotated[str | None, Field(max_length=5000)] = None,
    ) -> dict[str, Any]:
        """Request a warm introduction along a path. Refused (409) when the same request is
        already open (existing_id) or someone on the path is at a client that has not opted in."""
        return await tools.run("request_introduction", lambda ctx: introductions.request(
            ctx, requester_id=requester_id, target_id=target_id, path=list(path), note=note))

    @server.tool(name="weekly_asks")
    async def weekly_asks_list(
        owner: Annotated[str | None, Field(max_length=320, description=(
            "Whose list, by sign-in email (managers and admins); default: the key's person"))] = None,
        limit: Annotated[int, Field(ge=1, le=100)] = 20,
        per_client: Annotated[int, Field(ge=1, le=10)] = 2,
    ) -> dict[str, Any]:
        """The account manager's weekly ask list: the best referral asks this week across the
        clients they own, each with why now, the drafted ask and the request that sends it."""
        return await tools.run("weekly_asks", lambda ctx: weekly_asks.weekly_asks(
            ctx, owner, limit=limit, per_client=per_client))

    @server.tool()
    async def pipeline_review(
        requester_id: Annotated[Id | None, Field(description="One rep's pipeline; default: all")] = None,
        stale_after_days: Annotated[int | None, Field(ge=1, le=3650)] = None,
        one_way_touches: Annotated[int | None, Field(ge=1, le=1000)] = None,
    ) -> dict[str, Any]:
        """The weekly pipeline review: early interest as one group with a count; stale, one-way
        and no-next-step introductions, each with the honest question and the call that
        qualifies it out."""
        return await tools.run("pipeline_review", lambda ctx: pipeline.review(
            ctx, requester_id=requester_id, stale_after_days=stale_after_days,
            one_way_touches=one_way_touches))

    return server
