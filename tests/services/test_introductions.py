"""The introduction and referral-ask use cases on the real test Neo4j, as every entry point
calls them: the change, its rules and its events together."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from graph import outbox
from graph.webhooks import create_webhook
from referrals.errors import Conflict, Invalid, NotFound, StaleVersion
from referrals.rules import Rules
from services import asks, introductions
from services.context import Actor
from tests.workflow_data import PATH_ANN, PATH_BEN, T0, load_network

pytestmark = pytest.mark.neo4j

REP = Actor(kind="user", id="u-1", name="riley@us.example", role="rep", person_id="p-rep")


@pytest.fixture
def world(graph, ctx):
    load_network(graph)
    create_webhook(graph, "http://127.0.0.1:9/hook", ["*"])  # every event gets a delivery row
    return replace(ctx, clock=lambda: T0, actor=REP)


def events(graph) -> list[dict]:
    rows = graph.query("MATCH (e:OutboxEvent) RETURN e.body AS body ORDER BY e.created_at, e.id")
    return [json.loads(r["body"]) for r in rows]


def test_request_and_move_write_their_events_with_the_change(world, graph):
    intro = introductions.request(world, requester_id="p-rep", target_id="p-tara", path=PATH_ANN)
    assert intro["status"] == "requested" and intro["actor"] == REP.name
    moved = introductions.move(world, intro["id"], "asked", note="sent")
    assert moved["introduction"]["status"] == "asked"
    kinds = [e["type"] for e in events(graph)]
    assert sorted(kinds) == ["introduction.created", "introduction.status_changed", "referral_ask.created"]
    changed = next(e for e in events(graph) if e["type"] == "introduction.status_changed")["data"]
    assert (changed["from"], changed["to"], changed["actor"]) == ("requested", "asked", REP.name)
    assert changed["version"] == moved["introduction"]["version"]
    assert outbox.counts(graph)["pending"] == 3  # one delivery each for the one webhook


def test_a_refused_move_writes_nothing(world, graph):
    intro = introductions.request(world, requester_id="p-rep", target_id="p-tara", path=PATH_ANN)
    before = len(events(graph))
    with pytest.raises(Conflict) as refused:
        introductions.move(world, intro["id"], "won")
    assert refused.value.code == "illegal_transition" and "asked" in refused.value.details["allowed"]
    with pytest.raises(Invalid) as invalid:
        introductions.move(world, intro["id"], "sold")  # no such status
    assert invalid.value.field == "to"
    with pytest.raises(StaleVersion):
        introductions.move(world, intro["id"], "asked", expected_version=intro["version"] + 5)
    with pytest.raises(NotFound):
        introductions.move(world, "i-missing", "asked")
    assert len(events(graph)) == before
    assert introductions.get(world, intro["id"])["status"] == "requested"


def test_the_real_actor_is_recorded_whatever_name_is_given(world):
    # a signed-in person is recorded as themselves, never as a free-text name
    intro = introductions.request(world, requester_id="p-rep", target_id="p-tara", path=PATH_ANN,
                                  acting_for="Dana from the CRM")
    assert intro["actor"] == world.actor.name
    # a partner's tool (a key of no person) keeps its own name, with whom it acts for
    tool = world.as_actor(Actor(kind="key", id="k-crm", name="crm-sync", scope="write"))
    moved = introductions.move(tool, intro["id"], "asked", acting_for="Dana from the CRM")
    assert moved["event"]["actor"] == "crm-sync (for Dana from the CRM)"


def test_a_path_through_a_client_without_consent_is_refused_without_names(world, graph):
    graph.execute("MATCH (c:Company {id: 'c-acme'}) SET c.connector_consent = 'not_asked'")
    with pytest.raises(Conflict) as refused:
        introductions.request(world, requester_id="p-rep", target_id="p-tara", path=PATH_ANN)
    assert refused.value.code == "client_consent_required"
    assert "Ann" not in refused.value.message
    assert events(graph) == []


def test_a_prospects_no_declines_with_both_events(world, graph):
    intro = introductions.request(world, requester_id="p-rep", target_id="p-tara", path=PATH_ANN)
    introductions.move(world, intro["id"], "asked")
    result = introductions.record_prospect_answer(world, intro["id"], "no", channel="email")
    assert result["introduction"]["status"] == "declined"
    kinds = [e["type"] for e in events(graph)]
    assert kinds.count("introduction.prospect_consent") == 1
    assert sorted(e["data"]["to"] for e in events(graph) if e["type"] == "introduction.status_changed") == [
        "asked", "declined"]
    assert "referral_ask.outcome" in kinds  # the ask the move opened is closed as declined


def test_the_rules_come_from_the_context(world, graph):
    strict = replace(world, rules=replace(Rules(), asks_per_quarter=1))
    asks.ask(strict, "c-acme", referrer_id="p-ann", target_id="p-tara")
    later = replace(strict, clock=lambda: T0 + timedelta(days=40))  # past Ann's cooldown, same quarter
    with pytest.raises(Conflict) as held:
        asks.ask(later, "c-acme", referrer_id="p-ann", target_id="p-tara")
    assert held.value.code == "ask_fatigue" and held.value.details["max_per_quarter"] == 1
    assert asks.ask(replace(later, rules=Rules()), "c-acme", referrer_id="p-ann", target_id="p-tara")
    created = [e for e in events(graph) if e["type"] == "referral_ask.created"]
    assert len(created) == 2  # the held-back ask wrote no event


def test_an_ask_for_a_tracked_introduction_moves_it_and_says_so_once(world, graph):
    intro = introductions.request(world, requester_id="p-rep", target_id="p-tara", path=PATH_BEN)
    ask = asks.ask(world, "c-bolt", referrer_id="p-ben", introduction_id=intro["id"])
    assert ask["introduction_id"] == intro["id"]
    assert introductions.get(world, intro["id"])["status"] == "asked"
    kinds = [e["type"] for e in events(graph)]
    assert kinds.count("referral_ask.created") == 1 and kinds.count("introduction.status_changed") == 1


def test_an_outcome_fires_once(world, graph):
    ask = asks.ask(world, "c-acme", referrer_id="p-ann", target_id="p-tara")
    first = asks.record_outcome(world, ask["id"], "made_intro")
    again = asks.record_outcome(world, ask["id"], "made_intro")
    assert first["changed"] and not again["changed"]
    outcomes = [e for e in events(graph) if e["type"] == "referral_ask.outcome"]
    assert len(outcomes) == 1 and outcomes[0]["data"]["outcome"] == "made_intro"
    assert outcomes[0]["data"]["client_id"] == "c-acme"
