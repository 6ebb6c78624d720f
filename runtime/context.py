"""The context for the CLI, tests and benchmarks: `bootstrap()` gives what a request gets.

    ctx = bootstrap()                      # settings from the environment
    ctx = bootstrap(settings, batch=True)  # long jobs: longer driver budgets
    introductions.move(ctx, "i-1", "asked")
    ctx.graph.close()
"""

from __future__ import annotations

from graph.db import Graph
from runtime.settings import Settings
from services.context import SYSTEM, Actor, Context
from services.webhooks import Drainer


def connect(settings: Settings, *, batch: bool = False) -> Graph:
    """One driver for this process: short budgets on the request path, long ones for jobs."""
    return Graph.connect(settings.neo4j, request_path=not batch)


def bootstrap(settings: Settings | None = None, *, graph: Graph | None = None, batch: bool = False,
              actor: Actor = SYSTEM) -> Context:
    settings = settings or Settings.from_env()
    return Context(graph=graph or connect(settings, batch=batch), rules=settings.rules, actor=actor)


def drainer_for(settings: Settings, graph: Graph) -> Drainer:
    return Drainer(graph, max_attempts=settings.webhook_max_attempts,
                   retry_base=settings.webhook_retry_base, poll_seconds=settings.outbox_poll_seconds,
                   allow_private=settings.webhooks_allow_private)
