"""Webhooks cannot be pointed inside the service's own network (issue #15).

1. Every spelling of a loopback, private, link-local, metadata, unspecified, multicast
   or reserved address is refused at registration, through the API (422 on `url`) and
   through the use case; so is a name that resolves to one.
2. DNS rebinding: a name that resolved to a public address at registration and to
   127.0.0.1 at delivery is refused at delivery, and nothing is connected.
   A delivery looks the name up once and connects to that address, keeping the URL's
   host in the Host header and, over HTTPS, in SNI and the certificate check.
3. Redirects are not followed; the log keeps status codes and one word, never what
   the receiver answered.
4. Deliveries are signed with Standard Webhooks, and the receiver recipe in
   docs/webhooks.md (run here as it is written) accepts them and refuses a changed
   body, an old timestamp and a replay.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address
from pathlib import Path

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from graph import outbox
from graph import webhooks as store
from referrals.errors import Invalid
from services import webhook_addresses as addresses
from services import webhooks
from services.webhooks import Drainer

W = "/api/v1/webhooks"

# Hosts (as written in a URL) that must never receive a webhook.
REFUSED_HOSTS = [
    "127.0.0.1", "127.255.255.254", "[::1]", "0x7f000001", "2130706433", "0177.0.0.1", "127.1",
    "0x7f.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::127.0.0.1]", "[2002:7f00:1::]",
    "[64:ff9b::7f00:1]", "10.0.0.1", "172.16.5.4", "192.168.1.1", "0xc0a80101", "100.64.0.1",
    "[fc00::1]", "[fd12:3456::1]", "169.254.169.254", "169.254.1.1", "[fe80::1]",
    "[fd00:ec2::254]", "[::ffff:169.254.169.254]", "2852039166", "metadata.google.internal",
    "0.0.0.0", "0", "[::]", "224.0.0.1", "239.255.255.250", "[ff02::1]", "240.0.0.1",
    "255.255.255.255", "192.0.2.10", "198.18.0.1", "localhost",
]
# Refused even with the switch that lets tests reach loopback receivers.
ALWAYS_REFUSED = ["169.254.169.254", "[fd00:ec2::254]", "[::ffff:169.254.169.254]",
                  "metadata.google.internal", "0.0.0.0", "[::]", "224.0.0.1", "[ff02::1]"]
PUBLIC = "93.184.216.34"
LEAK = "s3cr3t-internal-banner-5f0c"  # what a receiver answers; must appear nowhere


def _problem_on_url(response) -> dict:
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert "/url" in {e["pointer"] for e in problem["errors"]}, problem
    return problem


@pytest.fixture
def dns(monkeypatch):
    """The resolver, answering from a table (the service's own `lookup` is the one seam)."""
    table: dict[str, list[str]] = {}

    def lookup(host: str, _port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "not known")
        return table[host]

    monkeypatch.setattr(addresses, "lookup", lookup)
    return table


class Server:
    """A loopback HTTP server that counts connections and answers `status`, `headers`, `body`."""

    def __init__(self, status: int = 200, headers: dict[str, str] | None = None, body: bytes = b""):
        self.connections = 0
        self.requests: list[tuple[dict[str, str], bytes]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body_in = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server.requests.append((dict(self.headers), body_in))
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST  # noqa: N815 - a followed redirect would come as a GET

            def log_message(self, *_args):
                pass

        class Counting(ThreadingHTTPServer):
            def verify_request(self, request, client_address):  # every accepted connection
                server.connections += 1
                return True

        self.server = Counting(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def servers():
    started: list[Server] = []

    def start(**kwargs) -> Server:
        started.append(Server(**kwargs))
        return started[-1]

    yield start
    for s in started:
        s.close()


def _emit(graph, event_type="introduction.status_changed"):
    return graph.write(lambda tx: outbox.add_event(tx, event_type, {"introduction_id": "i-1"},
                                                   now=datetime.now(UTC)))


# ----------------------------------------------------------- the checker, no server


@pytest.mark.parametrize("host", REFUSED_HOSTS)
def test_every_non_public_form_is_refused(host):
    with pytest.raises(addresses.Refused) as refused:
        addresses.resolve(host, 80)
    assert refused.value.code == addresses.BLOCKED
    with pytest.raises(Invalid) as invalid:
        addresses.check_url(f"http://{host}:8080/hook")
    assert invalid.value.field == "url"
    assert invalid.value.message == addresses.MESSAGE_BLOCKED  # names no address


@pytest.mark.parametrize("spelling", ["0x7f000001", "2130706433", "0177.0.0.1", "127.1", "0x7f.0.0.1",
                                      "::ffff:127.0.0.1"])
def test_numeric_spellings_read_as_libc_reads_them(spelling):
    found = addresses.literal(spelling)
    assert found is not None and (getattr(found, "ipv4_mapped", None) or found) == ip_address("127.0.0.1")


def test_public_addresses_pass_and_names_are_resolved_once(dns):
    assert addresses.resolve("8.8.8.8", 443) == ip_address("8.8.8.8")
    assert addresses.resolve("[2606:4700::1111]", 443) == ip_address("2606:4700::1111")
    dns["hooks.partner.example"] = [PUBLIC]
    assert addresses.resolve("hooks.partner.example", 443) == ip_address(PUBLIC)
    addresses.check_url("https://hooks.partner.example/in?x=1")  # no error


def test_a_name_is_refused_when_any_of_its_addresses_is_internal(dns):
    dns["inside.example"] = ["127.0.0.1"]
    dns["mixed.example"] = [PUBLIC, "10.0.0.7"]
    dns["mapped.example"] = ["::ffff:169.254.169.254"]
    for host in ("inside.example", "mixed.example", "mapped.example"):
        with pytest.raises(Invalid, match="non-public") as invalid:
            addresses.check_url(f"https://{host}/hook")
        assert invalid.value.field == "url"
    with pytest.raises(Invalid, match="does not resolve"):
        addresses.check_url("https://nowhere.example/hook")


def test_the_switch_lets_loopback_through_but_never_metadata():
    for host in ("127.0.0.1", "[::1]", "10.0.0.1", "0x7f000001"):
        addresses.check_url(f"http://{host}/hook", allow_private=True)
    for host in ALWAYS_REFUSED:
        with pytest.raises(Invalid):
            addresses.check_url(f"http://{host}/hook", allow_private=True)


def test_urls_with_spaces_or_control_characters_are_refused():
    for url in ("http://8.8.8.8/a b", "http://8.8.8.8/\r\nHost: x", "http://8.8.8.8 /x", "http://8.8.8.8:99999/"):
        with pytest.raises(Invalid):
            addresses.check_url(url)


# ------------------------------------------------------------- registration: API, use case


@pytest.mark.neo4j
def test_the_api_refuses_every_form_with_422_on_url(client, admin_headers, dns):
    dns["rebind-me.example"] = ["127.0.0.1"]
    for host in [*REFUSED_HOSTS, "rebind-me.example"]:
        problem = _problem_on_url(client.post(W, json={"url": f"https://{host}/hook"}, headers=admin_headers))
        details = {e["detail"] for e in problem["errors"] if e["pointer"] == "/url"}
        assert details <= {addresses.MESSAGE_BLOCKED, addresses.MESSAGE_NOT_RESOLVED}, details
    assert client.get(W, headers=admin_headers).get_json()["items"] == []  # none was stored
    dns["hooks.partner.example"] = [PUBLIC]
    created = client.post(W, json={"url": "https://hooks.partner.example/in"}, headers=admin_headers)
    assert created.status_code == 201, created.get_json()


@pytest.mark.neo4j
def test_the_api_switch_is_off_by_default_and_on_for_tests(app, client, admin_headers):
    url = "http://127.0.0.1:9/hook"
    _problem_on_url(client.post(W, json={"url": url}, headers=admin_headers))
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = True
    assert client.post(W, json={"url": url}, headers=admin_headers).status_code == 201
    _problem_on_url(client.post(W, json={"url": "http://169.254.169.254/latest/meta-data"},
                                headers=admin_headers))


@pytest.mark.neo4j
def test_the_use_case_refuses_every_form(ctx, graph):
    for host in REFUSED_HOSTS:
        with pytest.raises(Invalid) as invalid:
            webhooks.subscribe(ctx, f"http://{host}/hook", ["*"])
        assert invalid.value.field == "url"
    assert graph.query("MATCH (w:Webhook) RETURN count(w) AS n")[0]["n"] == 0


# --------------------------------------------------------------------- delivery


@pytest.mark.neo4j
def test_dns_rebinding_is_refused_at_delivery_and_nothing_is_connected(ctx, graph, dns, servers):
    inside = servers()
    dns["rebind.example"] = [PUBLIC]
    hook, _secret = webhooks.subscribe(ctx, f"http://rebind.example:{inside.port}/hook", ["*"])
    dns["rebind.example"] = ["127.0.0.1"]  # the name now points inside
    _emit(graph)
    drainer = Drainer(graph, max_attempts=1)
    try:
        assert drainer.drain(10)
    finally:
        drainer.stop()
    assert inside.connections == 0 and inside.requests == []
    log = webhooks.deliveries(ctx, hook["id"], limit=10, offset=0)
    assert [(d.get("status_code"), d["ok"], d["error"]) for d in log] == [(None, False, "blocked_address")]


@pytest.mark.neo4j
def test_a_delivery_looks_up_once_and_keeps_the_url_host(ctx, graph, dns, servers, monkeypatch):
    """With the switch on, a name for 127.0.0.1: the connection goes to the address that was
    checked (one lookup per attempt) and the Host header is still the URL's host name."""
    receiver = servers()
    dns["partner.example"] = ["127.0.0.1"]
    hook, secret = webhooks.subscribe(ctx, f"http://partner.example:{receiver.port}/in?k=1", ["*"],
                                      allow_private=True)
    calls: list[str] = []
    table_lookup = addresses.lookup
    monkeypatch.setattr(addresses, "lookup",
                        lambda host, port: calls.append(host) or table_lookup(host, port))
    event_id = _emit(graph)
    drainer = Drainer(graph, max_attempts=1, allow_private=True)
    try:
        assert drainer.drain(10)
    finally:
        drainer.stop()
    assert calls == ["partner.example"]
    [(headers, body)] = receiver.requests
    assert headers["Host"] == f"partner.example:{receiver.port}"
    assert Webhook(secret).verify(body, headers)["id"] == event_id == headers["webhook-id"]
    log = webhooks.deliveries(ctx, hook["id"], limit=10, offset=0)
    assert [(d["status_code"], d["ok"]) for d in log] == [(200, True)]


@pytest.mark.neo4j
@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_https_sends_the_url_host_as_sni_and_checks_the_certificate_for_it(
        ctx, graph, dns, servers, monkeypatch, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=partner.example", "-addext", "subjectAltName=DNS:partner.example",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    receiver = servers()
    names: list[str | None] = []
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    tls.sni_callback = lambda _sock, name, _ctx: names.append(name)
    receiver.server.socket = tls.wrap_socket(receiver.server.socket, server_side=True)
    trusting = ssl.create_default_context
    monkeypatch.setattr(webhooks.ssl, "create_default_context", lambda: trusting(cafile=str(cert)))
    dns["partner.example"] = dns["other.example"] = ["127.0.0.1"]
    good, bad = (webhooks.subscribe(ctx, f"https://{host}:{receiver.port}/in", ["*"], allow_private=True)[0]
                 for host in ("partner.example", "other.example"))
    _emit(graph)
    drainer = Drainer(graph, max_attempts=1, allow_private=True)
    try:
        assert drainer.drain(10)
    finally:
        drainer.stop()
    log = {h: webhooks.deliveries(ctx, h, limit=10, offset=0) for h in (good["id"], bad["id"])}
    assert [(d.get("status_code"), d["error"]) for d in log[good["id"]]] == [(200, None)]
    assert [(d.get("status_code"), d["error"]) for d in log[bad["id"]]] == [(None, "tls_error")]
    assert [h["Host"] for h, _ in receiver.requests] == [f"partner.example:{receiver.port}"]
    assert sorted(names) == ["other.example", "partner.example"]  # SNI: the URL's host, not the IP


@pytest.mark.neo4j
def test_redirects_are_not_followed(ctx, graph, servers):
    second = servers()
    first = servers(status=302, headers={"Location": second.url})
    hook, _secret = webhooks.subscribe(ctx, first.url, ["*"], allow_private=True)
    _emit(graph)
    drainer = Drainer(graph, max_attempts=2, retry_base=0.01, allow_private=True)
    try:
        assert drainer.drain(10)
    finally:
        drainer.stop()
    assert len(first.requests) == 2  # two attempts, each a failure
    assert second.connections == 0 and second.requests == []
    log = webhooks.deliveries(ctx, hook["id"], limit=10, offset=0)
    assert sorted((d["attempt"], d["status_code"], d["ok"], d["error"]) for d in log) == [
        (1, 302, False, "http_302"), (2, 302, False, "http_302")]


@pytest.mark.neo4j
def test_ping_and_the_log_never_show_what_the_receiver_answered(app, client, admin_headers, graph, servers):
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = True
    talker = servers(status=500, headers={"X-Internal": LEAK, "Server": LEAK}, body=LEAK.encode())
    polite = servers(status=200, headers={"X-Internal": LEAK}, body=LEAK.encode())
    ids = []
    for receiver in (talker, polite):
        created = client.post(W, json={"url": receiver.url, "events": ["ping"]}, headers=admin_headers)
        assert created.status_code == 201, created.get_json()
        ids.append(created.get_json()["id"])
    closed = client.post(W, json={"url": "http://127.0.0.1:9/closed", "events": ["ping"]},
                         headers=admin_headers).get_json()["id"]
    answers = [client.post(f"{W}/{i}/ping", headers=admin_headers) for i in [*ids, closed]]
    assert all(a.status_code == 202 for a in answers)
    drainer = Drainer(graph, max_attempts=2, retry_base=0.01, allow_private=True)
    try:
        assert drainer.drain(10)
    finally:
        drainer.stop()
    assert talker.requests and polite.requests  # both were reached and both answered the leak
    logs = {i: client.get(f"{W}/{i}/deliveries", headers=admin_headers) for i in [*ids, closed]}
    for text in [r.get_data(as_text=True) for r in [*answers, *logs.values()]]:
        assert LEAK not in text
        assert not re.search(r"errno|connection refused|urlopen|\[Errno", text, re.I), text
    errors = {i: {d["error"] for d in logs[i].get_json()["items"]} for i in logs}
    assert errors == {ids[0]: {"http_500"}, ids[1]: {None}, closed: {"refused"}}


@pytest.mark.neo4j
def test_attempts_logged_before_the_vocabulary_show_one_word(ctx, graph):
    hook, _secret = webhooks.subscribe(ctx, "https://8.8.8.8/hook", ["*"])
    graph.execute("CREATE (:WebhookDelivery {id: 'whd-old', webhook_id: $id, event_id: 'evt-old', "
                  "attempt: 1, ok: false, error: $error, at: datetime()})",
                  id=hook["id"], error="URLError: [Errno 111] Connection refused")
    assert [d["error"] for d in webhooks.deliveries(ctx, hook["id"], limit=10, offset=0)] == ["error"]


# ---------------------------------------------------------------------- signatures


def _docs_recipe() -> dict:
    """The receiver example of docs/webhooks.md, run as it is written."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "webhooks.md").read_text()
    block = next(b for b in re.findall(r"```python\n(.*?)```", docs, re.S) if "def receive(" in b)
    namespace: dict = {}
    exec(compile(block, "docs/webhooks.md", "exec"), namespace)  # noqa: S102 - our own docs
    return namespace


def test_signatures_verify_with_the_documented_recipe():
    recipe = _docs_recipe()
    secret = store.new_secret()
    body = b'{"id": "evt-1", "type": "ping", "data": {"webhook_id": "wh-1"}}'
    headers = webhooks.signed_headers(secret, "evt-1", "ping", body, datetime.now(UTC))
    assert recipe["verify"](secret, headers, body)
    assert Webhook(secret).verify(body, headers)["id"] == "evt-1"  # and the library agrees
    assert not recipe["verify"](secret, headers, body.replace(b"wh-1", b"wh-2"))
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body.replace(b"wh-1", b"wh-2"), headers)
    assert not recipe["verify"](store.new_secret(), headers, body)  # another webhook's secret
    old = webhooks.signed_headers(secret, "evt-1", "ping", body, datetime.now(UTC) - timedelta(minutes=6))
    assert not recipe["verify"](secret, old, body)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body, old)
    # a replay of a delivery already handled is answered, not acted on twice
    assert recipe["receive"](secret, headers, body) == (200, json.loads(body))
    assert recipe["receive"](secret, headers, body) == (200, None)
    assert recipe["receive"](secret, headers, body + b" ")[0] == 401


def test_secrets_from_before_standard_webhooks_map_as_documented():
    legacy = "whsec_" + secrets.token_urlsafe(32)
    docs = (Path(__file__).resolve().parents[2] / "docs" / "webhooks.md").read_text()
    block = next(b for b in re.findall(r"```python\n(.*?)```", docs, re.S) if "urlsafe_b64decode" in b)
    namespace: dict = {}
    exec(compile(block.replace('"whsec_..."', repr(legacy)), "docs/webhooks.md", "exec"), namespace)  # noqa: S102
    converted = namespace["secret"]
    assert base64.b64decode(converted.removeprefix("whsec_")) == store.signing_key(legacy)
    body = b'{"id": "evt-2"}'
    headers = webhooks.signed_headers(legacy, "evt-2", "ping", body, datetime.now(UTC))
    assert Webhook(converted).verify(body, headers) == {"id": "evt-2"}
    assert len(store.signing_key(store.new_secret())) == 32
