"""The referral-network insights use case on the real test Neo4j: "ideal fit" follows
the stored Ideal Client Profile, and each list is cut to the limit asked."""

from __future__ import annotations

from dataclasses import replace

import pytest

from referrals.icp import profile_to_dict
from services import icp, insights
from tests.workflow_data import T0, load_network

pytestmark = pytest.mark.neo4j


@pytest.fixture
def world(graph, ctx):
    load_network(graph)
    return replace(ctx, clock=lambda: T0)


def test_clients_reaching_ideal_prospects_are_listed(world):
    found = insights.referral_network(world)
    assert found["ideal_threshold"] == 0.7  # the built-in profile's
    assert found["totals"]["reps"] == 2
    assert {h["id"] for h in found["hubs"]} == {"c-acme", "c-bolt"}
    assert len(insights.referral_network(world, limit=1)["hubs"]) == 1


def test_ideal_fit_follows_the_stored_profile(world):
    stricter = {**profile_to_dict(icp.current(world)["profile"]), "ideal_threshold": 0.999}
    icp.replace(world, stricter)
    found = insights.referral_network(world)
    assert found["ideal_threshold"] == 0.999
    scores = {r["id"]: r["icp"] for r in world.graph.query(
        "MATCH (c:Company {status: 'prospect'}) RETURN c.id AS id, c.icp_score AS icp")}
    assert found["totals"]["ideal_prospect_companies"] == sum(s >= 0.999 for s in scores.values())
