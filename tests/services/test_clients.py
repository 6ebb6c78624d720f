"""The account managers' client pages as use cases on the real test Neo4j: the list with
this quarter's asks, and one client's page (opportunities with each referrer's goodwill
state, recent asks, names, the ask-timing banner and signals)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from referrals.errors import NotFound
from services import ask_timing, asks, clients
from services.context import Actor
from tests.workflow_data import T0, load_network

pytestmark = pytest.mark.neo4j

AM = Actor(kind="user", id="u-2", name="alex@us.example", role="account_manager", person_id="p-am")


@pytest.fixture
def world(graph, ctx):
    load_network(graph)
    return replace(ctx, clock=lambda: T0, actor=AM)


def test_the_list_has_every_client_with_this_quarters_asks(world):
    asks.ask(world, "c-acme", referrer_id="p-ann", account_manager_id="p-am")
    listed = {c["id"]: c for c in clients.clients(world)}
    assert set(listed) == {"c-acme", "c-bolt"}
    assert listed["c-acme"]["asks_this_quarter"] == 1 and listed["c-bolt"]["asks_this_quarter"] == 0


def test_a_clients_page_before_and_after_an_ask(world):
    before = clients.page(world, "c-acme")
    assert before["client"]["name"] == "Acme" and before["error"] is None
    assert before["items"], "Ann can introduce us to Tara"
    item = before["items"][0]
    assert item["referrer"].id == "p-ann" and item["target"].id == "p-tara"
    assert item["goodwill"]["decision"] == "send" and "Ann" in item["ask"]
    assert before["asks"]["items"] == [] and before["timing"] is None
    assert before["signals"] == {"renewal_on": None, "satisfaction": None, "last_win_on": None}
    assert before["policy"] == world.rules.goodwill

    asks.ask(world, "c-acme", referrer_id="p-ann", target_id="p-tara", account_manager_id="p-am")
    ask_timing.set_signals(world, "c-acme", {"renewal_on": T0.date() + timedelta(days=20),
                                             "satisfaction": 0.9})
    after = clients.page(world, "c-acme")
    state = next(i for i in after["items"] if i["referrer"].id == "p-ann")["goodwill"]
    assert state["decision"] == "merge" and state["asked_by_name"] == "Alex Manager"
    assert [a["referrer_id"] for a in after["asks"]["items"]] == ["p-ann"]
    assert after["names"] == {"p-ann": "Ann Able", "p-tara": "Tara Target", "p-am": "Alex Manager"}
    assert after["timing"]["good_moment"] is True
    assert after["signals"]["satisfaction"] == 0.9


def test_a_page_for_a_company_that_is_not_a_client_says_why(world):
    page = clients.page(world, "c-tgt")
    assert page["items"] == [] and "not a client" in page["error"]
    with pytest.raises(NotFound):
        clients.page(world, "c-nope")


def test_names_leave_unknown_people_out(world):
    assert clients.names(world, {"p-ann", "p-nobody"}) == {"p-ann": "Ann Able"}
    assert clients.names(world, set()) == {}
