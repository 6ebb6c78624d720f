"""The consent use cases on the real test Neo4j: a client's answer with its webhook
event (in the same transaction), and people's word on their own ties."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from referrals.errors import Invalid, NotFound
from services import consent
from services.context import Actor
from tests.workflow_data import PATH_ANN, T0, load_network

pytestmark = pytest.mark.neo4j

AM = Actor(kind="key", id="k-1", name="crm-sync", scope="admin")


@pytest.fixture
def world(graph, ctx):
    load_network(graph)  # Acme and Bolt are opted-in clients
    return replace(ctx, clock=lambda: T0, actor=AM)


def events(graph) -> list[dict]:
    rows = graph.query("MATCH (e:OutboxEvent) RETURN e.body AS body ORDER BY e.created_at, e.id")
    return [json.loads(r["body"]) for r in rows]


def test_a_clients_answer_is_stored_with_its_event(world, graph):
    assert consent.people_needing_consent(world, PATH_ANN) == []
    out = consent.set_consent(world, "c-acme", "declined", acting_for="Alex Manager")
    by = "crm-sync (for Alex Manager)"  # the key's name, and whom it says it acts for
    assert (out["connector_consent"], out["stored"], out["by"]) == ("declined", True, by)
    assert consent.get(world, "c-acme")["connector_consent"] == "declined"
    assert consent.people_needing_consent(world, PATH_ANN) == ["p-ann"]
    (event,) = events(graph)
    assert event["type"] == "client.consent_changed"
    assert event["data"] == {"company_id": "c-acme", "consent": "declined", "actor": by,
                             "at": T0.isoformat()}

    consent.set_consent(world, "c-acme", "opted_in")  # no one named: the key's name
    assert sorted(e["data"]["actor"] for e in events(graph)) == ["crm-sync", by]


def test_a_refused_answer_writes_nothing(world, graph):
    with pytest.raises(NotFound):
        consent.set_consent(world, "c-nope", "opted_in")
    with pytest.raises(Invalid) as invalid:
        consent.set_consent(world, "c-acme", "maybe")
    assert invalid.value.field == "connector_consent"
    with pytest.raises(NotFound):
        consent.get(world, "c-nope")
    assert events(graph) == []
    assert consent.get(world, "c-acme")["connector_consent"] == "opted_in"


def test_people_confirm_correct_and_hide_their_ties(world):
    hidden = consent.hide_tie(world, "p-ann", "p-tara", by="p-ann")
    assert hidden["hidden"] is True and hidden["confirmed_by"] == "p-ann"
    shown = consent.confirm_tie(world, "p-tara", "p-ann", "correct", strength=0.9)
    assert (shown["hidden"], shown["strength"], shown["inferred_strength"]) == (False, 0.9, 0.7)
    assert shown["confirmed_by"] == "crm-sync" and shown["confirmed_at"] == T0
    with pytest.raises(Invalid) as stranger:
        consent.confirm_tie(world, "p-ann", "p-tara", "confirm", by="p-ben")
    assert stranger.value.field == "by"
    with pytest.raises(Invalid) as no_strength:
        consent.confirm_tie(world, "p-ann", "p-tara", "correct")
    assert no_strength.value.field == "strength"
    with pytest.raises(NotFound):
        consent.confirm_tie(world, "p-ben", "p-gov", "confirm")
