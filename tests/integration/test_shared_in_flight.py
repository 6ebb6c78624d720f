"""The in-flight bound all of one gunicorn's workers share (server/gunicorn_conf.py,
runtime/observability.py SharedInFlight), through a real gunicorn: with no bound per
worker and one in all, a burst spread over two workers is partly shed with 503 +
Retry-After, and once the burst is over every request is admitted again (nothing leaks)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from cli.loadtest import serve
from graph.keys import create_key
from tests.concurrency import at_once

pytestmark = pytest.mark.neo4j

BURST = 24


def _get(url: str, key: str) -> tuple[int, str | None, str]:
    request = urllib.request.Request(url, headers={"X-API-Key": key})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Retry-After"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After"), error.read().decode()


def test_a_burst_over_two_workers_is_bounded_in_all_and_the_count_comes_back_to_zero(graph, neo4j_settings,
                                                                                       tmp_path):
    _record, key = create_key(graph, "burst", "read")
    env = {"REFERRALS_MAX_IN_FLIGHT": "0", "REFERRALS_MAX_IN_FLIGHT_TOTAL": "1"}
    with serve(neo4j_settings, workers=2, threads=6, extra_env=env, log_path=tmp_path / "g.log") as served:
        url = f"{served.url}/api/v1/people?limit=50"
        answers = []
        for _round in range(3):
            answered, errors = at_once(lambda _i: _get(url, key), BURST)
            assert errors == []
            answers += answered
        statuses = sorted({status for status, _, _ in answers})
        assert statuses == [200, 503], statuses  # no bound per worker: only the shared one sheds
        shed = [(retry, body) for status, retry, body in answers if status == 503]
        assert all(retry == "1" and "Overloaded" in body for retry, body in shed)
        # one at a time, every request is admitted: the workers' counts went back to 0
        assert [_get(url, key)[0] for _ in range(10)] == [200] * 10
