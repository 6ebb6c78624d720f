"""The generated Python SDK (sdk/python, docs/sdk.md) against a live server: the app on a
real werkzeug server thread on a free port, over the real test database. What a partner
tool does: find paths to a person, request an introduction (and the 409 when it is already
open), page through people, and meet the 429 of the rate limit and the 401 of a bad key."""

from __future__ import annotations

import json
import sys
import threading
from http import HTTPStatus
from pathlib import Path

import pytest
from referrals_client import AuthenticatedClient
from referrals_client.api.introductions import post_api_v1_introductions
from referrals_client.api.people import get_api_v1_people
from referrals_client.api.referral_paths import get_api_v1_referral_paths
from referrals_client.models import IntroductionIn, IntroductionOut, PathsOut, PersonPage, Problem
from werkzeug.serving import make_server

from graph.bulk import BulkWriter
from referrals.model import CompanyRecord, CompanyStatus, EmploymentRecord, PersonRecord, TieRecord

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[2]
PATH = ["p-rep", "p-vic", "p-pat"]
EXTRA = [f"p-extra-{n}" for n in range(5)]


@pytest.fixture
def world(graph):
    w = BulkWriter(graph)
    w.companies([CompanyRecord("c-us", "Northwind", status=CompanyStatus.OTHER),
                 CompanyRecord("c-open", "Openly", status=CompanyStatus.CLIENT, industry="software"),
                 CompanyRecord("c-target", "Targetco", status=CompanyStatus.PROSPECT, industry="software")])
    w.people([PersonRecord("p-rep", "Rita Rep", is_rep=True), PersonRecord("p-vic", "Vic Visible"),
              PersonRecord("p-pat", "Pat Prospect", title="VP Sales"),
              *(PersonRecord(pid, f"Extra {pid[-1]}") for pid in EXTRA)])
    w.employments([EmploymentRecord("p-rep", "c-us"), EmploymentRecord("p-vic", "c-open"),
                   EmploymentRecord("p-pat", "c-target")])
    w.ties([TieRecord("p-rep", "p-vic", 0.7), TieRecord("p-vic", "p-pat", 0.6)])
    graph.execute("MATCH (c:Company {id: 'c-open'}) SET c.connector_consent = 'opted_in'")
    return graph


@pytest.fixture
def serve(graph, neo4j_settings):
    """serve(**config) -> the base URL of the app, served by werkzeug on a free port."""
    from runtime.requests import close as close_app
    from server import create_app

    running = []

    def start(**config) -> str:
        app = create_app({"TESTING": True, "NEO4J": neo4j_settings, **config})
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        running.append((server, thread, app))
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server, thread, app in running:
        server.shutdown()
        thread.join(timeout=10)
        close_app(app)


def sdk(base_url: str, key: str) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=base_url, token=key, prefix="", auth_header_name="X-API-Key",
                               timeout=30.0)


def test_find_paths_then_request_the_introduction_then_the_409(world, serve, make_key):
    with sdk(serve(), make_key("write")["X-API-Key"]) as client:
        found = get_api_v1_referral_paths.sync(client=client, target="p-pat", limit=3)
        assert isinstance(found, PathsOut), found
        best = found.paths[0]
        assert [node.id for node in best.nodes] == PATH and best.usable
        assert best.explanation.summary and best.score > 0

        body = IntroductionIn(requester_id="p-rep", target_id="p-pat", path=[n.id for n in best.nodes],
                              note="From the SDK")
        created = post_api_v1_introductions.sync_detailed(client=client, body=body)
        assert created.status_code == HTTPStatus.CREATED, created.content
        intro = created.parsed  # typed: the spec documents the 201's body
        assert isinstance(intro, IntroductionOut), intro
        assert intro.referrer_id == "p-vic" and intro.status == "requested" and intro.path == PATH
        assert created.headers["ETag"]

        again = post_api_v1_introductions.sync_detailed(client=client, body=body)
        assert again.status_code == HTTPStatus.CONFLICT
        problem = again.parsed  # typed too: the 409 is documented as a problem
        assert isinstance(problem, Problem), again.content
        assert problem.status == 409 and problem["existing_id"] == intro.id, problem.to_dict()


def test_page_through_people(world, serve, make_key):
    seen, pages, cursor = [], 0, None
    with sdk(serve(), make_key("read")["X-API-Key"]) as client:
        while True:
            page = get_api_v1_people.sync(client=client, limit=3, cursor=cursor)
            assert isinstance(page, PersonPage), page
            seen += [person.id for person in page.items]
            pages += 1
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        bad = get_api_v1_people.sync_detailed(client=client, cursor="not-a-cursor")
    assert sorted(seen) == sorted(["p-rep", "p-vic", "p-pat", *EXTRA])  # each once, none lost
    assert pages == 3
    assert bad.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert isinstance(bad.parsed, Problem) and bad.parsed.errors[0]["pointer"] == "/cursor"


def test_the_rate_limit_is_a_typed_429_and_a_bad_key_a_401(world, serve, make_key):
    base = serve(RATE_LIMIT_PER_MINUTE=2)
    with sdk(base, make_key("read")["X-API-Key"]) as client:
        answers = [get_api_v1_people.sync_detailed(client=client, limit=1) for _ in range(3)]
    assert [a.status_code for a in answers] == [HTTPStatus.OK, HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS]
    limited = answers[-1]
    assert isinstance(limited.parsed, Problem) and limited.parsed.status == 429
    assert int(limited.headers["Retry-After"]) >= 1

    with sdk(base, "rk_0123456789ab_" + "x" * 24) as client:
        refused = get_api_v1_referral_paths.sync_detailed(client=client, target="p-pat")
    assert refused.status_code == HTTPStatus.UNAUTHORIZED
    assert isinstance(refused.parsed, Problem) and "not valid" in refused.parsed.detail


def test_the_committed_spec_is_the_live_one():
    """sdk/python is generated from sdk/openapi.json (`make sdk`): an API change without a
    regenerated SDK fails here, not in a partner's code."""
    sys.path.insert(0, str(ROOT / "sdk"))
    try:
        from dump_spec import spec
    finally:
        sys.path.pop(0)
    committed = json.loads((ROOT / "sdk" / "openapi.json").read_text(encoding="utf-8"))
    assert committed == spec(), "the API changed: run `make sdk` and commit sdk/"
