"""The weekly ask list as a use case on the real test Neo4j (services/weekly_asks.py): the
owned clients' opportunities merged and ranked, a renewal moving a client's asks up, the
quarterly limit held with why, consent kept (counts only), and who may see whose list."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from graph.consent import set_consent
from graph.ownership import assign_owner
from graph.users import user_id_for_email
from referrals.errors import Forbidden, Invalid
from services import ask_timing, asks, users, weekly_asks
from services.context import Actor
from tests.workflow_data import T0, load_network

pytestmark = pytest.mark.neo4j

PASSWORD = "correct horse battery"


@pytest.fixture
def world(graph, ctx):
    load_network(graph)
    graph.execute("CREATE (:Person {id: 'p-boss', name: 'Sam Boss'})")
    for email, role, person in (("alex@us.example", "account_manager", "p-am"),
                                ("riley@us.example", "rep", "p-rep"),
                                ("sam@us.example", "sales_manager", "p-boss")):
        users.create_user(ctx, email=email, password=PASSWORD, role=role, person_id=person)
    for client in ("c-acme", "c-bolt"):
        assign_owner(graph, client, "alex@us.example", by="test", now=T0)
    base = replace(ctx, clock=lambda: T0)

    def as_(email: str, role: str, person: str):
        return replace(base, actor=Actor(kind="user", id=user_id_for_email(graph, email), name=email,
                                         role=role, person_id=person))

    return {"am": as_("alex@us.example", "account_manager", "p-am"),
            "rep": as_("riley@us.example", "rep", "p-rep"),
            "boss": as_("sam@us.example", "sales_manager", "p-boss"), "graph": graph}


def test_the_list_ranks_across_owned_clients_and_a_renewal_moves_a_client_up(world):
    am = world["am"]
    before = weekly_asks.weekly_asks(am)
    assert before["owner"]["email"] == "alex@us.example" and before["clients"] == 2
    # Ann (Acme) and Ben (Bolt) are alike and both know Tara: one ask for her, the tie broken by id
    assert [(a["client"]["id"], a["referrer"]["id"], a["target"]["id"]) for a in before["asks"]] == [
        ("c-acme", "p-ann", "p-tara")]
    row = before["asks"][0]
    assert row["rank"] == 1 and row["why_now"].startswith("No timing signal at Acme")
    assert "Ann" in row["ask"] and row["ask_request"] == {
        "method": "POST", "path": "/api/v1/clients/c-acme/referral-asks",
        "body": {"referrer_id": "p-ann", "target_id": "p-tara"}}

    ask_timing.set_signals(am, "c-bolt", {"renewal_on": T0.date() + timedelta(days=30)})
    after = weekly_asks.weekly_asks(am)
    first = after["asks"][0]
    assert (first["client"]["id"], first["referrer"]["id"]) == ("c-bolt", "p-ben")
    assert "renews in 30 days" in first["why_now"] and first["timing"]["multiplier"] == pytest.approx(1.15)
    assert first["weekly_score"] > row["weekly_score"]


def test_a_client_at_its_limit_waits_with_why_and_an_ask_from_the_list_counts(world):
    am = world["am"]
    for _ in range(3):
        world["graph"].execute(
            "CREATE (:ReferralAsk {id: randomUUID(), client_id: 'c-acme', referrer_id: 'p-dnc', "
            "asked_on: $day, asked_at: $at, outcome: 'declined'})", day=T0.date(), at=T0)
    plan = weekly_asks.weekly_asks(am)
    assert [a["client"]["id"] for a in plan["asks"]] == ["c-bolt"]
    assert any("Acme was asked 3 times this quarter" in h["reason"] for h in plan["held"])
    # the one click is the client page's ask (services/asks.py): it counts against Bolt now
    row = plan["asks"][0]
    asks.ask(am, row["client"]["id"], **row["ask_request"]["body"], account_manager_id="p-am")
    again = weekly_asks.weekly_asks(am)
    assert again["asks"] == [] or again["asks"][0]["goodwill"] == "merge"


def test_a_client_without_consent_is_counted_never_named(world):
    set_consent(world["graph"], "c-bolt", "not_asked", actor="test", now=datetime.now(UTC))
    world["graph"].execute("MATCH (c:Company {id: 'c-acme'}) SET c.status = 'prospect'")
    plan = weekly_asks.weekly_asks(world["am"])
    assert plan["asks"] == []
    # Tara, and Ann now that Acme is a prospect
    assert plan["waiting_for_consent"] == [{"client": {"id": "c-bolt", "name": "Bolt"}, "opportunities": 2}]
    assert "p-ben" not in repr(plan) and "Ben" not in repr(plan)


def test_who_sees_whose_list(world):
    with pytest.raises(Forbidden):
        weekly_asks.weekly_asks(world["rep"])
    with pytest.raises(Forbidden):  # an account manager sees only their own
        weekly_asks.weekly_asks(world["am"], "sam@us.example")
    assert weekly_asks.weekly_asks(world["am"], "alex@us.example")["clients"] == 2
    boss = world["boss"]
    assert weekly_asks.weekly_asks(boss)["clients"] == 0  # owns none
    assert weekly_asks.weekly_asks(boss, "Alex@us.example ")["asks"][0]["referrer"]["id"] == "p-ann"
    with pytest.raises(Invalid) as err:
        weekly_asks.weekly_asks(boss, "riley@us.example")  # a rep owns no clients
    assert err.value.field == "owner"
    with pytest.raises(Invalid):
        weekly_asks.weekly_asks(boss, "nobody@us.example")
    assert {o["email"] for o in weekly_asks.owners(boss)} == {"alex@us.example", "sam@us.example"}
