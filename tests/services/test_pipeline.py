"""The weekly pipeline review use case on the real test Neo4j: thresholds from the rules
(or the caller), one requester or the team, and the page's extra facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from graph.bulk import BulkWriter
from referrals.model import TieRecord
from referrals.rules import Rules
from services import introductions, pipeline
from tests.workflow_data import PATH_ANN, PATH_BEN, T0, load_network

pytestmark = pytest.mark.neo4j


@pytest.fixture
def world(graph, ctx):
    load_network(graph)
    at = {"now": T0}
    return replace(ctx, clock=lambda: at["now"]), at


def _chased(ctx, path=PATH_ANN, touches=8):
    """An introduced introduction we chased `touches` times without a reply."""
    intro = introductions.request(ctx, requester_id=path[0], target_id=path[-1], path=path)
    introductions.move(ctx, intro["id"], "asked")
    introductions.move(ctx, intro["id"], "accepted")
    introductions.record_prospect_answer(ctx, intro["id"], "yes", channel="email")
    introductions.move(ctx, intro["id"], "introduced")
    for _ in range(touches):
        introductions.record_touch(ctx, intro["id"], direction="outbound", channel="email")
    return intro["id"]


def test_stale_and_one_way_come_with_a_qualify_out_action_naming_the_version(world):
    ctx, at = world
    chased = _chased(ctx)
    at["now"] = T0 + timedelta(weeks=6)
    body = pipeline.review(ctx)
    assert [f["item_id"] for f in body["stale"]] == [chased]
    assert [f["item_id"] for f in body["one_way"]] == [chased]
    action = body["stale"][0]["action"]
    assert action["method"] == "POST" and action["path"] == f"/api/v1/introductions/{chased}/transitions"
    assert action["body"]["to"] == "qualified_out" and action["body"]["version"] == 5
    assert body["settings"] == {"stale_after_days": 42, "one_way_touches": 8}
    # the action works as offered
    done = introductions.move(ctx, chased, action["body"]["to"], reason=action["body"]["reason"],
                              expected_version=action["body"]["version"])
    assert done["introduction"]["status"] == "qualified_out"


def test_thresholds_come_from_the_rules_unless_the_caller_names_them(world):
    ctx, at = world
    chased = _chased(ctx, touches=3)
    at["now"] = T0 + timedelta(weeks=6)
    assert pipeline.review(ctx)["one_way"] == []
    strict = replace(ctx, rules=Rules(stale_after_days=60, one_way_touches=3))
    body = pipeline.review(strict)
    assert [f["item_id"] for f in body["one_way"]] == [chased] and body["stale"] == []
    assert body["settings"] == {"stale_after_days": 60, "one_way_touches": 3}
    named = pipeline.review(strict, stale_after_days=30, one_way_touches=4)
    assert [f["item_id"] for f in named["stale"]] == [chased] and named["one_way"] == []
    # as_of: the review as of an earlier time
    assert pipeline.review(ctx, as_of=T0 + timedelta(days=1))["stale"] == []


def test_one_requesters_review_and_the_page_facts(world, graph):
    ctx, at = world
    BulkWriter(graph).ties([TieRecord("p-am", "p-ben", 0.8)])  # a second rep's own path
    early = introductions.request(ctx, requester_id="p-rep", target_id="p-tara", path=PATH_BEN)["id"]
    theirs = introductions.request(ctx, requester_id="p-am", target_id="p-tara",
                                   path=["p-am", "p-ben", "p-tara"])["id"]
    team = pipeline.review(ctx)
    assert sorted(team["early_interest"]["item_ids"]) == sorted([early, theirs])
    mine = pipeline.review(ctx, requester_id="p-rep")
    assert mine["early_interest"]["item_ids"] == [early]
    page = pipeline.review_page(ctx, requester_id="p-rep")
    assert page["review"]["early_interest"]["item_ids"] == [early]
    assert [i["id"] for i in page["early"]] == [early] and page["versions"] == {early: 1}
    assert page["titles"][early] == "Tara Target via Ben Bold"
    assert [i["id"] for i in page["recent"]] == [early]
