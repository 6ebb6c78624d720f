"""Reminders on the real test Neo4j (services/reminders.py): the tick raises each reminder
once, even from several threads at once, with one `reminder.raised` event each; what is
done goes away; each person reads and dismisses only their own; nobody hidden is named."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from graph.consent import set_consent
from graph.ownership import assign_owner
from graph.users import user_id_for_email
from referrals.errors import Forbidden, Invalid, NotFound
from services import asks, goodwill, introductions, reminders, users
from services.context import Actor
from tests.concurrency import at_once
from tests.workflow_data import PATH_ANN, T0, load_network

pytestmark = pytest.mark.neo4j

PASSWORD = "correct horse battery"


@pytest.fixture
def world(graph, ctx):
    load_network(graph)
    for email, role, person in (("alex@us.example", "account_manager", "p-am"),
                                ("riley@us.example", "rep", "p-rep")):
        users.create_user(ctx, email=email, password=PASSWORD, role=role, person_id=person)
    assign_owner(graph, "c-acme", "alex@us.example", by="test", now=T0)
    clock = {"now": T0}
    base = replace(ctx, clock=lambda: clock["now"])

    def as_(email: str, role: str, person: str):
        return replace(base, actor=Actor(kind="user", id=user_id_for_email(graph, email), name=email,
                                         role=role, person_id=person))

    def at(days: float) -> None:
        clock["now"] = T0 + timedelta(days=days)

    return {"system": base, "am": as_("alex@us.example", "account_manager", "p-am"),
            "rep": as_("riley@us.example", "rep", "p-rep"), "graph": graph, "at": at}


def _events(graph) -> list[dict]:
    return graph.query("MATCH (e:OutboxEvent {type: 'reminder.raised'}) RETURN e.body AS body")


def test_an_unanswered_ask_is_raised_once_after_the_wait_and_ends_with_its_outcome(world):
    am, system, graph = world["am"], world["system"], world["graph"]
    ask = asks.ask(am, "c-acme", referrer_id="p-ann", target_id="p-tara", account_manager_id="p-am")
    world["at"](6)
    assert reminders.tick(system)["raised"]["ask_unanswered"] == 0
    world["at"](8)
    out = reminders.tick(system)
    # Alex asked and owns Acme: one reminder
    assert out["raised"]["ask_unanswered"] == 1 and out["unanswered_after_days"] == 7
    again = reminders.tick(system)
    assert sum(again["raised"].values()) == 0 and again["already"] == 1
    assert len(_events(graph)) == 1
    [reminder] = reminders.mine(am)
    assert reminder["kind"] == "ask_unanswered" and reminder["client_name"] == "Acme"
    assert reminder["text"].startswith("Ann Able has not answered the ask about Tara Target")
    assert reminders.count(am) == 1 and reminders.mine(world["rep"]) == []
    assert reminders.tick(system, unanswered_after_days=30)["resolved"] == 1  # a longer wait: not due
    reminders.tick(system)
    assert reminders.count(am) == 0  # a new run id finds the resolved one: it stays resolved
    asks.record_outcome(am, ask["id"], "no_answer")
    assert reminders.mine(am) == []


def test_concurrent_ticks_raise_each_reminder_once(world):
    asks.ask(world["am"], "c-acme", referrer_id="p-ann", target_id="p-tara", account_manager_id="p-am")
    world["at"](10)
    results, errors = at_once(lambda _i: reminders.tick(world["system"]), 4)
    assert errors == []
    assert sum(r["raised"]["ask_unanswered"] for r in results) == 1
    assert world["graph"].query("MATCH (r:Reminder) RETURN count(r) AS n")[0]["n"] == 1
    assert len(_events(world["graph"])) == 1


def test_a_meeting_without_a_next_step_reminds_the_requester(world):
    rep, system = world["rep"], world["system"]
    intro = introductions.request(rep, requester_id="p-rep", target_id="p-tara", path=PATH_ANN)
    graph = world["graph"]
    # straight to a meeting with no next step (the moves themselves are tested elsewhere)
    graph.execute("MATCH (i:Introduction {id: $id}) SET i.status = 'meeting_held', "
                  "i.last_transition_at = $at, i.version = 7", id=intro["id"], at=T0)
    out = reminders.tick(system)
    assert out["raised"]["no_next_step"] == 1
    [reminder] = reminders.mine(rep)
    assert reminder["introduction_id"] == intro["id"] and "no next step" in reminder["text"]
    assert reminders.mine(world["am"]) == []
    # stale after the review's six weeks: a second reminder for the same version
    world["at"](43)
    assert reminders.tick(system)["raised"]["stale"] == 1
    # the introduction moves on (a new version): both end, at once
    graph.execute("MATCH (i:Introduction {id: $id}) SET i.version = 8", id=intro["id"])
    assert reminders.mine(rep) == []


def test_each_person_dismisses_only_their_own(world):
    asks.ask(world["am"], "c-acme", referrer_id="p-ann", target_id="p-tara", account_manager_id="p-am")
    world["at"](9)
    reminders.tick(world["system"])
    [reminder] = reminders.mine(world["am"])
    with pytest.raises(NotFound):
        reminders.dismiss(world["rep"], reminder["id"])
    assert reminders.dismiss(world["am"], reminder["id"])["status"] == "dismissed"
    assert reminders.mine(world["am"]) == []
    assert sum(reminders.tick(world["system"])["raised"].values()) == 0  # dismissed stays dismissed
    with pytest.raises(NotFound):
        reminders.dismiss(world["am"], "rem-nope")


def test_the_tick_is_a_job_and_a_bad_wait_is_refused(world):
    with pytest.raises(Forbidden):
        reminders.tick(world["am"])
    with pytest.raises(Invalid) as err:
        reminders.tick(world["system"], unanswered_after_days=0)
    assert err.value.field == "unanswered_after_days"
    assert reminders.mine(world["system"]) == [] and reminders.count(world["system"]) == 0


def test_a_thank_you_names_nobody_hidden_by_consent(world):
    am, system, graph = world["am"], world["system"], world["graph"]
    ask = asks.ask(am, "c-acme", referrer_id="p-ann", target_id="p-tara", account_manager_id="p-am")
    asks.record_outcome(am, ask["id"], "made_intro")
    set_consent(graph, "c-acme", "declined", actor="test", now=datetime.now(UTC))
    out = reminders.tick(system)
    assert out["raised"]["thank_you_due"] == 1
    [reminder] = reminders.mine(am)
    assert reminder["referrer_id"] is None and "Ann" not in reminder["text"]
    assert reminder["text"].startswith("Thank someone at a client for introducing Tara Target")
    [event] = _events(graph)
    assert '"referrer_id":null' in event["body"] and "p-ann" not in event["body"]
    with pytest.raises(NotFound):  # the one click needs a person it may name
        reminders.record_thanks(am, reminder["id"])
    set_consent(graph, "c-acme", "opted_in", actor="test", now=datetime.now(UTC))
    reminders.record_thanks(am, reminder["id"])
    assert reminders.mine(am) == []
    assert goodwill.ledger(am, "p-ann")["goodwill_balance"] is not None
