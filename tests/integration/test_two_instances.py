"""Two app instances (two gunicorn processes on two ports, as two machines behind a load
balancer would be) against one Neo4j share what must be shared:

1. the rate limit: requests of one key split across both get the 429 at the same total
   as through one;
2. the job lock: both asked at once to start the centrality batch, one answers 202 and
   the other 409 naming the same job;
3. revocation: a key revoked elsewhere (here: by this process, as the CLI would) is
   refused by both on their next request, though both had it cached;
4. the outbox: with both drainers running, each webhook event reaches the receiver once;
5. a job whose process was killed (SIGKILL) blocks new starts only until its heartbeats
   are 30 s old, then the other instance takes over.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest

from cli.loadtest import serve
from graph import jobs as jobs_store
from graph import outbox
from graph.keys import create_key, revoke_key
from graph.webhooks import create_webhook
from tests.api.test_webhooks import Receiver

pytestmark = pytest.mark.neo4j

V1 = "/api/v1"
PER_MINUTE = 20


@pytest.fixture(scope="module")
def instances(neo4j_settings, tmp_path_factory):
    env = {"REFERRALS_RATE_LIMIT_PER_MINUTE": str(PER_MINUTE),
           "REFERRALS_OUTBOX_POLL_SECONDS": "0.1", "REFERRALS_WEBHOOK_RETRY_BASE": "0.2",
           "REFERRALS_WEBHOOKS_ALLOW_PRIVATE": "1"}  # the receiver is on 127.0.0.1
    logs = tmp_path_factory.mktemp("two-instances")
    with serve(neo4j_settings, workers=1, threads=4, extra_env=env, log_path=logs / "a.log") as a, \
            serve(neo4j_settings, workers=1, threads=4, extra_env=env, log_path=logs / "b.log") as b:
        assert a.proc.pid != b.proc.pid and a.port != b.port
        yield a, b


def _call(url: str, key: str, method: str = "GET", body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "X-API-Key": key, **({"Content-Type": "application/json"} if data else {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_the_rate_limit_holds_across_both_instances(instances, graph):
    a, b = instances
    _record, key = create_key(graph, "split", "read")
    started = time.monotonic()
    answers = [(which, _call(f"{served.url}{V1}/people?limit=1", key)[0])
               for which, served in (("a", a), ("b", b)) * PER_MINUTE]
    elapsed = time.monotonic() - started
    allowed = [which for which, status in answers if status == 200]
    refused = [which for which, status in answers if status == 429]
    assert len(allowed) + len(refused) == 2 * PER_MINUTE
    # the bucket refills one token every 60/PER_MINUTE s while the requests run
    assert PER_MINUTE <= len(allowed) <= PER_MINUTE + 1 + int(elapsed * PER_MINUTE / 60)
    assert set(allowed) == {"a", "b"} and set(refused) == {"a", "b"}  # both served, both refused
    # per instance it would be PER_MINUTE each: 2 * PER_MINUTE in all, and no 429


def test_one_centrality_job_when_both_are_asked_at_once(instances, graph):
    a, b = instances
    _record, key = create_key(graph, "jobs", "admin")
    barrier = threading.Barrier(2)
    answers: dict[str, tuple[int, dict]] = {}

    def ask(which: str, url: str) -> None:
        barrier.wait()
        answers[which] = _call(f"{url}{V1}/jobs/centrality", key, "POST", {})

    threads = [threading.Thread(target=ask, args=(w, s.url)) for w, s in (("a", a), ("b", b))]
    # hold the centrality lock so both starts are in flight together, then let them race
    ready = threading.Event()
    release = threading.Event()

    def hold_lock() -> None:
        def work(tx):
            tx.run("MERGE (l:JobLock {kind: 'centrality'}) SET l.locked_at = datetime()").consume()
            ready.set()
            release.wait(10)

        graph.write(work)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    assert ready.wait(10)
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # both requests reach the lock and wait on it
    release.set()
    holder.join(10)
    for thread in threads:
        thread.join(30)
    statuses = sorted(status for status, _body in answers.values())
    assert statuses == [202, 409], answers
    started = next(body for status, body in answers.values() if status == 202)
    refused = next(body for status, body in answers.values() if status == 409)
    assert started["id"] in refused["detail"]
    assert graph.query("MATCH (j:Job {kind: 'centrality'}) RETURN count(j) AS n")[0]["n"] == 1
    owner = graph.query("MATCH (j:Job {kind: 'centrality'}) RETURN j.owner AS owner")[0]["owner"]
    assert owner.split("@")[0] in {str(pid) for pid in (*a.worker_pids(), *b.worker_pids())}


def test_a_key_revoked_elsewhere_is_refused_by_both_at_once(instances, graph):
    a, b = instances
    record, key = create_key(graph, "soon revoked", "read")
    for served in (a, b):  # both have verified and cached it
        assert _call(f"{served.url}{V1}/people?limit=1", key)[0] == 200
    revoke_key(graph, record["id"])
    revoked_at = time.monotonic()
    for served in (a, b):
        status, body = _call(f"{served.url}{V1}/people?limit=1", key)
        assert status == 401 and "revoked" in body["detail"]
    assert time.monotonic() - revoked_at < 5  # far inside the 10 s cache TTL


def test_each_event_is_delivered_once_with_both_drainers(instances, graph):
    receiver = Receiver(fail_first=3)  # a few failures: retries go through the outbox too
    try:
        create_webhook(graph, receiver.url, ["*"])
        now = datetime.now(UTC)
        ids = [graph.write(lambda tx, i=i: outbox.add_event(tx, "test.event", {"n": i}, now=now))
               for i in range(40)]
        deadline = time.monotonic() + 60
        while outbox.counts(graph)["pending"] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert outbox.counts(graph) == {"pending": 0, "delivered": 40, "failed": 0}
        delivered = [json.loads(body)["id"] for _headers, body in receiver.requests[3:]]
        assert sorted(delivered) == sorted(ids)  # each once: no event twice
        assert len(receiver.requests) == 43
    finally:
        receiver.close()


def test_a_job_killed_with_its_process_is_taken_over_after_30_s(instances, graph, neo4j_settings, tmp_path):
    _a, b = instances
    _record, key = create_key(graph, "jobs", "admin")
    graph.execute("CREATE (:Person {id: 'p-1', name: 'Pat'})")
    locked, release = threading.Event(), threading.Event()

    def hold_person() -> None:  # the job's write phase waits on this lock: it stays running
        def work(tx):
            tx.run("MATCH (p:Person {id: 'p-1'}) SET p.locked = true").consume()
            locked.set()
            release.wait(60)

        graph.write(work)

    holder = threading.Thread(target=hold_person)
    holder.start()
    assert locked.wait(10)
    try:
        with serve(neo4j_settings, workers=1, threads=2, log_path=tmp_path / "victim.log") as victim:
            status, job = _call(f"{victim.url}{V1}/jobs/centrality", key, "POST", {})
            assert status == 202
            time.sleep(1.0)
            assert jobs_store.get(graph, job["id"])["status"] == "running"
            pids = victim.worker_pids()
            for pid in [*pids, victim.proc.pid]:  # a crash: no goodbye, no final write
                os.kill(pid, signal.SIGKILL)
            victim.proc.wait(10)
    finally:
        release.set()
        holder.join(10)
    assert jobs_store.get(graph, job["id"])["status"] == "running"  # as the dead process left it
    status, body = _call(f"{b.url}{V1}/jobs/centrality", key, "POST", {})
    assert status == 409 and job["id"] in body["detail"]  # its last heartbeat is recent
    last_beat = jobs_store.get(graph, job["id"])["heartbeat_at"]
    time.sleep(max(0.0, (last_beat + jobs_store.STALE_AFTER - datetime.now(UTC)).total_seconds()) + 1)
    status, taken_over = _call(f"{b.url}{V1}/jobs/centrality", key, "POST", {})
    assert status == 202, taken_over
    dead = jobs_store.get(graph, job["id"])
    assert dead["status"] == "failed"
    assert dead["error"] == f"abandoned: its process ({pids[0]}@{socket.gethostname()}) stopped heartbeating"
