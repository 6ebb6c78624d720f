"""The import's collector thresholds: raised while any import runs, put back after the last."""

import gc
import threading

from graph.collector import BULK_THRESHOLDS, fewer_collections


def test_thresholds_are_raised_inside_and_restored_after():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == BULK_THRESHOLDS
    assert gc.get_threshold() == before


def test_restored_after_an_error():
    before = gc.get_threshold()
    try:
        with fewer_collections():
            raise RuntimeError("a failed import")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before


def test_overlapping_imports_restore_only_when_the_last_ends():
    before = gc.get_threshold()
    first_in, second_done, seen = threading.Event(), threading.Event(), []

    def second() -> None:
        first_in.wait()
        with fewer_collections():
            pass
        seen.append(gc.get_threshold())  # the first import still runs
        second_done.set()

    worker = threading.Thread(target=second)
    worker.start()
    with fewer_collections():
        first_in.set()
        second_done.wait(5)
    worker.join(5)
    assert seen == [BULK_THRESHOLDS]
    assert gc.get_threshold() == before


def test_usable_as_a_decorator():
    before = gc.get_threshold()

    @fewer_collections()
    def import_something() -> tuple[int, int, int]:
        return gc.get_threshold()

    assert import_something() == BULK_THRESHOLDS
    assert gc.get_threshold() == before
