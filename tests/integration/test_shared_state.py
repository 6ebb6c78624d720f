"""The state several app processes share, in Neo4j: rate buckets (graph/rate_limits.py)
and job ownership and heartbeats (graph/jobs.py)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from graph import jobs, rate_limits
from graph.keys import create_key, revoke_key

pytestmark = pytest.mark.neo4j


def test_racing_takes_never_spend_one_token_twice(graph):
    with ThreadPoolExecutor(8) as pool:
        taken = list(pool.map(lambda _i: rate_limits.take(graph, "k:race", 10), range(40)))
    allowed = [t for t in taken if t.wait_seconds == 0]
    assert len(allowed) == 10
    waits = [t.wait_seconds for t in taken if t.wait_seconds]
    assert all(0 < w <= 6.0 for w in waits), waits  # a token every 6 s


def test_the_bucket_refills_on_the_servers_clock(graph):
    per_minute = 600  # ten tokens a second
    spent = 0
    while rate_limits.take(graph, "k:refill", per_minute).wait_seconds == 0:
        spent += 1
        assert spent < 2 * per_minute
    assert spent >= per_minute  # the burst: a minute's budget
    time.sleep(0.3)
    assert rate_limits.take(graph, "k:refill", per_minute).wait_seconds == 0


def test_take_reports_a_revoked_key(graph):
    record, _plaintext = create_key(graph, "x", "read")
    assert not rate_limits.take(graph, f"key:{record['id']}", 60, key_id=record["id"]).revoked
    revoke_key(graph, record["id"])
    assert rate_limits.take(graph, f"key:{record['id']}", 60, key_id=record["id"]).revoked


def _stored_job(graph, *, owner: str, beat_seconds_ago: float) -> str:
    at = datetime.now(UTC) - timedelta(seconds=beat_seconds_ago)
    graph.execute("CREATE (:Job {id: 'job-old', kind: 'centrality', status: 'running', owner: $owner, "
                  "created_at: $at, updated_at: $at, heartbeat_at: $at})", owner=owner, at=at)
    return "job-old"


def test_a_job_whose_process_died_is_taken_over_after_30_s(graph):
    old = _stored_job(graph, owner="4242@gone-host", beat_seconds_ago=31)
    new = jobs.create(graph, "centrality")
    assert new["id"] != old and new["owner"] == jobs.owner()
    abandoned = jobs.get(graph, old)
    assert abandoned["status"] == "failed"
    assert abandoned["error"] == "abandoned: its process (4242@gone-host) stopped heartbeating"


def test_a_job_heartbeating_within_30_s_still_blocks(graph):
    old = _stored_job(graph, owner="4242@other-host", beat_seconds_ago=20)
    with pytest.raises(jobs.JobConflict) as conflict:
        jobs.create(graph, "centrality")
    assert conflict.value.active["id"] == old


def test_the_heartbeat_thread_beats_while_the_job_reports_nothing(graph, monkeypatch):
    monkeypatch.setattr(jobs, "HEARTBEAT_INTERVAL", 0.1)
    job = jobs.create(graph, "quiet")
    seen: list[datetime] = []

    def quiet(g, _report):  # a long step that reports no progress
        for _ in range(6):
            time.sleep(0.15)
            seen.append(jobs.get(g, job["id"])["heartbeat_at"])
        return {}

    jobs.execute(graph, job["id"], quiet)
    assert len(set(seen)) >= 3  # it moved on while the runner was silent
    assert jobs.get(graph, job["id"])["status"] == "done"
    time.sleep(0.3)  # the heartbeat thread stopped with the job: a done job is never touched
    assert not jobs.heartbeat(graph, job["id"])


def test_a_taken_over_job_stops_heartbeating(graph):
    old = _stored_job(graph, owner=jobs.owner(), beat_seconds_ago=0)
    assert jobs.heartbeat(graph, old)
    graph.execute("MATCH (j:Job {id: $id}) SET j.owner = 'someone-else'", id=old)
    assert not jobs.heartbeat(graph, old)


def test_starts_racing_in_threads_without_the_process_lock_create_one_job(graph, monkeypatch):
    # the in-process lock off, as between two processes: the :JobLock node alone decides
    monkeypatch.setattr(jobs, "_start_lock", _NoLock())
    barrier = threading.Barrier(6)

    def start(_i):
        barrier.wait()
        try:
            return jobs.create(graph, "race")["id"]
        except jobs.JobConflict:
            return None

    with ThreadPoolExecutor(6) as pool:
        created = [j for j in pool.map(start, range(6)) if j]
    assert len(created) == 1
    assert graph.query("MATCH (j:Job {kind: 'race'}) RETURN count(j) AS n")[0]["n"] == 1


class _NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        return False


def test_cost_of_a_rate_limited_request(graph):
    """One write round trip per request: printed for docs/operations.md."""
    rate_limits.take(graph, "k:cost", 10**6)
    n = 300
    started = time.perf_counter()
    for _ in range(n):
        rate_limits.take(graph, "k:cost", 10**6, key_id="nope")
    per_call_ms = (time.perf_counter() - started) / n * 1000
    print(f"\nrate_limits.take: {per_call_ms:.2f} ms a call ({n} calls, one key)")
    assert per_call_ms < 50


def test_a_lease_takes_what_there_is_up_to_count(graph):
    granted = [rate_limits.take(graph, "k:lease", 12, count=5).granted for _ in range(3)]
    assert granted == [5, 5, 2]  # 12 tokens, refilling one each 5 s
    refused = rate_limits.take(graph, "k:lease", 12, count=5)
    assert refused.granted == 0 and 0 < refused.wait_seconds <= 5.0


def test_a_busy_key_costs_one_write_per_tenth_of_a_second_budget(app, graph, monkeypatch):
    from tests.api.test_auth import _with_probe

    app.config["RATE_LIMIT_PER_MINUTE"] = 6000  # leases of 10 tokens
    client = _with_probe(app).test_client()
    record, key = create_key(graph, "busy", "read")
    writes = []
    real_take = rate_limits.take
    monkeypatch.setattr(rate_limits, "take", lambda *a, **k: writes.append(k["count"]) or real_take(*a, **k))
    for _ in range(20):
        assert client.get("/api/v1/probe", headers={"X-API-Key": key}).status_code == 200
    assert writes == [10, 10]
    # a revocation elsewhere is seen once the lease runs out (at most a second)
    revoke_key(graph, record["id"])
    time.sleep(1.1)
    assert client.get("/api/v1/probe", headers={"X-API-Key": key}).status_code == 401
