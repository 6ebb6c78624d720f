"""The service's Prometheus metrics, and the small hooks the use cases time themselves with.

Every metric is defined here, once per process. Under gunicorn each worker writes its
values to files in PROMETHEUS_MULTIPROC_DIR (set by server/gunicorn_conf.py before the
workers import this module) and /metrics adds the workers up; without it (tests, the
CLI, the Flask dev server) they live in this process's registry. docs/operations.md
lists them with their labels.

The hooks cost nothing when metrics are off (`set_enabled(False)`, from
REFERRALS_OBSERVABILITY=off): `stage()` yields at once, `instrument()` leaves the object
alone, the counters are not touched.

Path-search stages are timed without asking anything of the search (graph/paths.py):
`instrument(finder, PATH_STAGES)` wraps a few of one finder's own methods for that
search only, each timing its *own* time (its nested stages subtracted), so the stages
add up to the search and a renamed method simply goes untimed (the test of the
metrics notices).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from prometheus_client import Counter, Histogram

T = TypeVar("T")

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
STAGE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)
LAG_BUCKETS = (0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0)
JOB_BUCKETS = (1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0)


def _define() -> dict[str, Any]:
    """The metrics, made on first use: prometheus_client picks its multiprocess mode when
    it is imported, so nothing may import it before gunicorn's master has set
    PROMETHEUS_MULTIPROC_DIR (server/gunicorn_conf.py imports the settings, and so this
    module, first)."""
    from prometheus_client import Counter, Gauge, Histogram

    return {
        "HTTP_DURATION": Histogram(
            "referrals_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template, method and status class (2xx, 4xx...).",
            ("route", "method", "status"), buckets=LATENCY_BUCKETS),
        "HTTP_REFUSED": Counter(
            "referrals_http_refused_total",
            "Requests answered 429 (rate_limit), 503 (overload: shed; database: Neo4j unavailable) "
            "or 504 (timeout: Neo4j stopped the query).", ("status", "reason")),
        "IN_FLIGHT": Gauge("referrals_http_in_flight", "Requests being answered now (all workers).",
                           multiprocess_mode="livesum"),
        "NEO4J_ERRORS": Counter("referrals_neo4j_errors_total",
                                "Requests that met a Neo4j error: unavailable or timeout.", ("kind",)),
        "PATH_STAGE": Histogram(
            "referrals_path_stage_seconds",
            "Time in each stage of a path search: expand (the neighbourhood, level by level), join "
            "(the ends, the middle tie, the folded referrers' facts), facts, score (layered graph "
            "and ranking), present (visibility and the answer's shape).",
            ("stage",), buckets=STAGE_BUCKETS),
        "OUTBOX_LAG": Histogram("referrals_outbox_lag_seconds",
                                "From a webhook delivery falling due to its being claimed for sending.",
                                buckets=LAG_BUCKETS),
        "WEBHOOK_DELIVERIES": Counter(
            "referrals_webhook_deliveries_total",
            "Webhook delivery attempts by outcome: delivered, retry (failed, tried again later), "
            "failed (gave up), dropped (webhook deleted or off).", ("outcome",)),
        "JOB_DURATION": Histogram("referrals_job_duration_seconds", "Background job run time.",
                                  ("kind", "status"), buckets=JOB_BUCKETS),
        "IMPORT_ROWS": Counter("referrals_import_rows_total",
                               "Imported rows by format and outcome (created, updated, unchanged, "
                               "skipped, errors).", ("format", "outcome")),
    }


_defined: dict[str, Any] = {}
_define_lock = threading.Lock()


def __getattr__(name: str) -> Any:  # metrics.HTTP_DURATION etc., made on first use
    if name.isupper() and name not in globals():
        with _define_lock:
            if not _defined:
                _defined.update(_define())
        if name in _defined:
            return _defined[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


PATH_STAGES: Mapping[str, str] = {
    # graph/paths.py PathFinder method -> stage (each timed without its nested stages)
    "_find": "score", "_search_space": "join", "_grow": "expand", "facts": "facts",
    "facts_and_hidden": "facts",  # a request's search: the connectors' facts and who is hidden
}
IMPORT_OUTCOMES = ("created", "updated", "unchanged", "skipped")

_state = {"enabled": True}
_stack = threading.local()


def set_enabled(enabled: bool) -> None:
    _state["enabled"] = bool(enabled)


def enabled() -> bool:
    return _state["enabled"]


@contextmanager
def stage(name: str, histogram: Histogram | None = None) -> Iterator[None]:
    """Time the block as `name`, less the stages nested in it (same thread)."""
    if not _state["enabled"]:
        yield
        return
    frames = getattr(_stack, "frames", None)
    if frames is None:
        frames = _stack.frames = []
    frame = [time.perf_counter(), 0.0]  # started, time in nested stages
    frames.append(frame)
    try:
        yield
    finally:
        frames.pop()
        took = time.perf_counter() - frame[0]
        if frames:
            frames[-1][1] += took
        (histogram or __getattr__("PATH_STAGE")).labels(name).observe(max(0.0, took - frame[1]))


def instrument(obj: T, stages: Mapping[str, str]) -> T:
    """Time the methods `stages` names on this one object (instance attributes shadowing
    its class's methods); results are untouched. Missing methods are skipped."""
    if not _state["enabled"]:
        return obj
    for method_name, stage_name in stages.items():
        method = getattr(obj, method_name, None)
        if callable(method):
            setattr(obj, method_name, _timed(method, stage_name))
    return obj


def _timed(method: Callable[..., Any], name: str) -> Callable[..., Any]:
    @wraps(method)
    def timed(*args: Any, **kwargs: Any) -> Any:
        with stage(name):
            return method(*args, **kwargs)
    return timed


def count_import(fmt: str, report: Mapping[str, Any]) -> None:
    """Rows of one finished import (its report), by outcome."""
    if not _state["enabled"]:
        return
    for outcome in IMPORT_OUTCOMES:
        if report.get(outcome):
            __getattr__("IMPORT_ROWS").labels(fmt, outcome).inc(report[outcome])
    if report.get("error_count"):
        __getattr__("IMPORT_ROWS").labels(fmt, "errors").inc(report["error_count"])


def observe(histogram: Histogram, seconds: float, *labels: str) -> None:
    if _state["enabled"]:
        (histogram.labels(*labels) if labels else histogram).observe(seconds)


def inc(counter: Counter, *labels: str, amount: float = 1.0) -> None:
    if _state["enabled"]:
        (counter.labels(*labels) if labels else counter).inc(amount)
