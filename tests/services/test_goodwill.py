"""Goodwill and ask-timing use cases on the real test Neo4j: the ledger, give-backs, what
an ask now would do per person (the client page), and the client's timing signals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from referrals.errors import Invalid, NotFound
from referrals.goodwill import GoodwillPolicy
from referrals.rules import Rules
from services import ask_timing, asks, goodwill
from services.context import Actor
from tests.workflow_data import T0, load_network

pytestmark = pytest.mark.neo4j

AM = Actor(kind="user", id="u-2", name="alex@us.example", role="account_manager", person_id="p-am")


@pytest.fixture
def world(graph, ctx):
    load_network(graph)
    at = {"now": T0}
    return replace(ctx, clock=lambda: at["now"], actor=AM), at


def _events(graph) -> int:
    return graph.query("MATCH (e:OutboxEvent) RETURN count(e) AS n")[0]["n"]


def test_a_give_back_moves_the_balance_and_is_on_the_ledger(world, graph):
    ctx, _at = world
    asks.ask(ctx, "c-acme", referrer_id="p-ann", account_manager_id="p-am")
    assert goodwill.ledger(ctx, "p-ann")["goodwill_balance"] == -1.0
    events = _events(graph)
    gave = goodwill.give_back(ctx, "p-ann", kind="case_study", note="their talk")
    assert gave["goodwill_balance"] == 0.0 and gave["entry"]["actor"] == AM.name
    assert gave["entry"]["at"] == T0.isoformat()  # at defaults to the context's clock
    assert _events(graph) == events  # no webhook event: partners mirror no give-backs
    earlier = T0 - timedelta(days=3)
    goodwill.give_back(ctx, "p-ann", kind="thanks", at=earlier, acting_for="Riley Rep")
    ledger = goodwill.ledger(ctx, "p-ann")
    assert ledger["goodwill_balance"] == 0.5 and ledger["asks_sent"] == 1
    assert [(g["kind"], g["actor"]) for g in ledger["gave"]] == [
        ("case_study", AM.name), ("thanks", AM.name)]  # a person is recorded as themselves
    with pytest.raises(Invalid) as bad:
        goodwill.give_back(ctx, "p-ann", kind="bribe")
    assert bad.value.field == "kind"
    with pytest.raises(NotFound):
        goodwill.give_back(ctx, "p-nobody", kind="thanks")
    with pytest.raises(NotFound):
        goodwill.ledger(ctx, "p-nobody")


def test_ask_states_say_send_merge_or_rest_with_the_teams_budget(world):
    ctx, at = world
    assert goodwill.ask_states(ctx, set()) == {}
    fresh = goodwill.ask_states(ctx, {"p-ann", "p-ben", "p-nobody"})
    assert set(fresh) == {"p-ann", "p-ben"}  # unknown people are left out
    assert fresh["p-ann"]["decision"] == "send" and fresh["p-ann"]["balance"] is None
    first = asks.ask(ctx, "c-acme", referrer_id="p-ann", account_manager_id="p-am")
    state = goodwill.ask_states(ctx, ["p-ann"])["p-ann"]
    assert state["decision"] == "merge" and state["asked_by"] == "p-am"
    assert state["asked_at"] == T0 and state["balance"] == -1.0
    asks.record_outcome(ctx, first["id"], "declined")
    at["now"] = T0 + timedelta(days=10)
    resting = goodwill.ask_states(ctx, ["p-ann"])["p-ann"]
    assert resting["decision"] == "cooldown" and resting["asks_in_window"] == 1
    assert resting["cooldown_until"] == (T0 + timedelta(days=30)).date()
    # the budget is the rules' (per context): two asks per window lets them be asked again
    generous = replace(ctx, rules=Rules(goodwill=GoodwillPolicy(asks_per_window=2)))
    assert goodwill.ask_states(generous, ["p-ann"])["p-ann"]["decision"] == "send"


def test_ask_timing_signals_are_set_cleared_and_checked(world, graph):
    ctx, _at = world
    assert ask_timing.get(ctx, "c-acme")["timing"]["good_moment"] is False
    events = _events(graph)
    renewal = T0.date() + timedelta(days=20)
    found = ask_timing.set_signals(ctx, "c-acme", {"renewal_on": renewal, "satisfaction": 0.9})
    assert found["renewal_on"] == renewal.isoformat() and found["satisfaction"] == 0.9
    assert found["timing"]["good_moment"] is True and found["timing"]["multiplier"] > 1
    assert _events(graph) == events  # no webhook event: the signals come from partners' systems
    cleared = ask_timing.set_signals(ctx, "c-acme", {"renewal_on": None})
    assert cleared["renewal_on"] is None and cleared["satisfaction"] == 0.9
    assert ask_timing.get(ctx, "c-acme") == cleared
    with pytest.raises(Invalid) as bad:
        ask_timing.set_signals(ctx, "c-acme", {"satisfaction": 1.5})
    assert bad.value.field == "satisfaction"
    with pytest.raises(Invalid) as unknown:
        ask_timing.set_signals(ctx, "c-acme", {"mood": "good"})
    assert unknown.value.field == "mood"
    with pytest.raises(NotFound):
        ask_timing.get(ctx, "c-nope")
    with pytest.raises(NotFound):
        ask_timing.set_signals(ctx, "c-nope", {"last_win_on": date(2026, 1, 1)})
