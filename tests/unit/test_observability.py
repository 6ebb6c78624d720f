"""Request ids, the log formats, the in-flight bound and the stage timers (no server)."""

from __future__ import annotations

import io
import json
import logging

from prometheus_client import CollectorRegistry, Histogram

from runtime.observability import (
    InFlight,
    JsonFormatter,
    SharedInFlight,
    TextFormatter,
    configure_logging,
    request_id,
)
from services import metrics


def test_request_ids_short_and_plain_are_kept_others_replaced():
    assert request_id("abc-123_x.y:z") == "abc-123_x.y:z"
    for bad in (None, "", "a b", "x" * 65, "<script>", "id\r\nX-Evil: 1", "é"):
        made = request_id(bad)
        assert made != bad and len(made) == 32


def _record(msg="request", **extra):
    record = logging.LogRecord("referrals.request", logging.INFO, __file__, 1, msg, None, None)
    record.__dict__.update(extra)
    return record


def test_the_json_line_has_the_fields_and_nothing_else():
    line = json.loads(JsonFormatter().format(_record(method="GET", status=200, request_id="r1")))
    assert line["msg"] == "request" and line["level"] == "INFO" and line["logger"] == "referrals.request"
    assert (line["method"], line["status"], line["request_id"]) == ("GET", 200, "r1")
    assert line["ts"].endswith("+00:00")
    assert "args" not in line and "pathname" not in line  # the record's own attributes stay out
    assert "request_id" not in json.loads(JsonFormatter().format(_record(request_id=None)))


def test_the_text_line_is_readable():
    text = TextFormatter().format(_record(method="GET", status=200))
    assert "INFO referrals.request: request method=GET status=200" in text


def test_configure_logging_replaces_its_own_handler_and_sets_the_level():
    logger = logging.getLogger("referrals")
    stream = io.StringIO()
    configure_logging("warning", "text", stream=stream)
    configure_logging("DEBUG", "json", stream=stream)
    ours = [h for h in logger.handlers if getattr(h, "referrals_handler", False)]
    assert len(ours) == 1 and logger.level == logging.DEBUG
    logging.getLogger("referrals.test").debug("hello %s", "there", extra={"n": 1})
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["msg"] == "hello there" and line["n"] == 1
    configure_logging("INFO", "json")


def test_in_flight_bound():
    bound = InFlight(2)
    assert bound.enter() and bound.enter() and not bound.enter()
    bound.leave()
    assert bound.enter()
    unbounded = InFlight(0)
    assert all(unbounded.enter() for _ in range(100))


def test_the_shared_bound_refuses_when_all_workers_together_are_full_and_forgets_a_dead_one():
    shared = SharedInFlight(3)
    first, second = InFlight(2), InFlight(2)
    first_slot, second_slot = shared.claim(), shared.claim()
    first.share(shared, first_slot)
    second.share(shared, second_slot)
    assert first.enter() and first.enter() and not first.enter()  # its own bound: 2
    assert second.enter()  # 3 in all
    assert not second.enter() and second.current == 1  # room in this worker, none on the machine
    first.leave()
    assert shared.total() == 2 and second.enter() and shared.total() == 3
    shared.release(first_slot)  # that worker died with one request in flight
    assert shared.total() == 2 and shared.claim() == first_slot  # its slot is free again, at 0
    unbounded = SharedInFlight(0)
    worker = InFlight(0)
    worker.share(unbounded, unbounded.claim())
    assert all(worker.enter() for _ in range(50)) and unbounded.total() == 50


def test_the_shared_bound_is_seen_by_forked_processes():
    """What gunicorn does: the master maps the counts, then forks the workers."""
    import multiprocessing

    shared = SharedInFlight(2)
    slot = shared.claim()
    ctx = multiprocessing.get_context("fork")
    entered, go_on = ctx.Event(), ctx.Event()

    def worker():
        bound = InFlight(5)
        bound.share(shared, slot)
        bound.enter() and bound.enter()
        entered.set()
        go_on.wait(10)

    child = ctx.Process(target=worker)
    child.start()
    try:
        assert entered.wait(10)
        here = InFlight(5)
        here.share(shared, shared.claim())
        assert shared.total() == 2 and not here.enter()  # the child's two fill the machine
    finally:
        go_on.set()
        child.join(10)
    shared.release(slot)  # the master's child_exit
    assert here.enter()


def test_stages_time_their_own_work_without_the_nested_ones(monkeypatch):
    registry = CollectorRegistry()
    hist = Histogram("t_stage_seconds", "t", ("stage",), registry=registry)
    clock = iter([0.0, 1.0, 4.0, 10.0])  # outer starts, inner starts, inner ends, outer ends
    monkeypatch.setattr(metrics.time, "perf_counter", lambda: next(clock))
    with metrics.stage("outer", hist), metrics.stage("inner", hist):
        pass
    monkeypatch.undo()
    assert registry.get_sample_value("t_stage_seconds_sum", {"stage": "inner"}) == 3.0
    assert registry.get_sample_value("t_stage_seconds_sum", {"stage": "outer"}) == 7.0  # 10 - 3


class _Finder:
    def _find(self, x):
        return self.facts(x) + 1

    def facts(self, x):
        return x * 2


def test_instrument_wraps_one_object_and_changes_no_result():
    finder = metrics.instrument(_Finder(), {"_find": "score", "facts": "facts", "gone": "x"})
    assert finder._find(3) == 7 and "_find" in vars(finder)
    assert "_find" not in vars(_Finder())  # the class is untouched
    metrics.set_enabled(False)
    try:
        assert "_find" not in vars(metrics.instrument(_Finder(), {"_find": "score"}))
    finally:
        metrics.set_enabled(True)


def test_import_rows_are_counted_by_outcome():
    from prometheus_client import REGISTRY

    def rows(outcome):
        return REGISTRY.get_sample_value("referrals_import_rows_total",
                                         {"format": "hubspot", "outcome": outcome}) or 0.0

    # the registry is the process's: other tests' imports are in it too, so count the change
    created, errors, updated = rows("created"), rows("errors"), rows("updated")
    metrics.count_import("hubspot", {"created": 5, "updated": 0, "error_count": 2})
    assert (rows("created"), rows("errors"), rows("updated")) == (created + 5, errors + 2, updated)


def test_the_docs_and_the_dashboard_name_the_metrics_there_are():
    import re
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs"
    metrics.HTTP_DURATION  # noqa: B018 - makes them all
    names = {family.name for m in metrics._defined.values() for family in m.describe()}
    written = set(re.findall(r"^\| `(referrals_[a-z0-9_]+)` \|", (docs / "operations.md").read_text(), re.M))
    assert {n.removesuffix("_total") for n in written} == names
    dashboard = (docs / "grafana-dashboard.json").read_text()
    used = {n for n in re.findall(r"referrals_[a-z0-9_]+", dashboard)
            if n != "referrals_service"}
    base = {re.sub(r"_(bucket|sum|count|total)$", "", n) for n in used}
    assert base <= names and len(base) == len(names), base ^ names


def test_the_gunicorn_config_loads_before_prometheus_client(tmp_path):
    """server/gunicorn_conf.py sets PROMETHEUS_MULTIPROC_DIR before anything imports
    prometheus_client (which picks its mode on import): loading it must not import it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = ("import runpy, sys; runpy.run_path('server/gunicorn_conf.py'); "
            "import os; print('prometheus_client' in sys.modules, os.environ['PROMETHEUS_MULTIPROC_DIR'])")
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["False", str(tmp_path)]
