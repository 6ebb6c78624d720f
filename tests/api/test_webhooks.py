"""Webhooks: admin-only subscriptions, signed deliveries, retries with backoff, delivery log.

Receivers are local HTTP servers on 127.0.0.1 only, so these tests turn on the switch
that lets webhooks reach loopback addresses (off by default; tests/reliability/
test_webhook_ssrf.py checks what is refused without it).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks.webhooks import Webhook

from graph import outbox, webhooks
from services.webhooks import Drainer

W = "/api/v1/webhooks"


class Receiver:
    """Answers `fail_first` requests with 500, then 200; keeps every request."""

    def __init__(self, fail_first: int = 0):
        self.fail_first = fail_first
        self.requests: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                code = 500 if len(receiver.requests) <= receiver.fail_first else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def loopback_receivers(request):
    """Registration through the API accepts the 127.0.0.1 receivers."""
    if "client" in request.fixturenames:
        request.getfixturevalue("app").config["WEBHOOKS_ALLOW_PRIVATE"] = True


@pytest.fixture
def fast_retries(graph):
    """A drainer with 3 attempts, 50 ms apart at first (the app's own waits seconds)."""
    drainer = Drainer(graph, max_attempts=3, retry_base=0.05, allow_private=True)
    yield drainer
    drainer.stop()


def dispatch_event(graph, event_type, data):
    """An event written to the outbox as a use case writes it (in a write transaction)."""
    return graph.write(lambda tx: outbox.add_event(tx, event_type, data, now=datetime.now(UTC)))


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def _problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    return response.get_json()


def test_subscribe_signed_delivery_and_log(client, admin_headers, graph, receiver, fast_retries):
    created = client.post(W, json={"url": receiver.url, "description": "CRM"}, headers=admin_headers)
    assert created.status_code == 201, created.get_json()
    hook = created.get_json()
    secret = hook["secret"]
    assert secret.startswith("whsec_") and hook["events"] == ["introduction.status_changed"]
    listed = client.get(W, headers=admin_headers).get_json()["items"]
    assert [h["id"] for h in listed] == [hook["id"]] and "secret" not in listed[0]
    assert "secret" not in client.get(f"{W}/{hook['id']}", headers=admin_headers).get_json()

    event_id = dispatch_event(graph, "introduction.status_changed",
                              {"introduction_id": "i-1", "from": "requested", "to": "accepted"})
    dispatch_event(graph, "introduction.created", {"introduction_id": "i-2"})  # not subscribed
    assert fast_retries.drain(10)
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Referrals-Signature"], expected)  # deprecated header
    assert Webhook(secret).verify(body, headers)["id"] == event_id  # Standard Webhooks, as documented
    assert headers["webhook-id"] == event_id
    assert headers["X-Referrals-Delivery"] == event_id
    event = json.loads(body)
    assert event["type"] == "introduction.status_changed" and event["data"]["to"] == "accepted"

    log = client.get(f"{W}/{hook['id']}/deliveries", headers=admin_headers).get_json()["items"]
    assert [(d["attempt"], d["status_code"], d["ok"]) for d in log] == [(1, 200, True)]


def test_retries_with_backoff_then_success(client, admin_headers, graph, fast_retries):
    flaky = Receiver(fail_first=2)
    try:
        hook = client.post(W, json={"url": flaky.url, "events": ["*"]}, headers=admin_headers).get_json()
        dispatch_event(graph, "introduction.status_changed", {"introduction_id": "i-9"})
        assert fast_retries.drain(10)
        assert len(flaky.requests) == 3
        assert len({h["X-Referrals-Delivery"] for h, _ in flaky.requests}) == 1  # same event id
        log = client.get(f"{W}/{hook['id']}/deliveries", headers=admin_headers).get_json()["items"]
        assert sorted((d["attempt"], d["status_code"], d["ok"], d["error"]) for d in log) == [
            (1, 500, False, "http_500"), (2, 500, False, "http_500"), (3, 200, True, None)]
    finally:
        flaky.close()


def test_gives_up_after_bounded_attempts(client, admin_headers, graph, fast_retries):
    down = Receiver(fail_first=100)
    try:
        hook = client.post(W, json={"url": down.url}, headers=admin_headers).get_json()
        dispatch_event(graph, "introduction.status_changed", {"introduction_id": "i-3"})
        assert fast_retries.drain(10)
        assert len(down.requests) == fast_retries.max_attempts == 3
        log = client.get(f"{W}/{hook['id']}/deliveries", headers=admin_headers).get_json()["items"]
        assert [d["will_retry"] for d in sorted(log, key=lambda d: d["attempt"])] == [True, True, False]
    finally:
        down.close()


def test_unreachable_receiver_is_logged(client, admin_headers, graph, fast_retries):
    hook = client.post(W, json={"url": "http://127.0.0.1:9/closed"}, headers=admin_headers).get_json()
    dispatch_event(graph, "introduction.status_changed", {"x": 1})
    assert fast_retries.drain(10)
    log = client.get(f"{W}/{hook['id']}/deliveries", headers=admin_headers).get_json()["items"]
    assert len(log) == 3 and all(d.get("status_code") is None and d["error"] == "refused" for d in log)


def test_ping_and_delete(client, admin_headers, receiver, fast_retries):
    hook = client.post(W, json={"url": receiver.url, "events": ["ping"]}, headers=admin_headers).get_json()
    assert client.post(f"{W}/{hook['id']}/ping", headers=admin_headers).status_code == 202
    assert fast_retries.drain(10) and len(receiver.requests) == 1
    assert client.delete(f"{W}/{hook['id']}", headers=admin_headers).status_code == 204
    _problem(client.get(f"{W}/{hook['id']}", headers=admin_headers), 404)
    _problem(client.delete(f"{W}/{hook['id']}", headers=admin_headers), 404)
    _problem(client.get(f"{W}/{hook['id']}/deliveries", headers=admin_headers), 404)
    _problem(client.post(f"{W}/{hook['id']}/ping", headers=admin_headers), 404)


def test_validation(client, admin_headers):
    for body, pointer in (({"url": "ftp://x"}, "/url"), ({}, "/url"),
                          ({"url": "http://127.0.0.1/x", "events": ["nope"]}, "/events/0"),
                          ({"url": "http://127.0.0.1/x", "secret": "mine"}, "/secret")):
        errors = _problem(client.post(W, json=body, headers=admin_headers), 422)["errors"]
        assert pointer in {e["pointer"] for e in errors}, errors


def test_admin_scope_everywhere(client, make_key):
    write = make_key("write")
    for call, url in ((client.get, W), (client.post, W), (client.get, f"{W}/wh-x"),
                      (client.delete, f"{W}/wh-x"), (client.get, f"{W}/wh-x/deliveries"),
                      (client.post, f"{W}/wh-x/ping")):
        _problem(call(url, json={"url": "http://127.0.0.1/x"} if call == client.post else None), 401)
        _problem(call(url, headers=write, json={"url": "http://127.0.0.1/x"}
                      if call == client.post else None), 403)


def test_signature_helper():
    assert webhooks.sign("s", b"{}") == "sha256=" + hmac.new(b"s", b"{}", hashlib.sha256).hexdigest()
