"""Webhook events go through the outbox, whichever entry point made the change.

1. A web status change, a web referral ask and an API status change each produce
   exactly one delivery (the events are written by the use cases, not by the API).
2. Deliveries pending when the app is killed with SIGKILL are all delivered once it
   starts again: they wait in Neo4j, not in the process.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
import urllib.request

import pytest

from cli.loadtest import serve
from graph import outbox
from graph.webhooks import create_webhook
from runtime.requests import app_runtime
from services.users import create_user
from tests.api.test_webhooks import Receiver
from tests.web.conftest import PASSWORD
from tests.web.test_web_security import csrf_token, sign_in
from tests.workflow_data import PATH_ANN, PATH_BEN, load_network

pytestmark = pytest.mark.neo4j

V1 = "/api/v1"


def _events(receiver: Receiver) -> list[dict]:
    return [json.loads(body) for _headers, body in receiver.requests]


def test_web_and_api_changes_each_send_exactly_one_webhook(app, client, graph, ctx, make_key):
    load_network(graph)
    create_user(ctx, email="rita@example.com", password=PASSWORD, role="rep", person_id="p-rep")
    receiver = Receiver()
    app_runtime(app).drainer.allow_private = True  # the receiver is on 127.0.0.1
    try:
        create_webhook(graph, receiver.url, ["introduction.status_changed", "referral_ask.created"])
        write = make_key("write", "partner")
        intro = client.post(f"{V1}/introductions", headers=write, json={
            "requester_id": "p-rep", "target_id": "p-tara", "path": PATH_ANN}).get_json()

        # the web: move the introduction, then ask a client's person for a referral
        sign_in(client, "rita@example.com")
        token = csrf_token(client, f"/introductions/{intro['id']}")
        moved = client.post(f"/introductions/{intro['id']}/transitions",
                            data={"to": "withdrawn", "csrf_token": token})
        assert moved.status_code == 302
        asked = client.post("/clients/c-bolt/asks", data={
            "referrer_id": "p-ben", "target_id": "p-tara", "csrf_token": token})
        assert asked.status_code == 302
        # the API: a second request (the first is closed), withdrawn
        other = client.post(f"{V1}/introductions", headers=write, json={
            "requester_id": "p-rep", "target_id": "p-tara", "path": PATH_BEN}).get_json()
        withdrawn = client.post(f"{V1}/introductions/{other['id']}/transitions", headers=write,
                                json={"to": "withdrawn"})
        assert withdrawn.status_code == 201, withdrawn.get_json()

        assert app_runtime(app).drainer.drain(10)
        events = _events(receiver)
        kinds = sorted((e["type"], e["data"].get("introduction_id") or e["data"].get("referrer_id"))
                       for e in events)
        assert kinds == sorted([("introduction.status_changed", intro["id"]),
                                ("introduction.status_changed", other["id"]),
                                ("referral_ask.created", "p-ben")])
        assert len({e["id"] for e in events}) == 3  # one delivery per event, no repeats
        actors = {e["data"].get("introduction_id"): e["data"].get("actor") for e in events}
        assert actors[intro["id"]] == "rita@example.com" and actors[other["id"]] == "partner"
    finally:
        receiver.close()


def _post(url: str, key: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/json", "X-API-Key": key})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _kill_9(served) -> None:
    for pid in [*served.worker_pids(), served.proc.pid]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    served.proc.wait(timeout=10)


def test_deliveries_pending_at_a_kill_9_are_sent_after_the_restart(graph, neo4j_settings, make_key, tmp_path):
    load_network(graph)
    key = make_key("write", "partner")["X-API-Key"]
    receiver = Receiver(fail_first=10**9)  # down: every POST answers 500 until we say so
    env = {"REFERRALS_WEBHOOK_RETRY_BASE": "0.3", "REFERRALS_WEBHOOK_MAX_ATTEMPTS": "100",
           "REFERRALS_OUTBOX_POLL_SECONDS": "0.1",
           "REFERRALS_WEBHOOKS_ALLOW_PRIVATE": "1"}  # the receiver is on 127.0.0.1
    try:
        create_webhook(graph, receiver.url, ["*"])
        first_log = tmp_path / "first.log"
        with serve(neo4j_settings, workers=2, threads=2, extra_env=env, log_path=first_log) as served:
            intro = _post(f"{served.url}{V1}/introductions", key, {
                "requester_id": "p-rep", "target_id": "p-tara", "path": PATH_ANN})
            _post(f"{served.url}{V1}/introductions/{intro['id']}/transitions", key, {"to": "asked"})
            _post(f"{served.url}{V1}/introductions/{intro['id']}/transitions", key, {"to": "declined"})
            deadline = time.monotonic() + 15
            while len({e["id"] for e in _events(receiver)}) < 5 and time.monotonic() < deadline:
                time.sleep(0.1)
            tried = {e["id"] for e in _events(receiver)}
            _kill_9(served)
        expected = {r["id"] for r in graph.query("MATCH (e:OutboxEvent) RETURN e.id AS id")}
        # created; asked (the status change and the referral ask it opened); declined (the
        # status change and the ask's outcome)
        assert len(expected) == 5
        assert tried == expected  # each was tried, and refused, before the kill
        assert outbox.counts(graph)["pending"] == 5
        assert outbox.counts(graph)["delivered"] == 0

        receiver.fail_first = 0  # the receiver is back
        seen_ok_before = len(receiver.requests)
        with serve(neo4j_settings, workers=2, threads=2, extra_env=env, log_path=tmp_path / "second.log"):
            deadline = time.monotonic() + 45  # a send cut off by the kill waits out its lease
            while outbox.counts(graph)["pending"] and time.monotonic() < deadline:
                time.sleep(0.2)
        assert outbox.counts(graph) == {"pending": 0, "delivered": 5, "failed": 0}
        delivered = {json.loads(body)["id"] for _h, body in receiver.requests[seen_ok_before:]}
        assert delivered == expected
    finally:
        receiver.close()
