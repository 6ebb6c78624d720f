"""The MCP server (assistant/, docs/mcp.md) through the MCP SDK's own client, in process,
against the real test database: its tools, the same API keys and scopes as the API, and
the consent rule (a client that has not opted in has its people hidden).

The network: our rep Rita reaches Pat through Vic at Openly (a client that opted in) and
Tara only through Hank at Hushwell (a client that never did).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import anyio
import pytest
from mcp import Client, StdioServerParameters

from assistant import TOOLS, build_server
from graph.bulk import BulkWriter
from graph.keys import create_key, revoke_key
from referrals.model import CompanyRecord, CompanyStatus, EmploymentRecord, PersonRecord, TieRecord
from tests.conftest import SETTINGS

pytestmark = pytest.mark.neo4j

HANK = "p-hidden-hank"
SECRETS = (HANK, "Hank Hollow", "hank@hushwell.example", "Keeper of Secrets")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world(graph):
    w = BulkWriter(graph)
    w.companies([
        CompanyRecord("c-us", "Northwind", status=CompanyStatus.OTHER),
        CompanyRecord("c-hush", "Hushwell", domain="hushwell.example", status=CompanyStatus.CLIENT,
                      industry="software", employees=800, region="EMEA", health=0.9),
        CompanyRecord("c-open", "Openly", domain="openly.example", status=CompanyStatus.CLIENT,
                      industry="software", employees=300, region="EMEA", health=0.8),
        CompanyRecord("c-target", "Targetco", domain="targetco.example", status=CompanyStatus.PROSPECT,
                      industry="software", employees=1500, region="EMEA"),
    ])
    w.people([
        PersonRecord("p-rep", "Rita Rep", email="rita@northwind.example", is_rep=True),
        PersonRecord(HANK, "Hank Hollow", email="hank@hushwell.example", title="Keeper of Secrets"),
        PersonRecord("p-tara", "Tara Target", email="tara@targetco.example", title="CFO"),
        PersonRecord("p-vic", "Vic Visible", email="vic@openly.example"),
        PersonRecord("p-pat", "Pat Prospect", email="pat@targetco.example", title="VP Sales"),
    ])
    w.employments([EmploymentRecord("p-rep", "c-us"), EmploymentRecord(HANK, "c-hush"),
                   EmploymentRecord("p-tara", "c-target"), EmploymentRecord("p-vic", "c-open"),
                   EmploymentRecord("p-pat", "c-target")])
    w.ties([TieRecord("p-rep", HANK, 0.8), TieRecord(HANK, "p-tara", 0.8),
            TieRecord("p-rep", "p-vic", 0.7), TieRecord("p-vic", "p-pat", 0.6)])
    graph.execute("MATCH (c:Company {id: 'c-open'}) SET c.connector_consent = 'opted_in'")
    return graph


@pytest.fixture
def key(graph):
    def make(*scopes: str) -> str:
        _record, plaintext = create_key(graph, "assistant", list(scopes))
        return plaintext
    return make


@pytest.fixture
def settings(neo4j_settings):
    return SETTINGS.with_changes(neo4j=neo4j_settings)


def call(server, tool: str, arguments: dict | None = None):
    async def go():
        async with Client(server) as client:
            return await client.call_tool(tool, arguments or {})
    return anyio.run(go)


def text(result) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "text", None))


def answer(result) -> dict:
    assert not result.is_error, text(result)
    return result.structured_content if result.structured_content is not None else json.loads(text(result))


def test_the_tools_are_listed_with_their_inputs(world, key, settings, graph):
    server = build_server(key("paths:read"), settings=settings, graph=graph)

    async def go():
        async with Client(server) as client:
            return await client.list_tools()
    tools = {tool.name: tool for tool in anyio.run(go).tools}
    assert set(tools) == set(TOOLS) == {"search_directory", "find_paths", "request_introduction",
                                        "weekly_asks", "pipeline_review"}
    assert tools["find_paths"].input_schema["required"] == ["target"]
    assert tools["request_introduction"].input_schema["properties"]["path"]["type"] == "array"


def test_find_paths_to_a_person_and_to_a_company(world, key, settings, graph):
    server = build_server(key("paths:read"), settings=settings, graph=graph)
    found = answer(call(server, "find_paths", {"target": "p-pat"}))
    best = found["paths"][0]
    assert [node["id"] for node in best["nodes"]] == ["p-rep", "p-vic", "p-pat"]
    assert best["usable"] and best["explanation"]["summary"]

    company = answer(call(server, "find_paths", {"target": "c-target", "from_rep": "p-rep"}))
    assert company["considered"]["employees"] == 2
    assert "p-pat" in {node["id"] for path in company["paths"] for node in path["nodes"]}


def test_a_client_that_has_not_opted_in_stays_hidden(world, key, settings, graph):
    server = build_server(key("paths:read", "people:read"), settings=settings, graph=graph)
    to_tara = call(server, "find_paths", {"target": "p-tara"})
    found = answer(to_tara)
    assert found["paths"], "the path through Hushwell is shown, counts-only"
    assert all(path["counts_only"] and not path["usable"] for path in found["paths"])
    hidden_node = found["paths"][0]["nodes"][1]
    assert hidden_node["hidden"] and hidden_node["id"] is None
    for result in (to_tara, call(server, "search_directory", {"query": "Hank"}),
                   call(server, "search_directory", {"query": "hank@hushwell.example"})):
        assert not result.is_error, text(result)
        for secret in SECRETS:
            assert secret not in text(result) and secret not in json.dumps(result.structured_content)
    # asked for by id, the hidden person reads as unknown
    by_id = call(server, "find_paths", {"target": HANK})
    assert by_id.is_error and text(by_id).startswith("Error executing tool find_paths: 404")


def test_a_key_without_the_scope_is_refused(world, key, settings, graph):
    reader = build_server(key("paths:read"), settings=settings, graph=graph)
    refused = call(reader, "request_introduction",
                   {"requester_id": "p-rep", "target_id": "p-pat", "path": ["p-rep", "p-vic", "p-pat"]})
    assert refused.is_error
    assert "403" in text(refused) and "'introductions:write'" in text(refused)
    assert "403" in text(call(reader, "pipeline_review"))  # people:read
    people_reader = build_server(key("people:read"), settings=settings, graph=graph)
    for tool, args in (("find_paths", {"target": "p-pat"}), ("weekly_asks", {})):
        refused = call(people_reader, tool, args)
        assert refused.is_error and "403" in text(refused) and "'paths:read'" in text(refused)
    assert graph.execute("MATCH (i:Introduction) RETURN count(i) AS n")[0]["n"] == 0


def test_request_an_introduction_then_the_same_again_is_a_409(world, key, settings, graph):
    writer = build_server(key("paths:read", "introductions:write"), settings=settings, graph=graph)
    args = {"requester_id": "p-rep", "target_id": "p-pat", "path": ["p-rep", "p-vic", "p-pat"],
            "note": "Met Vic at the summit"}
    created = answer(call(writer, "request_introduction", args))
    assert created["status"] == "requested" and created["referrer_id"] == "p-vic"
    again = call(writer, "request_introduction", args)
    assert again.is_error and "409" in text(again) and created["id"] in text(again)
    # through the hidden client: refused, and no one named
    hidden = call(writer, "request_introduction",
                  {"requester_id": "p-rep", "target_id": "p-tara", "path": ["p-rep", HANK, "p-tara"]})
    assert hidden.is_error and "client_consent_required" in text(hidden)
    assert "Hank" not in text(hidden)


def test_pipeline_review_and_weekly_asks(world, key, settings, graph):
    admin = build_server(key("admin"), settings=settings, graph=graph)
    answer(call(admin, "request_introduction",
                {"requester_id": "p-rep", "target_id": "p-pat", "path": ["p-rep", "p-vic", "p-pat"]}))
    review = answer(call(admin, "pipeline_review"))
    assert review["early_interest"]["count"] == 1, review
    # a partner's key belongs to no one: whose weekly list must be said (422 naming the field)
    weekly = call(admin, "weekly_asks")
    assert weekly.is_error and "422" in text(weekly) and "field: owner" in text(weekly)


def test_bad_keys_and_bad_input(world, key, settings, graph):
    assert "401 The API key is malformed" in text(call(build_server("nope", settings=settings, graph=graph),
                                                       "find_paths", {"target": "p-pat"}))
    record, plaintext = create_key(graph, "assistant", ["paths:read"])
    server = build_server(plaintext, settings=settings, graph=graph)
    assert not call(server, "find_paths", {"target": "p-pat"}).is_error
    revoke_key(graph, record["id"])
    revoked = call(server, "find_paths", {"target": "p-pat"})
    assert revoked.is_error and "revoked" in text(revoked)  # at once: no cache
    too_far = call(build_server(key("paths:read"), settings=settings, graph=graph),
                   "find_paths", {"target": "p-pat", "max_hops": 9})
    assert too_far.is_error and "max_hops" in text(too_far)
    for result in (revoked, too_far):
        assert plaintext not in text(result)


def test_referrals_mcp_serves_on_stdio(world, key, neo4j_settings):
    """The CLI command, as an assistant's client starts it: a subprocess on stdio."""
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri, "NEO4J_PASSWORD": neo4j_settings.password,
           "REFERRALS_API_KEY": key("paths:read")}
    params = StdioServerParameters(command=str(Path(sys.executable).with_name("referrals")), args=["mcp"],
                                   env=env, cwd=str(ROOT))

    async def go():
        async with Client(params) as client:
            return await client.call_tool("find_paths", {"target": "p-pat"})
    found = answer(anyio.run(go))
    assert [node["id"] for node in found["paths"][0]["nodes"]] == ["p-rep", "p-vic", "p-pat"]
    # without a key it says so and stops
    env.pop("REFERRALS_API_KEY")
    done = subprocess.run([str(Path(sys.executable).with_name("referrals")), "mcp"], env=env,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode != 0 and "REFERRALS_API_KEY" in done.stderr
