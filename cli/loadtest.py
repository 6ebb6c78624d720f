"""Load and fault runs: gunicorn on wsgi:app against a Neo4j, an asyncio client on loopback.

The commands `referrals bench load` and `referrals bench faults` are defined here (cli/bench.py
adds them to `referrals bench`); the short fault tests in tests/reliability/ use the
same pieces against the test server.

- `serve(...)` starts gunicorn (several workers, each builds its own driver after the
  fork: no --preload) on a free loopback port and stops it on exit.
- `run_load(...)` runs `users` closed-loop virtual users (aiohttp on one event loop, so
  the generator costs little CPU on a 2-core machine), each sending a mixed request
  stream until `seconds` pass or `max_requests` are sent, whichever comes first.
- `run_faults(...)` runs a mixed read/write load, kills Neo4j with SIGKILL, keeps
  sending, starts Neo4j again and checks the app recovers without a restart, that a
  refused request is a quick 503 (no hung worker) and that every acknowledged write is
  in the database.

Every loop here is bounded both in count and in time.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import click
from rich.console import Console
from rich.table import Table

from cli import common
from cli.bench_common import bench_graph, bench_neo4j, percentile, print_table, write_json
from graph.config import Neo4jSettings
from graph.db import Graph
from graph.keys import create_key, revoke_key
from graph.local_server import LocalNeo4j
from runtime.context import connect
from runtime.settings import Settings

# gunicorn settings that matter (see README, Production): gthread workers, a worker
# timeout well above the slowest request and the driver's budgets (a dead database is a
# 503 within ~3 s), keep-alive long enough for a load balancer's pooled connections.
GUNICORN_TIMEOUT = 30
GUNICORN_KEEPALIVE = 5
CLIENT_TIMEOUT = 15.0  # a request taking longer than this is counted as hung
WSGI_DIR = Path(__file__).resolve().parents[1]  # where wsgi.py is, for gunicorn's `wsgi:app`


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


GUNICORN_CONF = WSGI_DIR / "server" / "gunicorn_conf.py"  # metrics across workers, warm-up, the bound


def gunicorn_command(port: int, workers: int, threads: int) -> list[str]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return [str(gunicorn), "-c", str(GUNICORN_CONF), "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers),
            "--threads", str(threads), "--worker-class", "gthread",
            "--timeout", str(GUNICORN_TIMEOUT), "--graceful-timeout", "10",
            "--keep-alive", str(GUNICORN_KEEPALIVE), "--backlog", "512",
            "--log-level", "warning", "wsgi:app"]


@dataclass
class Served:
    url: str
    port: int
    proc: subprocess.Popen
    log_path: Path | None

    def worker_pids(self) -> list[int]:
        try:
            out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True)
        except OSError:
            return []
        return [int(p) for p in out.stdout.split()]


@contextlib.contextmanager
def serve(neo4j: Neo4jSettings, *, workers: int = 3, threads: int = 4, log_path: Path | None = None,
          extra_env: dict[str, str] | None = None, ready_timeout: float = 60.0,
          settings: Settings | None = None) -> Iterator[Served]:
    """gunicorn on wsgi:app against the database `neo4j`, on a free loopback port; stopped
    on exit. The workers get the environment of `settings` (default: this process's); no
    in-flight bound unless `extra_env` sets REFERRALS_MAX_IN_FLIGHT or
    REFERRALS_MAX_IN_FLIGHT_TOTAL (the overload and first-minute runs do)."""
    port = free_port()
    env = (settings or Settings.from_env()).process_environment(
        NEO4J_URI=neo4j.uri, NEO4J_USER=neo4j.user, NEO4J_PASSWORD=neo4j.password,
        NEO4J_DATABASE=neo4j.database,
        # the per-key bucket would otherwise cap one key at 100 req/s per worker
        **{"REFERRALS_RATE_LIMIT_PER_MINUTE": "0", "REFERRALS_MAX_IN_FLIGHT": "0",
           "REFERRALS_MAX_IN_FLIGHT_TOTAL": "0", **(extra_env or {})})
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(gunicorn_command(port, workers, threads), env=env, cwd=WSGI_DIR,
                            stdout=out, stderr=subprocess.STDOUT if log_path else subprocess.DEVNULL)
    served = Served(url=f"http://127.0.0.1:{port}", port=port, proc=proc, log_path=log_path)
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with code {proc.returncode} while starting")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/readyz")
                if conn.getresponse().status == 200:
                    conn.close()
                    break
                conn.close()
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn was not ready within {ready_timeout:.0f} s")
            time.sleep(0.2)
        yield served
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if log_path:
            out.close()  # type: ignore[union-attr]


# ---- the workload -----------------------------------------------------------------------------
@dataclass
class Workload:
    """What the virtual users send: weights per kind and the ids to send it about."""

    key: str
    reps: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    search_terms: list[str] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=lambda: {
        "path": 0.80, "search": 0.15, "intro": 0.05})
    seed: int = 7
    # a closed-loop user told 503 + Retry-After waits that long (at most 5 s) before its
    # next request, as a well-behaved client does, instead of spinning on refusals
    honour_retry_after: bool = False


def bench_workload(graph: Graph, key: str, *, seed: int = 7, weights: dict[str, float] | None = None,
                   sample: int = 2000) -> Workload:
    """Reps, prospect employees and name fragments from the database itself."""
    reps = [r["id"] for r in graph.query("MATCH (r:Rep) WHERE NOT coalesce(r.do_not_contact, false) "
                                         "RETURN r.id AS id ORDER BY id")]
    targets = [r["id"] for r in graph.query(
        "MATCH (t:Person)-[:WORKS_AT {current: true}]->(:Company {status: 'prospect'}) "
        "WHERE NOT coalesce(t.do_not_contact, false) RETURN t.id AS id ORDER BY id LIMIT $n", n=sample)]
    names = [r["name"] for r in graph.query(
        "MATCH (p:Person) WHERE p.name IS NOT NULL RETURN p.name AS name LIMIT $n", n=sample // 4)]
    rng = random.Random(seed)
    terms = sorted({part[: rng.randint(3, 6)] for name in names for part in name.split()
                    if len(part) >= 3})
    workload = Workload(key=key, reps=reps, targets=targets, search_terms=terms or ["ann"], seed=seed)
    if weights:
        workload.weights = weights
    return workload


@dataclass
class Sample:
    kind: str
    started: float  # monotonic seconds
    ms: float
    status: int  # 0: connection error or timeout
    error: str | None = None


class Recorder:
    def __init__(self) -> None:
        self.samples: list[Sample] = []
        self.acked: dict[str, list[str]] = defaultdict(list)  # kind -> ids of 2xx writes
        self.lock = threading.Lock()

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


EXPECTED = {"intro": {409}}  # an open introduction to the same target already exists: not a fault


def summarize(samples: list[Sample], seconds: float) -> dict[str, Any]:
    """Throughput, latency percentiles per kind and the error rate."""
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_kind[s.kind].append(s)
    out: dict[str, Any] = {"seconds": round(seconds, 1), "requests": len(samples),
                           "req_per_s": round(len(samples) / seconds, 1) if seconds else 0.0}
    errors = 0
    kinds = {}
    for kind, items in sorted(by_kind.items()):
        ms = [s.ms for s in items]
        bad = [s for s in items if not (200 <= s.status < 300) and s.status not in EXPECTED.get(kind, ())]
        errors += len(bad)
        kinds[kind] = {
            "requests": len(items), "per_s": round(len(items) / seconds, 1) if seconds else 0.0,
            "p50_ms": round(percentile(ms, 50), 1), "p95_ms": round(percentile(ms, 95), 1),
            "p99_ms": round(percentile(ms, 99), 1), "max_ms": round(max(ms), 1),
            "errors": len(bad), "statuses": dict(Counter(str(s.status) for s in items)),
        }
    out["errors"] = errors
    out["error_rate"] = round(errors / len(samples), 4) if samples else 0.0
    out["kinds"] = kinds
    return out


# ---- the generator ------------------------------------------------------------------------------
def require_aiohttp() -> None:
    """The load generator's client is the optional extra `load` (pyproject.toml): say how to
    get it rather than fail with an ImportError halfway through a benchmark."""
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        raise click.ClickException(
            "The load generator needs aiohttp, the extra 'load': install it with "
            "`.venv/bin/pip install -e '.[load]'` (or `make install`, which installs it from "
            "requirements.lock).") from None


class _User:
    def __init__(self, session, base: str, workload: Workload, rec: Recorder, rng: random.Random):
        self.session = session
        self.base = base
        self.w = workload
        self.rec = rec
        self.rng = rng
        self.last_path: list[str] | None = None
        self.headers = {"X-API-Key": workload.key}

    async def request(self, kind: str, method: str, path: str, json_body: Any = None) -> tuple[int, Any]:
        import aiohttp  # ~1 s to import: only the load commands pay it, not every `referrals` command

        started = time.monotonic()
        status, body, error, retry_after = 0, None, None, None
        try:
            async with self.session.request(method, self.base + path, json=json_body,
                                            headers=self.headers) as resp:
                status = resp.status
                retry_after = resp.headers.get("Retry-After")
                raw = await resp.read()
                if resp.content_type.endswith("json") and raw:
                    body = json.loads(raw)
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            error = type(exc).__name__
        self.rec.add(Sample(kind, started, (time.monotonic() - started) * 1000, status, error))
        if status == 503 and self.w.honour_retry_after and error is None:
            with contextlib.suppress(TypeError, ValueError):
                await asyncio.sleep(min(5.0, float(retry_after)))
        return status, body

    async def step(self, kind: str) -> None:
        w, rng = self.w, self.rng
        if kind == "path":
            source, target = rng.choice(w.reps), rng.choice(w.targets)
            status, body = await self.request("path", "GET",
                                              f"/api/v1/referral-paths?target={target}&from={source}&limit=5")
            # a counts-only path (no client consent) cannot be requested, nor a direct one
            # (the rep knows the target: nobody to introduce them, the API answers 422)
            usable = [p for p in (body or {}).get("paths") or []
                      if p.get("usable", True) and len(p.get("nodes") or []) >= 3]
            if status == 200 and usable:
                self.last_path = [n["id"] for n in usable[0]["nodes"]]
        elif kind == "search":
            q = rng.choice(w.search_terms)
            await self.request("search", "GET", f"/api/v1/people?q={quote(q)}&limit=10")
        elif kind == "intro":
            if not self.last_path:
                return await self.step("path")
            path, self.last_path = self.last_path, None
            status, body = await self.request("intro", "POST", "/api/v1/introductions", {
                "requester_id": path[0], "target_id": path[-1], "path": path, "note": "load test"})
            if 200 <= status < 300 and body:
                with self.rec.lock:
                    self.rec.acked["introductions"].append(body["id"])
        elif kind == "person":  # a write whose effect is easy to check afterwards
            tag = uuid.uuid4().hex[:12]
            status, body = await self.request("person", "POST", "/api/v1/people", {
                "name": f"Load Test {tag}", "email": f"load-{tag}@example.test"})
            if 200 <= status < 300 and body:
                with self.rec.lock:
                    self.rec.acked["people"].append(body["id"])
        elif kind == "get":
            with self.rec.lock:
                ids = self.rec.acked.get("people") or []
                person = rng.choice(ids) if ids else None
            if person is None:
                return await self.step("search")
            await self.request("get", "GET", f"/api/v1/people/{person}")
        else:
            raise ValueError(kind)

    async def run(self, stop: threading.Event, deadline: float, budget: list[int]) -> None:
        kinds = list(self.w.weights)
        weights = [self.w.weights[k] for k in kinds]
        while not stop.is_set() and time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            await self.step(self.rng.choices(kinds, weights)[0])


async def _run_users(base: str, workload: Workload, rec: Recorder, users: int, seconds: float,
                     max_requests: int, stop: threading.Event) -> None:
    import aiohttp  # ~1 s to import: only the load commands pay it, not every `referrals` command

    timeout = aiohttp.ClientTimeout(total=CLIENT_TIMEOUT)
    connector = aiohttp.TCPConnector(limit=users, force_close=False)
    deadline = time.monotonic() + seconds
    budget = [max_requests]
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        tasks = [_User(session, base, workload, rec, random.Random(workload.seed * 1000 + i)).run(
            stop, deadline, budget) for i in range(users)]
        await asyncio.gather(*tasks)


async def _run_open_loop(base: str, workload: Workload, rec: Recorder, rate: float, in_flight: int,
                         seconds: float, max_requests: int, stop: threading.Event) -> None:
    """Requests arrive at `rate` per second (Poisson arrivals) whether or not the earlier
    ones were answered, the way independent users arrive: a slow answer does not slow
    the arrivals down and hide itself (a closed loop does). At most `in_flight` requests
    are outstanding; an arrival beyond that is recorded as an error (status 0,
    'generator at its in-flight cap'), never silently skipped."""
    import aiohttp  # ~1 s to import: only the load commands pay it, not every `referrals` command

    timeout = aiohttp.ClientTimeout(total=CLIENT_TIMEOUT)
    connector = aiohttp.TCPConnector(limit=in_flight, force_close=False)
    rng = random.Random(workload.seed)
    kinds = list(workload.weights)
    weights = [workload.weights[k] for k in kinds]
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        idle = [_User(session, base, workload, rec, random.Random(workload.seed * 1000 + i))
                for i in range(in_flight)]
        running: set[asyncio.Task[None]] = set()

        async def one(user: _User, kind: str) -> None:
            try:
                await user.step(kind)
            finally:
                idle.append(user)

        next_at, sent = time.monotonic(), 0
        while not stop.is_set() and sent < max_requests:
            next_at += rng.expovariate(rate)
            if next_at >= deadline:
                break
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            sent += 1
            kind = rng.choices(kinds, weights)[0]
            if not idle:
                rec.add(Sample(kind, time.monotonic(), 0.0, 0, "generator at its in-flight cap"))
                continue
            task = asyncio.create_task(one(idle.pop(), kind))
            running.add(task)
            task.add_done_callback(running.discard)
        if running:
            await asyncio.gather(*running)


def run_load(base: str, workload: Workload, *, users: int = 16, seconds: float = 60.0,
             max_requests: int = 1_000_000, warmup_seconds: float = 0.0,
             rec: Recorder | None = None, stop: threading.Event | None = None,
             rate: float | None = None) -> tuple[Recorder, float]:
    """Send the mixed stream; returns the recorder and the measured seconds (after warm-up).
    Closed loop (`users` users, each sending when answered), or open loop when `rate` is
    given (arrivals per second, `users` then caps the requests in flight)."""
    stop = stop or threading.Event()

    def load(into: Recorder, span: float):
        if rate:
            return _run_open_loop(base, workload, into, rate, users, span, max_requests, stop)
        return _run_users(base, workload, into, users, span, max_requests, stop)

    if warmup_seconds > 0:
        asyncio.run(load(Recorder(), warmup_seconds))
    rec = rec or Recorder()
    started = time.monotonic()
    asyncio.run(load(rec, seconds))
    return rec, time.monotonic() - started


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes (0 for the ones gone)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            continue
    return total


# ---- faults ----------------------------------------------------------------------------------------
@dataclass
class FaultTimeline:
    killed_at: float = 0.0
    restart_began: float = 0.0
    restarted_at: float = 0.0
    recovered_at: float | None = None


def run_faults(served: Served, settings: Neo4jSettings, server: LocalNeo4j, workload: Workload, *,
               users: int = 6, before: float = 4.0, down: float = 5.0, after: float = 5.0,
               recover_timeout: float = 60.0, max_requests: int = 200_000, echo=print) -> dict[str, Any]:
    """Load, kill -9 the database, keep loading, start it again, check recovery and writes."""
    rec = Recorder()
    stop = threading.Event()
    total = before + down + recover_timeout + after + 120  # a hard bound on the load thread
    worker = threading.Thread(target=run_load, args=(served.url, workload),
                              kwargs={"users": users, "seconds": total, "max_requests": max_requests,
                                      "rec": rec, "stop": stop}, daemon=True)
    tl = FaultTimeline()
    t0 = time.monotonic()
    worker.start()
    try:
        time.sleep(before)
        echo(f"killing Neo4j (pid {server.pid()}) with SIGKILL")
        tl.killed_at = time.monotonic()
        server.kill()
        time.sleep(down)
        echo("starting Neo4j again")
        tl.restart_began = time.monotonic()
        server.start(timeout=180, echo=lambda _m: None)
        tl.restarted_at = time.monotonic()
        echo(f"Neo4j answers again after {tl.restarted_at - tl.restart_began:.1f} s")
        deadline = time.monotonic() + recover_timeout
        while time.monotonic() < deadline and tl.recovered_at is None:
            with rec.lock:
                ok = [s for s in rec.samples if s.started >= tl.restarted_at and 200 <= s.status < 300
                      and s.kind in ("person", "intro")]
            if ok:
                tl.recovered_at = min(s.started + s.ms / 1000 for s in ok)
            time.sleep(0.2)
        time.sleep(after)
    finally:
        stop.set()
        worker.join(timeout=CLIENT_TIMEOUT + 10)
    seconds = time.monotonic() - t0
    with rec.lock:
        samples = list(rec.samples)
        acked = {k: list(v) for k, v in rec.acked.items()}

    def in_window(s: Sample, lo: float, hi: float) -> bool:
        return lo <= s.started < hi

    outage = [s for s in samples if in_window(s, tl.killed_at, tl.restarted_at)]
    refused = [s for s in outage if s.status == 503]
    outage = [s for s in outage if s.status != 0]  # the hung ones are counted below
    hung = [s for s in samples if s.status == 0]
    # known: a request sent while Neo4j is starting up (Bolt open, database still recovering)
    # can wait until the client gives up; counted apart from hangs at any other time
    in_restart = [s for s in hung if tl.restart_began <= s.started < tl.restarted_at + 5.0]
    odd = [s for s in outage if s.status not in (503,) and not 200 <= s.status < 300
           and s.status not in EXPECTED.get(s.kind, ())]
    settled = (tl.recovered_at or tl.restarted_at) + 2.0
    after_samples = [s for s in samples if s.started >= settled]
    after_errors = [s for s in after_samples if not 200 <= s.status < 300
                    and s.status not in EXPECTED.get(s.kind, ())]
    # answered before the kill (one in flight at the kill may rightly get a 503)
    before_samples = [s for s in samples if s.started + s.ms / 1000 < tl.killed_at]
    before_errors = [s for s in before_samples if not 200 <= s.status < 300
                     and s.status not in EXPECTED.get(s.kind, ())]
    found = verify_acked(settings, acked)
    return {
        "seconds": round(seconds, 1), "requests": len(samples),
        "requests_before_kill": len(before_samples), "errors_before_kill": len(before_errors),
        "before_statuses": dict(Counter(f"{s.kind}:{s.status}" for s in before_errors)),
        "requests_during_outage": len(outage), "answered_503": len(refused),
        "outage_other_statuses": dict(Counter(f"{s.kind}:{s.status}" for s in odd)),
        "max_503_ms": round(max((s.ms for s in refused), default=0.0), 1),
        "p95_503_ms": round(percentile([s.ms for s in refused], 95), 1),
        "hung_requests": len(hung), "hung_while_neo4j_started": len(in_restart),
        "restart_s": round(tl.restarted_at - tl.restart_began, 1),
        "recovered": tl.recovered_at is not None,
        "recovery_after_restart_s": round((tl.recovered_at - tl.restarted_at), 2)
        if tl.recovered_at is not None else None,
        "requests_after_recovery": len(after_samples), "errors_after_recovery": len(after_errors),
        "after_statuses": dict(Counter(f"{s.kind}:{s.status}" for s in after_errors)),
        "writes_acknowledged": sum(len(v) for v in acked.values()),
        "writes_found": sum(found.values()),
        "writes_by_kind": {k: {"acknowledged": len(acked[k]), "found": found.get(k, 0)} for k in acked},
        "gunicorn_alive": served.proc.poll() is None,
    }


VERIFY = {
    "people": "UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN count(DISTINCT p) AS n",
    "introductions": "UNWIND $ids AS id MATCH (i:Introduction {id: id}) RETURN count(DISTINCT i) AS n",
}


def verify_acked(settings: Neo4jSettings, acked: dict[str, list[str]]) -> dict[str, int]:
    """How many acknowledged writes of each kind the database holds (a fresh driver)."""
    graph = Graph.connect(settings, request_path=False)
    try:
        return {kind: graph.query(VERIFY[kind], ids=ids)[0]["n"] for kind, ids in acked.items() if ids}
    finally:
        graph.close()


def delete_load_data(graph: Graph, acked: dict[str, list[str]]) -> None:
    """Remove what a load run wrote, so the bench database stays the generated network."""
    if acked.get("introductions"):
        graph.execute("UNWIND $ids AS id MATCH (i:Introduction {id: id}) "
                      "OPTIONAL MATCH (i)-[:HAS_EVENT]->(e) DETACH DELETE e, i",
                      ids=acked["introductions"])
    if acked.get("people"):
        graph.execute("UNWIND $ids AS id MATCH (p:Person {id: id}) DETACH DELETE p", ids=acked["people"])


# ---- overload and the cost of logs and metrics ------------------------------------------------------
def overload_row(samples: list[Sample], seconds: float, offered: float) -> dict[str, Any]:
    """Admitted (2xx) latency and the share shed (503) for one offered rate."""
    admitted = [s.ms for s in samples if 200 <= s.status < 300]
    shed = [s.ms for s in samples if s.status == 503]
    other = len(samples) - len(admitted) - len(shed)
    return {"offered_per_s": round(offered, 1), "requests": len(samples),
            "admitted_per_s": round(len(admitted) / seconds, 1) if seconds else 0.0,
            "admitted_p50_ms": round(percentile(admitted, 50), 1),
            "admitted_p99_ms": round(percentile(admitted, 99), 1),
            "shed_share": round(len(shed) / len(samples), 3) if samples else 0.0,
            "shed_p99_ms": round(percentile(shed, 99), 1), "other_errors": other}


def run_overload(url: str, workload: Workload, *, capacity_users: int, seconds: float,
                 multiples: tuple[float, ...] = (1.0, 2.0, 3.0), echo=print) -> dict[str, Any]:
    """Capacity: the path req/s `capacity_users` closed-loop users drive (as many as the
    workers admit at once). Then Poisson arrivals at 1x, 2x, 3x that rate (open loop,
    so a slow answer does not slow the arrivals): admitted p99 and the share shed."""
    workload.honour_retry_after = True  # closed loop: a refused user waits, it does not spin
    try:
        rec, took = run_load(url, workload, users=capacity_users, seconds=seconds)
    finally:
        workload.honour_retry_after = False  # open loop: arrivals do not wait for answers
    capacity = len([s for s in rec.samples if 200 <= s.status < 300]) / took
    if capacity <= 0:
        raise RuntimeError(f"no request was answered 2xx in the capacity run: "
                           f"{dict(Counter(s.status for s in rec.samples))}")
    echo(f"capacity: {capacity:.1f} req/s with {capacity_users} users "
         f"(p99 {percentile([s.ms for s in rec.samples], 99):.0f} ms)")
    rows = []
    for multiple in multiples:
        rate = capacity * multiple
        rec, took = run_load(url, workload, users=max(64, int(rate * 2)), seconds=seconds, rate=rate)
        row = {"load": f"{multiple:g}x", **overload_row(rec.samples, took, rate)}
        echo(f"{row['load']}: {row}")
        rows.append(row)
    return {"capacity_per_s": round(capacity, 1), "capacity_users": capacity_users, "rows": rows}


def http_percentiles(samples: list[Sample]) -> dict[str, float]:
    ok = [s.ms for s in samples if 200 <= s.status < 300]
    return {"requests": len(samples), "ok": len(ok), "p50_ms": round(percentile(ok, 50), 1),
            "p95_ms": round(percentile(ok, 95), 1)}


# ---- the commands (cli/bench.py adds them to `referrals bench`) -------------------------------------
def _kinds_table(console: Console, title: str, summary: dict[str, Any]) -> None:
    table = Table(title=title)
    for column in ("kind", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors",
                   "statuses"):
        table.add_column(column, justify="left" if column in ("kind", "statuses") else "right")
    for kind, k in summary["kinds"].items():
        table.add_row(kind, f"{k['requests']:,}", f"{k['per_s']:.1f}", f"{k['p50_ms']:.1f}",
                      f"{k['p95_ms']:.1f}", f"{k['p99_ms']:.1f}", f"{k['max_ms']:.1f}", str(k["errors"]),
                      " ".join(f"{s}:{n}" for s, n in sorted(k["statuses"].items())))
    table.add_row("all", f"{summary['requests']:,}", f"{summary['req_per_s']:.1f}", "", "", "", "",
                  str(summary["errors"]), f"error rate {summary['error_rate']:.2%}")
    console.print(table)


@click.command("load")
@click.option("--seconds", default=60.0, show_default=True, help="Measured seconds (after warm-up).")
@click.option("--users", default=16, show_default=True,
              help="Closed loop: concurrent virtual users. Open loop (--rate): the cap on requests "
                   "in flight.")
@click.option("--rate", default=None, type=float,
              help="Open loop: requests arriving per second, answered or not (latency at a given "
                   "throughput). Without it: closed loop (the throughput the users can drive).")
@click.option("--workers", default=3, show_default=True, help="gunicorn workers.")
@click.option("--threads", default=4, show_default=True, help="Threads per gunicorn worker.")
@click.option("--warmup", default=5.0, show_default=True, help="Seconds of unmeasured warm-up.")
@click.option("--max-requests", default=200_000, show_default=True, help="Stop after this many.")
@click.option("--mix", default="path=0.8,search=0.15,intro=0.05", show_default=True,
              help="Request kinds and weights (path, search, intro, person, get).")
@click.option("--json", "json_path", default=None, help="Write the figures to this file.")
@click.option("--overload", is_flag=True,
              help="Overload protection instead: capacity, then 1x, 2x, 3x of it (path queries only, "
                   "open loop); admitted p99 and the share shed (503). --threads 4 admits 2 per worker.")
@click.option("--max-in-flight", default=None, type=int,
              help="REFERRALS_MAX_IN_FLIGHT for the served app (default: threads - 2 with --overload, "
                   "else no bound; 0: no bound).")
@click.option("--max-in-flight-total", default=None, type=int,
              help="REFERRALS_MAX_IN_FLIGHT_TOTAL, the bound all workers share, with --overload and "
                   "--first-minute (default: the production one, twice the CPU count; 0: none).")
@click.option("--first-minute", is_flag=True,
              help="The first minute after a start against a warm one instead: a fresh gunicorn, "
                   "then open-loop path requests at --rate (default 20 req/s) for two spans of "
                   "--seconds; p99 of the first against the second.")
@click.option("--observability-cost", is_flag=True,
              help="The cost of request logs and metrics instead: the same closed-loop path requests "
                   "with REFERRALS_OBSERVABILITY off and on, alternated (off, on, off, on).")
def bench_load(seconds: float, users: int, rate: float | None, workers: int, threads: int,
               warmup: float, max_requests: int, mix: str, json_path: str | None, overload: bool,
               max_in_flight: int | None, max_in_flight_total: int | None, first_minute: bool,
               observability_cost: bool) -> None:
    """Mixed HTTP load (path queries, people search, introduction writes) against gunicorn."""
    require_aiohttp()
    console = Console()
    if first_minute:
        return _bench_first_minute(console, seconds=seconds, rate=rate or 20.0, workers=workers,
                                   threads=threads, max_in_flight=max_in_flight,
                                   max_in_flight_total=max_in_flight_total, json_path=json_path)
    if overload or observability_cost:
        return _bench_special(console, seconds=seconds, users=users, workers=workers, threads=threads,
                              warmup=warmup, max_in_flight=max_in_flight,
                              max_in_flight_total=max_in_flight_total, overload=overload,
                              json_path=json_path)
    weights = {k: float(v) for k, v in (part.split("=") for part in mix.split(","))}
    settings = common.settings()
    graph = bench_graph(settings, console)
    neo4j, server = bench_neo4j(settings)
    record, key = create_key(graph, "bench-load", "write")
    rec = None
    try:
        workload = bench_workload(graph, key, weights=weights)
        if not workload.reps or not workload.targets:
            raise click.ClickException("The bench database has no network; run `referrals bench paths`"
                                       " (it loads one) first.")
        with serve(neo4j, workers=workers, threads=threads, settings=settings) as served:
            pids = served.worker_pids()
            neo_pid = [server.pid()] if server and server.pid() else []
            shape = f"{rate:g} req/s open loop" if rate else f"{users} users"
            with console.status(f"Warm-up {warmup:.0f} s, then {seconds:.0f} s of load "
                                f"({shape}, {workers} workers x {threads} threads)..."):
                if warmup:
                    _r, _s = run_load(served.url, workload, users=users, seconds=warmup,
                                      max_requests=max_requests, rate=rate)
                    delete_load_data(graph, _r.acked)
                cpu_app, cpu_db, cpu_gen = cpu_seconds(pids), cpu_seconds(neo_pid), time.process_time()
                rec, took = run_load(served.url, workload, users=users, seconds=seconds,
                                     max_requests=max_requests, rate=rate)
                cpu = {"app": cpu_seconds(pids) - cpu_app, "neo4j": cpu_seconds(neo_pid) - cpu_db,
                       "generator": time.process_time() - cpu_gen}
    finally:
        if rec is not None:
            delete_load_data(graph, rec.acked)
        revoke_key(graph, record["id"])
        graph.close()
    summary = summarize(rec.samples, took)
    path = summary["kinds"].get("path", {})
    row = {"mode": f"open loop, {rate:g} req/s" if rate else f"closed loop, {users} users",
           "users": users, "workers": workers, "threads": threads, "seconds": summary["seconds"],
           "requests": summary["requests"], "req_per_s": summary["req_per_s"],
           "path_per_s": path.get("per_s", 0.0), "path_p50_ms": path.get("p50_ms", 0.0),
           "path_p95_ms": path.get("p95_ms", 0.0), "path_p99_ms": path.get("p99_ms", 0.0),
           "errors": summary["errors"], "error_rate": summary["error_rate"],
           "cpu_app_pct": round(100 * cpu["app"] / took, 1),
           "cpu_neo4j_pct": round(100 * cpu["neo4j"] / took, 1),
           "cpu_generator_pct": round(100 * cpu["generator"] / took, 1)}
    row["target_met"] = bool(row["path_per_s"] >= 100 and row["path_p99_ms"] <= 250 and not row["errors"])
    _kinds_table(console, f"HTTP load: {shape}, {workers} workers x {threads} threads, "
                          f"{took:.0f} s", summary)
    print_table(console, "Load summary (target: >= 100 path queries/s, p99 <= 250 ms, no errors)", row)
    write_json(json_path, {**row, "kinds": summary["kinds"]})


def _bench_special(console: Console, *, seconds: float, users: int, workers: int, threads: int,
                   warmup: float, max_in_flight: int | None, max_in_flight_total: int | None,
                   overload: bool, json_path: str | None) -> None:
    """`bench load --overload` and `bench load --observability-cost` (path queries only)."""
    with path_bench(console) as (settings, neo4j, workload):
        if overload:
            limit = max(1, threads - 2) if max_in_flight is None else max_in_flight
            total = shared_bound(max_in_flight_total)
            env = {"REFERRALS_MAX_IN_FLIGHT": str(limit), "REFERRALS_MAX_IN_FLIGHT_TOTAL": str(total),
                   "REFERRALS_LOG_LEVEL": "WARNING"}
            # as many closed-loop users as the bounds admit at once
            places = min(x for x in (workers * (limit or threads), total) if x)
            with serve(neo4j, workers=workers, threads=threads, settings=settings, extra_env=env) as served:
                if warmup:
                    run_load(served.url, workload, users=places, seconds=warmup)
                result = run_overload(served.url, workload, capacity_users=places,
                                      seconds=seconds, echo=console.print)
            result.update(workers=workers, threads=threads, max_in_flight=limit, max_in_flight_total=total)
            table = Table(title=f"Overload: {workers} workers x {threads} threads, at most {limit or 'any'} "
                                f"in flight per worker and {total or 'any'} in all; "
                                f"capacity {result['capacity_per_s']} req/s")
            columns = ("load", "offered_per_s", "admitted_per_s", "admitted_p50_ms", "admitted_p99_ms",
                       "shed_share", "shed_p99_ms", "other_errors")
            for column in columns:
                table.add_column(column, justify="left" if column == "load" else "right")
            for row in result["rows"]:
                table.add_row(*(str(row[c]) for c in columns))
            console.print(table)
        else:
            runs = []
            for mode in ("off", "on", "off", "on"):
                env = {"REFERRALS_OBSERVABILITY": mode, "REFERRALS_LOG_LEVEL": "INFO"}
                log_path = Path(settings.home) / ".run" / f"observability-cost-{mode}.log"
                log_path.parent.mkdir(parents=True, exist_ok=True)
                with serve(neo4j, workers=workers, threads=threads, settings=settings, extra_env=env,
                           log_path=log_path) as served:
                    if warmup:
                        run_load(served.url, workload, users=users, seconds=warmup)
                    rec, took = run_load(served.url, workload, users=users, seconds=seconds)
                runs.append({"observability": mode, **http_percentiles(rec.samples),
                             "req_per_s": round(len(rec.samples) / took, 1)})
                console.print(runs[-1])
            result = {"workers": workers, "threads": threads, "users": users, "runs": runs}
            for mode in ("off", "on"):
                mine = [r for r in runs if r["observability"] == mode]
                result[mode] = {k: round(sum(r[k] for r in mine) / len(mine), 1)
                                for k in ("p50_ms", "p95_ms", "req_per_s")}
            print_table(console, "Request logs and metrics: off vs on (mean of two runs each)",
                        {f"{mode}_{k}": v for mode in ("off", "on") for k, v in result[mode].items()})
    write_json(json_path, result)


def shared_bound(total: int | None) -> int:
    """The bound all workers share: the option's, else the production default (twice the
    CPU count, server/gunicorn_conf.py)."""
    return 2 * (os.cpu_count() or 1) if total is None else max(0, total)


@contextlib.contextmanager
def path_bench(console: Console) -> Iterator[tuple[Settings, Neo4jSettings, Workload]]:
    """The bench database and a path-queries workload under a key of its own, revoked after."""
    settings = common.settings()
    graph = bench_graph(settings, console)
    neo4j, _server = bench_neo4j(settings)
    record, key = create_key(graph, "bench-load", "write")
    try:
        yield settings, neo4j, path_workload(graph, key)
    finally:
        revoke_key(graph, record["id"])
        graph.close()


def path_workload(graph: Graph, key: str) -> Workload:
    """Path queries only, from the bench database's reps to its prospect people."""
    workload = bench_workload(graph, key, weights={"path": 1.0})
    if not workload.reps or not workload.targets:
        raise click.ClickException("The bench database has no network; run `referrals bench paths`"
                                   " (it loads one) first.")
    return workload


def span_row(samples: list[Sample], seconds: float) -> dict[str, Any]:
    """Latency of the answered (2xx) requests of one span, and what was not answered 2xx."""
    ok = [s.ms for s in samples if 200 <= s.status < 300]
    return {"requests": len(samples), "ok_per_s": round(len(ok) / seconds, 1) if seconds else 0.0,
            "p50_ms": round(percentile(ok, 50), 1), "p95_ms": round(percentile(ok, 95), 1),
            "p99_ms": round(percentile(ok, 99), 1), "max_ms": round(max(ok, default=0.0), 1),
            "not_ok": len(samples) - len(ok)}


def _bench_first_minute(console: Console, *, seconds: float, rate: float, workers: int, threads: int,
                        max_in_flight: int | None, max_in_flight_total: int | None,
                        json_path: str | None) -> None:
    """`bench load --first-minute`: start gunicorn (its workers warm up before they take
    requests: server/gunicorn_conf.py), send open-loop path requests at `rate` at once,
    and compare the first span's p99 with the next span's, the same load on a warm app."""
    with path_bench(console) as (settings, neo4j, workload):
        # the production bounds (threads - 2 a worker, twice the CPU count in all) unless the
        # options say otherwise
        env = {"REFERRALS_LOG_LEVEL": "WARNING",
               "REFERRALS_MAX_IN_FLIGHT": "" if max_in_flight is None else str(max_in_flight),
               "REFERRALS_MAX_IN_FLIGHT_TOTAL": str(shared_bound(max_in_flight_total))}
        spans = []
        with serve(neo4j, workers=workers, threads=threads, settings=settings, extra_env=env) as served:
            for name in ("first", "second"):
                rec, took = run_load(served.url, workload, users=max(64, int(rate * 2)), seconds=seconds,
                                     rate=rate)
                spans.append({"span": name, **span_row(rec.samples, took)})
                console.print(spans[-1])
        first, warm = spans
        ratio = round(first["p99_ms"] / warm["p99_ms"], 2) if warm["p99_ms"] else None
        result = {"workers": workers, "threads": threads, "rate_per_s": rate, "seconds": seconds,
                  "spans": spans, "p99_ratio": ratio}
        table = Table(title=f"After a start: {workers} workers x {threads} threads, {rate:g} path "
                            f"req/s open loop, {seconds:.0f} s spans; first p99 / warm p99 = {ratio}")
        columns = ("span", "requests", "ok_per_s", "p50_ms", "p95_ms", "p99_ms", "max_ms", "not_ok")
        for column in columns:
            table.add_column(column, justify="left" if column == "span" else "right")
        for row in spans:
            table.add_row(*(str(row[c]) for c in columns))
        console.print(table)
    write_json(json_path, result)


@click.command("faults")
@click.option("--users", default=6, show_default=True)
@click.option("--workers", default=3, show_default=True)
@click.option("--before", default=5.0, show_default=True, help="Seconds of load before the kill.")
@click.option("--down", default=6.0, show_default=True, help="Seconds Neo4j stays down.")
@click.option("--after", default=5.0, show_default=True, help="Seconds of load after recovery.")
@click.option("--json", "json_path", default=None, help="Write the figures to this file.")
def bench_faults(users: int, workers: int, before: float, down: float, after: float,
                 json_path: str | None) -> None:
    """kill -9 Neo4j under mixed read/write load: quick 503s, recovery, no lost writes."""
    require_aiohttp()
    console = Console()
    settings = common.settings()
    if settings.external_neo4j:
        raise click.ClickException("faults kills the project's local bench server; unset NEO4J_URI.")
    graph = bench_graph(settings, console)
    neo4j, server = bench_neo4j(settings)  # after the start, which makes a new home's password
    record, key = create_key(graph, "bench-faults", "write")
    workload = bench_workload(graph, key, weights={"path": 0.45, "search": 0.15, "get": 0.1,
                                                   "person": 0.2, "intro": 0.1})
    graph.close()
    result: dict[str, Any] = {}
    try:
        with serve(neo4j, workers=workers, threads=4, settings=settings) as served:
            result = run_faults(served, neo4j, server, workload, users=users, before=before,
                                down=down, after=after, echo=console.print)
            result["writes_ok"] = result["writes_found"] == result["writes_acknowledged"]
    finally:
        if not server.bolt_open():
            server.start(timeout=180, echo=console.print)
        graph = connect(settings.with_changes(neo4j=neo4j), batch=True)
        try:
            revoke_key(graph, record["id"])
            # what the run wrote goes again, so the bench network stays as generated
            ids = graph.query("MATCH (p:Person) WHERE p.email ENDS WITH '@example.test' "
                              "AND p.name STARTS WITH 'Load Test ' RETURN collect(p.id) AS ids")[0]["ids"]
            intros = graph.query("MATCH (i:Introduction {note: 'load test'}) "
                                 "RETURN collect(i.id) AS ids")[0]["ids"]
            delete_load_data(graph, {"people": ids, "introductions": intros})
        finally:
            graph.close()
    by_kind = result.pop("writes_by_kind", {})
    for kind, counts in by_kind.items():
        result[f"{kind}_acknowledged"] = counts["acknowledged"]
        result[f"{kind}_found"] = counts["found"]
    for name in ("before_statuses", "outage_other_statuses", "after_statuses"):
        result[name] = " ".join(f"{k}:{v}" for k, v in result[name].items()) or "-"
    print_table(console, "Fault run: kill -9 Neo4j under load", result)
    write_json(json_path, result)
    if not (result.get("writes_ok") and result.get("recovered")
            and result.get("hung_requests") == result.get("hung_while_neo4j_started")):
        raise click.ClickException("the fault run found a problem (see the table)")
