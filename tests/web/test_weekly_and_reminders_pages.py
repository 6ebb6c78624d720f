"""The pages of issue #17: "This week" with its one-click ask and a manager's choice of
whose list, and "Reminders" with dismiss and the thank-you's one click; names that are
markup are escaped."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from graph.ownership import assign_owner
from services import asks, reminders
from services.users import create_user
from tests.web.conftest import EVIL, PASSWORD

pytestmark = pytest.mark.neo4j


@pytest.fixture
def am_world(people, ctx):
    people.execute("CREATE (:Person {id: 'p-am', name: 'Alex Manager'}), "
                   "(:Person {id: 'p-boss', name: 'Sam'})")
    create_user(ctx, email="alex@example.com", password=PASSWORD, role="account_manager",
                person_id="p-am")
    create_user(ctx, email="sam@example.com", password=PASSWORD, role="sales_manager", person_id="p-boss")
    assign_owner(people, "c-acme", "alex@example.com", by="test", now=ctx.now())
    return people


def _signed_in(app, email: str):
    client = app.test_client()
    html = client.get("/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert client.post("/signin", data={"email": email, "password": PASSWORD,
                                        "csrf_token": token}).status_code == 302
    return client


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_this_week_lists_the_ask_and_one_click_asks(app, am_world, graph):
    client = _signed_in(app, "alex@example.com")
    html = client.get("/weekly").get_data(as_text=True)
    assert 'data-referrer="p-ref"' in html and "Carl Client" in html and "Why now:" in html
    assert EVIL not in html and "&lt;script&gt;" in html
    response = client.post("/weekly/asks", data={"csrf_token": _token(html), "client_id": "c-acme",
                                                 "referrer_id": "p-ref", "target_id": "p-evil"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/weekly#weekly-list")
    assert "Referral ask recorded" in client.get("/weekly").get_data(as_text=True)
    [ask] = graph.query("MATCH (a:ReferralAsk) RETURN a.referrer_id AS r, a.account_manager_id AS am")
    assert ask == {"r": "p-ref", "am": "p-am"}
    # a bad click says why, on the page
    client.post("/weekly/asks", data={"csrf_token": _token(html), "client_id": "c-acme",
                                      "referrer_id": "p-nope"})
    assert "The ask was not recorded" in client.get("/weekly").get_data(as_text=True)


def test_a_manager_chooses_whose_list(app, am_world):
    client = _signed_in(app, "sam@example.com")
    own = client.get("/weekly").get_data(as_text=True)
    assert "No clients owned" in own and '<option value="alex@example.com"' in own
    theirs = client.get("/weekly?owner=alex@example.com").get_data(as_text=True)
    assert "Carl Client" in theirs and "of alex@example.com" in theirs
    unknown = client.get("/weekly?owner=nobody@example.com")
    assert unknown.status_code == 200 and "No account manager, sales manager or admin signs in as" in \
        unknown.get_data(as_text=True)


def test_reminders_page_counts_dismisses_and_records_the_thanks(app, am_world, ctx):
    from dataclasses import replace

    from graph.users import user_id_for_email
    from services.context import Actor

    am = replace(ctx, actor=Actor(kind="user", id=user_id_for_email(am_world, "alex@example.com"),
                                  name="alex@example.com", role="account_manager", person_id="p-am"))
    first = asks.ask(am, "c-acme", referrer_id="p-ref", target_id="p-evil", account_manager_id="p-am")
    asks.record_outcome(am, first["id"], "made_intro")
    am_world.execute("CREATE (:ReferralAsk {id: 'ask-old', client_id: 'c-acme', referrer_id: 'p-ref', "
                     "account_manager_id: 'p-am', asked_at: $at, asked_on: date($at)})",
                     at=ctx.now() - timedelta(days=9))
    raised = reminders.tick(ctx)["raised"]
    assert raised["thank_you_due"] == 1 and raised["ask_unanswered"] == 1
    client = _signed_in(app, "alex@example.com")
    html = client.get("/reminders").get_data(as_text=True)
    assert 'aria-label="2 open"' in html and "Thank Carl Client for introducing" in html
    assert EVIL not in html
    ids = dict(re.findall(r'data-reminder="([^"]+)" data-kind="([^"]+)"', html))
    by_kind = {kind: rid for rid, kind in ids.items()}
    assert client.post(f"/reminders/{by_kind['ask_unanswered']}/dismiss",
                       data={"csrf_token": _token(html)}).status_code == 302
    client.post(f"/reminders/{by_kind['thank_you_due']}/thanks", data={"csrf_token": _token(html)})
    after = client.get("/reminders").get_data(as_text=True)
    assert "Thank-you recorded" in after and "Nothing due." in after and 'aria-label="' not in after.split(
        'id="nav-reminders"')[1].split("</a>")[0]
    # someone else's reminder is not theirs to dismiss
    rita = _signed_in(app, "rita@example.com")
    token = _token(rita.get("/reminders").get_data(as_text=True))
    assert rita.post(f"/reminders/{by_kind['thank_you_due']}/dismiss",
                     data={"csrf_token": token}).status_code == 404
