"""The load generator's open loop (cli.loadtest): arrivals follow the rate whatever the
answers take, and an arrival over the in-flight cap is recorded as an error, not dropped.
Against a small local HTTP server that answers slowly (no Neo4j needed)."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cli.loadtest import Workload, run_load


class SlowHandler(BaseHTTPRequestHandler):
    delay = 0.05

    def do_GET(self):  # noqa: N802 - the http.server API
        time.sleep(self.delay)
        body = b'{"items": []}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class WideBacklogServer(ThreadingHTTPServer):
    # http.server's listen backlog is 5: up to 32 arrivals connecting at once on a busy CI
    # machine overflowed it and a connection was refused (a non-200 sample)
    request_queue_size = 128


@pytest.fixture
def slow_server():
    server = WideBacklogServer(("127.0.0.1", 0), SlowHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def workload():
    return Workload(key="k", search_terms=["ann"], weights={"search": 1.0})


def load(*args, **kwargs):
    """run_load on a thread of its own, as the fault run does: the browser tests leave an
    event loop running on the main thread, where asyncio.run refuses to start another."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run_load, *args, **kwargs).result(timeout=30)


def test_arrivals_follow_the_rate_not_the_answers(slow_server):
    rec, seconds = load(slow_server, workload(), users=32, seconds=2.0, rate=60.0)
    sent = len(rec.samples)
    # 120 expected (Poisson); a closed loop of 32 users at 50 ms would send ~1,280
    assert 70 <= sent <= 180, sent
    assert all(s.status == 200 for s in rec.samples)
    # 2 s of arrivals plus the last answers; generous: CI machines are shared and slow
    assert seconds < 8.0


def test_arrivals_over_the_in_flight_cap_are_errors_not_skipped(slow_server):
    rec, _ = load(slow_server, workload(), users=1, seconds=1.5, rate=100.0)
    capped = [s for s in rec.samples if s.status == 0]
    answered = [s for s in rec.samples if s.status == 200]
    assert capped and all(s.error == "generator at its in-flight cap" for s in capped)
    assert len(answered) <= 1.5 / SlowHandler.delay + 1  # one at a time
    assert len(capped) + len(answered) >= 100
