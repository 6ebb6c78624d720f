"""Issue #17 end to end over the API and the pages: the account manager's weekly list
names the ask, one call asks it, the introduction is made, `referrals tick` raises the
thank-you for the people involved (with its `reminder.raised` event), the pages count it in
the navigation, and recording the thank-you makes it disappear."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import timedelta

import pytest
from click.testing import CliRunner

from graph.keys import create_key
from graph.ownership import assign_owner
from graph.users import user_id_for_email
from services import reminders, users
from tests.workflow_data import T0, load_network

pytestmark = pytest.mark.neo4j

V1 = "/api/v1"
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def webhooks_idle(app):
    yield
    from runtime.requests import app_runtime

    app_runtime(app).drainer.drain(10)


def _sign_in(client, email: str) -> None:
    html = client.get("/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert client.post("/signin", data={"email": email, "password": PASSWORD,
                                        "csrf_token": token}).status_code == 302


def test_a_thank_you_due_appears_after_an_intro_is_made_and_disappears_when_recorded(app, client, graph, ctx):
    load_network(graph)
    clock = {"now": T0}
    app.config["REFERRALS_CLOCK"] = lambda: clock["now"]
    for email, role, person in (("alex@us.example", "account_manager", "p-am"),
                                ("riley@us.example", "rep", "p-rep")):
        users.create_user(ctx, email=email, password=PASSWORD, role=role, person_id=person)
    assign_owner(graph, "c-acme", "alex@us.example", by="test", now=T0)
    def key_for(email: str) -> dict[str, str]:
        return {"X-API-Key": create_key(graph, email, "write", user_id=user_id_for_email(graph, email))[1]}

    am, rep = key_for("alex@us.example"), key_for("riley@us.example")

    def call(method, path, body=None, key=am, status=(200, 201)):
        response = client.open(V1 + path, method=method, json=body, headers=key)
        assert response.status_code in status, (path, response.status_code, response.get_json())
        return response.get_json()

    # the weekly list: Ann at Acme (the client Alex owns) for Tara; a rep may not see one
    week = call("GET", "/weekly-asks")
    [row] = week["asks"]
    assert (row["client"]["id"], row["referrer"]["id"], row["target"]["id"]) == ("c-acme", "p-ann", "p-tara")
    assert row["why_now"] and row["reasons"]
    assert client.get(V1 + "/weekly-asks", headers=rep).status_code == 403
    # a paths:read key of Alex's reads the whole list (the opportunities are a paths:read view)
    narrow = {"X-API-Key": create_key(graph, "alex-paths", "paths:read",
                                      user_id=user_id_for_email(graph, "alex@us.example"))[1]}
    assert client.get(V1 + "/weekly-asks", headers=narrow).get_json()["asks"] == week["asks"]
    page = app.test_client()
    _sign_in(page, "alex@us.example")
    weekly = page.get("/weekly").get_data(as_text=True)
    assert "Why now:" in weekly and 'data-referrer="p-ann"' in weekly and "Ann Able" in weekly

    # the rep requests the intro, the account manager's one call asks Ann, the intro is made
    intro = call("POST", "/introductions", {"requester_id": "p-rep", "target_id": "p-tara",
                                            "path": ["p-rep", "p-ann", "p-tara"]}, key=rep)
    call(row["ask_request"]["method"], row["ask_request"]["path"].removeprefix(V1),
         {**row["ask_request"]["body"], "introduction_id": intro["id"], "account_manager_id": "p-am"})
    clock["now"] = T0 + timedelta(days=1)
    call("POST", f"/introductions/{intro['id']}/transitions", {"to": "accepted"}, key=rep)
    call("POST", f"/introductions/{intro['id']}/prospect-consent", {"answer": "yes", "channel": "call"},
         key=rep)
    made = call("POST", f"/introductions/{intro['id']}/transitions", {"to": "introduced"}, key=rep)
    assert made["ask"]["outcome"] == "made_intro"
    assert call("GET", "/reminders")["items"] == []  # nothing until the tick runs

    # the tick (as cron runs it) raises the thank-you for Alex (asked, owns Acme) and Riley (requested)
    tick_ctx = replace(ctx, clock=lambda: clock["now"])
    out = reminders.tick(tick_ctx)
    assert out["raised"]["thank_you_due"] == 2
    assert reminders.tick(tick_ctx)["already"] == 2  # a second run raises nothing
    [mine] = call("GET", "/reminders")["items"]
    assert mine["kind"] == "thank_you_due" and mine["due_on"] == (T0 + timedelta(days=3)).date().isoformat()
    assert mine["text"] == f"Thank Ann Able for introducing Tara Target (due {mine['due_on']})."
    assert [r["kind"] for r in call("GET", "/reminders", key=rep)["items"]] == ["thank_you_due"]
    events = [json.loads(r["body"]) for r in graph.query(
        "MATCH (e:OutboxEvent {type: 'reminder.raised'}) RETURN e.body AS body")]
    assert len(events) == 2 and {e["data"]["referrer_id"] for e in events} == {"p-ann"}

    # the pages: a count in the navigation and the reminder on /reminders
    html = page.get("/reminders").get_data(as_text=True)
    assert 'aria-label="1 open"' in html and "Thank Ann Able for introducing Tara Target" in html
    assert "This week" in html

    # recording the thank-you (the goodwill ledger, as the client page does) ends it at once
    call("POST", "/people/p-ann/goodwill", {"kind": "thanks", "note": "flowers"})
    assert call("GET", "/reminders")["items"] == []
    assert call("GET", "/reminders", key=rep)["items"] == []
    assert 'aria-label="1 open"' not in page.get("/reminders").get_data(as_text=True)
    assert reminders.tick(tick_ctx)["resolved"] == 2


def test_dismissing_over_the_api_and_the_tick_command(app, client, graph, ctx, monkeypatch):
    from cli import common
    from cli.main import cli

    load_network(graph)
    users.create_user(ctx, email="alex@us.example", password=PASSWORD, role="account_manager",
                      person_id="p-am")
    assign_owner(graph, "c-acme", "alex@us.example", by="test", now=T0)
    graph.execute("CREATE (:ReferralAsk {id: 'ask-1', client_id: 'c-acme', referrer_id: 'p-ann', "
                  "account_manager_id: 'p-am', asked_at: datetime() - duration({days: 10}), "
                  "asked_on: date() - duration({days: 10})})")
    monkeypatch.setattr(common, "context", lambda: replace(ctx, graph=_Unclosed(graph)))
    result = CliRunner().invoke(cli, ["tick", "--unanswered-after-days", "5"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Raised 1 reminders (1 ask unanswered); 0 already raised")
    again = CliRunner().invoke(cli, ["tick", "--json"])
    assert json.loads(again.output)["already"] == 1
    alex = user_id_for_email(graph, "alex@us.example")
    key = {"X-API-Key": create_key(graph, "alex", "people:read introductions:write", user_id=alex)[1]}
    [item] = client.get(V1 + "/reminders", headers=key).get_json()["items"]
    partner = {"X-API-Key": create_key(graph, "crm", "people:read introductions:write")[1]}
    assert client.get(V1 + "/reminders", headers=partner).get_json() == {"items": []}
    assert client.post(V1 + f"/reminders/{item['id']}/dismiss", headers=partner).status_code == 404
    # dismissing is a write: a read-only key of Alex's may list them, not dismiss one
    reader = {"X-API-Key": create_key(graph, "alex-read", "people:read", user_id=alex)[1]}
    assert client.post(V1 + f"/reminders/{item['id']}/dismiss", headers=reader).status_code == 403
    done = client.post(V1 + f"/reminders/{item['id']}/dismiss", headers=key)
    assert done.status_code == 200 and done.get_json()["status"] == "dismissed"
    assert client.get(V1 + "/reminders", headers=key).get_json() == {"items": []}


class _Unclosed:
    """The test's graph for the CLI, which closes its own when done."""

    def __init__(self, graph):
        self._graph = graph

    def close(self) -> None:
        pass

    def __getattr__(self, name):
        return getattr(self._graph, name)
