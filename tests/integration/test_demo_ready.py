"""`make demo` (issue #17): after `referrals seed --size demo` and `referrals demo-info`
the centrality is computed, the demo account manager's weekly list has asks in it, and
the learned ranking has enough outcomes to be warm and draw its reliability curve."""

from __future__ import annotations

import pytest

from cli.seed import DEMO_INTRODUCTIONS, load_network
from graph import calibration
from graph import users as user_store
from graph.centrality import centrality_state
from seed.generator import size_from_name
from services import demo, insights, weekly_asks
from services.context import Actor

pytestmark = pytest.mark.neo4j


def test_the_demo_is_ready_to_show(graph, ctx):
    load_network(graph, size_from_name("demo"), introductions=DEMO_INTRODUCTIONS)
    assert centrality_state(graph)["changed_since"]  # a seed asks for centrality
    prepared = demo.prepare(ctx)

    central = prepared["centrality"]
    assert central["ran"] and central["status"] == "done" and central["people"] == 2000
    state = centrality_state(graph)
    assert state["computed_at"] is not None and not state["changed_since"]
    spread = graph.query("MATCH (p:Person) RETURN count(DISTINCT p.pagerank_pct) AS values, "
                         "count(p.centrality_computed_at) AS computed")[0]
    assert spread["computed"] == 2000 and spread["values"] > 100  # real values, not the neutral 0.5
    assert not demo.prepare(ctx)["centrality"]["ran"]  # a second `make demo` finds it fresh

    user_id = user_store.user_id_for_email(graph, demo.DEMO_OWNER)
    am = ctx.as_actor(Actor(kind="user", id=user_id, name=demo.DEMO_OWNER, role="account_manager"))
    week = weekly_asks.weekly_asks(am)
    assert week["clients"] > 0 and len(week["asks"]) >= 5, week
    assert all(a["why_now"] and a["ask_request"]["method"] == "POST" for a in week["asks"])

    calibration._quality_cache.clear()
    quality = insights.calibration_quality(ctx)
    assert quality["status"] == "warm" and quality["outcomes"] >= 200, quality
    assert len(quality["bins"]) >= 3 and quality["applied_weight"] == 0.5
