"""The sign-in throttle (services/users.py `sign_in`, graph/users.py): failed tries are
counted per account and per client address in Neo4j, so every worker shares them; past
the limit a try answers 429 with Retry-After and a message on the page, and the password
is never hashed, so guessing costs the server a counter update instead of scrypt."""

from __future__ import annotations

import re
import statistics
import time
from datetime import UTC, datetime, timedelta

import pytest

import services.users as users_module
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.neo4j

EMAIL = "rita@example.com"


def csrf_token(client) -> str:
    html = client.get("/signin").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def try_sign_in(client, email: str = EMAIL, password: str = "wrong password", timings=None, **kwargs):
    data = {"email": email, "password": password, "csrf_token": csrf_token(client)}
    started = time.perf_counter()
    response = client.post("/signin", data=data, **kwargs)
    if timings is not None:  # the sign-in POST alone
        timings.append(time.perf_counter() - started)
    return response


@pytest.fixture
def scrypt_calls(monkeypatch):
    """How often a password was checked (the real check still runs)."""
    calls = []
    real = users_module.check_password_hash

    def counting(stored, given):
        calls.append(1)
        return real(stored, given)

    monkeypatch.setattr(users_module, "check_password_hash", counting)
    return calls


def test_after_five_failed_tries_the_account_answers_429_without_hashing(client, people, scrypt_calls):
    real_times, throttled_times = [], []
    for _ in range(5):
        assert try_sign_in(client, timings=real_times).status_code == 401
    assert len(scrypt_calls) == 5
    for _ in range(5):
        response = try_sign_in(client, password=PASSWORD, timings=throttled_times)  # even the right one
        assert response.status_code == 429
    assert len(scrypt_calls) == 5, "a throttled try hashed the password"
    assert 1 <= int(response.headers["Retry-After"]) <= 900
    html = response.get_data(as_text=True)
    assert "Too many failed sign-ins" in html and "15 minutes" in html
    real, throttled = statistics.median(real_times), statistics.median(throttled_times)
    print(f"\nsign-in try, median of 5: checked {real * 1000:.1f} ms, throttled {throttled * 1000:.1f} ms")
    assert throttled < real / 2
    # the email is stored only as a hash in the counters (people type passwords there too)
    assert people.query("MATCH (a:SignInAttempts) WHERE a.key CONTAINS 'rita' RETURN count(a) AS n",
                        )[0]["n"] == 0


def test_a_success_clears_the_account_count(client, people):
    for _ in range(4):
        assert try_sign_in(client).status_code == 401
    assert try_sign_in(client, password=PASSWORD).status_code == 302
    client.post("/signout", data={"csrf_token": csrf_token(client)})
    for _ in range(5):  # five new failures are allowed again
        assert try_sign_in(client).status_code == 401
    assert try_sign_in(client).status_code == 429


def test_the_count_is_per_address_too_and_a_proxy_header_is_ignored_by_default(app, client, people):
    app.config["SIGNIN_MAX_PER_ADDRESS"] = 3
    for i in range(3):  # three different accounts from one address
        response = try_sign_in(client, email=f"nobody{i}@example.com",
                               headers={"X-Forwarded-For": f"198.51.100.{i}"})
        assert response.status_code == 401
    assert try_sign_in(client, email="someone-else@example.com").status_code == 429
    other = app.test_client()  # another address still gets its tries
    response = try_sign_in(other, email="another@example.com", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code == 401


def test_behind_a_trusted_proxy_the_forwarded_address_counts(graph, people, neo4j_settings):
    from runtime.requests import close as close_app
    from server import create_app
    from tests.conftest import SETTINGS

    app = create_app({"TESTING": True, "NEO4J": neo4j_settings, "SIGNIN_MAX_PER_ADDRESS": 2},
                     settings=SETTINGS.with_changes(trusted_proxies=1))
    try:
        client = app.test_client()
        for i in range(4):  # each from its own address, as the proxy says
            response = try_sign_in(client, email=f"nobody{i}@example.com",
                                   headers={"X-Forwarded-For": f"198.51.100.{i}"})
            assert response.status_code == 401
        for _ in range(2):
            try_sign_in(client, email="x@example.com", headers={"X-Forwarded-For": "198.51.100.77"})
        response = try_sign_in(client, email="y@example.com", headers={"X-Forwarded-For": "198.51.100.77"})
        assert response.status_code == 429
    finally:
        close_app(app)


def test_workers_share_the_counts(app, people, neo4j_settings):
    """Two app instances (two gunicorn workers) on one database count together."""
    from runtime.requests import close as close_app
    from server import create_app

    other_worker = create_app({"TESTING": True, "NEO4J": neo4j_settings})
    try:
        first, second = app.test_client(), other_worker.test_client()
        for client in (first, second, first, second, first):
            assert try_sign_in(client).status_code == 401
        assert try_sign_in(second).status_code == 429
    finally:
        close_app(other_worker)


def test_the_window_ends(client, people, app):
    now = [datetime(2026, 3, 2, 9, 0, tzinfo=UTC)]
    app.config["REFERRALS_CLOCK"] = lambda: now[0]
    for _ in range(5):
        try_sign_in(client)
    response = try_sign_in(client)
    assert response.status_code == 429 and response.headers["Retry-After"] == "900"
    now[0] += timedelta(minutes=10)
    assert try_sign_in(client).headers["Retry-After"] == "300"
    now[0] += timedelta(minutes=5, seconds=1)
    assert try_sign_in(client, password=PASSWORD).status_code == 302
