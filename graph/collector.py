"""Python's cyclic garbage collector during bulk work.

An import makes millions of small objects (rows, records, write columns) that mostly die
by reference counting, chunk by chunk. With the default thresholds (700, 10, 10) the
collector still ran 38 full collections during a 20,000-person graph-json import, each
walking every live object: 3.3 of its 10 s (docs/imports.md, "How an import writes", item 7).
Raising the thresholds while the import runs leaves reference counting to free what it
frees anyway and lets the collector run a few times instead of thousands; the peak memory
did not move (321-322 MB in the same measurement).

Process-wide, as the collector is: the first of several concurrent imports in one
process (an API worker's threads) raises them, the last one out puts back what was there.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# young objects before a collection; collections of one generation before the next one's
BULK_THRESHOLDS = (10_000, 20, 20)

_lock = threading.Lock()
_active = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the body with the collector's thresholds at ``BULK_THRESHOLDS``."""
    global _active, _saved
    with _lock:
        if _active == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(*BULK_THRESHOLDS)
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None
