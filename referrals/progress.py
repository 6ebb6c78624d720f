"""How long-running work says how far it got: ``progress(phase, done, total)``, ``total``
None when it is not known in advance; ``quiet`` says nothing. Here, apart from the
batches that take it (search/centrality.py, graph/market_reach.py), so that naming the
type does not load their numeric libraries."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int | None], None]


def quiet(_phase: str, _done: int, _total: int | None) -> None:
    return None
