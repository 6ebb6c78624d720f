"""Tests that race: run one function in several threads released at the same instant."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def at_once(fn: Callable[[int], Any], n: int) -> tuple[list[Any], list[BaseException]]:
    """Call fn(0)..fn(n-1) in n threads that start together (a barrier); returns the
    results of the calls that returned and the exceptions of those that raised."""
    barrier = threading.Barrier(n)

    def one(i: int) -> tuple[Any, BaseException | None]:
        barrier.wait()
        try:
            return fn(i), None
        except Exception as exc:  # noqa: BLE001 - handed to the test to assert on
            return None, exc

    with ThreadPoolExecutor(n) as pool:
        done = list(pool.map(one, range(n)))
    return [r for r, e in done if e is None], [e for _r, e in done if e is not None]
