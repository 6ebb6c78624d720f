"""Issue 9 on the web pages: the prospect's answer (double opt-in) on the introduction
page, ask timing and the referrer's goodwill on the client page, the insights page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from services.users import create_user
from tests.web.conftest import EVIL, PASSWORD
from tests.web.test_web_security import csrf_token, sign_in

pytestmark = pytest.mark.neo4j

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def pinned(app):
    app.config["REFERRALS_CLOCK"] = lambda: NOW
    return app


def _request_intro(client) -> str:
    token = csrf_token(client, "/pipeline")
    response = client.post("/introductions", data={"path": "p-rep,p-ref,p-evil", "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def _move(client, url: str, to: str) -> str:
    html = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    response = client.post(url + "/transitions", data={"to": to, "version": version,
                                                       "csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    return client.get(url).get_data(as_text=True)


def test_double_opt_in_on_the_introduction_page(client, people, pinned):
    sign_in(client)
    url = _request_intro(client)
    html = client.get(url).get_data(as_text=True)
    assert 'id="consent-form"' not in html  # requested: nobody has asked the prospect yet
    html = _move(client, url, "asked")
    assert 'id="consent-form"' in html and "Introduced comes later" in html
    html = _move(client, url, "accepted")
    # introduced is shown but not offered, with the reason
    assert re.search(r'id="to-introduced" value="introduced" disabled', html)
    assert "has not said yes" in html and 'id="introduced-blocked"' in html
    # posting it anyway is refused with plain words, nothing moves
    html = _move(client, url, "introduced")
    assert "Not recorded: the prospect has not said yes yet" in html
    assert people.query("MATCH (i:Introduction) RETURN i.status AS s")[0]["s"] == "accepted"

    token = csrf_token(client, url)
    response = client.post(url + "/prospect-consent", data={
        "answer": "yes", "channel": "call", "consent_note": "Happy to talk in December",
        "csrf_token": token})
    assert response.status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "said yes" in html and "Prospect said yes" in html and "Phone call" in html
    assert "Happy to talk in December" in html
    assert re.search(r'id="to-introduced" value="introduced" required', html)
    assert 'id="introduced-blocked"' not in html
    html = _move(client, url, "introduced")
    assert "Recorded: Introduced" in html
    assert 'id="consent-form"' not in html  # names are shared: no answer to record any more
    assert "Prospect said yes" in html  # the answer stays in the timeline


def test_a_prospects_no_declines_the_introduction(client, people, pinned):
    sign_in(client)
    url = _request_intro(client)
    _move(client, url, "asked")
    response = client.post(url + "/prospect-consent", data={
        "answer": "no", "channel": "email", "consent_note": "Busy until spring",
        "csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "closed as declined" in html and "Prospect said no" in html
    assert "the prospect said no (email" in html and "Busy until spring" in html
    assert people.query("MATCH (i:Introduction) RETURN i.status AS s")[0]["s"] == "declined"


def test_consent_form_checks_its_fields_and_csrf(client, people, pinned):
    sign_in(client)
    url = _request_intro(client)
    _move(client, url, "asked")
    for data in ({"answer": "yes", "channel": "email"},
                 {"answer": "yes", "channel": "email", "csrf_token": "forged"}):
        assert client.post(url + "/prospect-consent", data=data).status_code == 400
    response = client.post(url + "/prospect-consent", data={"answer": "maybe", "channel": "email",
                                                            "csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    assert "Choose the prospect&#39;s answer" in client.get(url).get_data(as_text=True)
    response = client.post(url + "/prospect-consent", data={"answer": "yes", "channel": "pigeon",
                                                            "csrf_token": csrf_token(client, url)})
    assert "Choose how the prospect answered" in client.get(url).get_data(as_text=True)
    assert people.query("MATCH (c:ProspectConsent) RETURN count(c) AS n")[0]["n"] == 0
    # escaped: a note with markup is shown as text
    client.post(url + "/prospect-consent", data={"answer": "yes", "channel": "email", "consent_note": EVIL,
                                                 "csrf_token": csrf_token(client, url)})
    html = client.get(url).get_data(as_text=True)
    assert EVIL not in html and "&lt;script&gt;alert" in html
    # the signed-out browser is sent to sign in, nothing stored
    client.post("/signout", data={"csrf_token": csrf_token(client, "/")})
    response = client.post(url + "/prospect-consent", data={"answer": "no", "channel": "email"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/signin")


def test_client_page_shows_ask_timing_and_goodwill(client, people, ctx, pinned):
    people.execute("MATCH (c:Company {id: 'c-acme'}) SET c.renewal_on = $renewal, c.satisfaction = 0.9",
                   renewal=date(2026, 11, 30))
    people.execute("CREATE (:Person {id: 'p-am2', name: 'Ava Manager'})")
    create_user(ctx, email="am@example.com", password=PASSWORD, role="account_manager", person_id="p-am2")
    sign_in(client, "am@example.com")
    html = client.get("/clients/c-acme").get_data(as_text=True)
    assert 'id="ask-timing"' in html and "Good moment to ask Acme" in html
    assert "renews in 28 days (2026-11-30)" in html and "satisfaction 90%" in html
    assert 'data-goodwill=' not in html  # nobody asked Carl yet

    def ask():
        return client.post("/clients/c-acme/asks", data={"referrer_id": "p-ref", "target_id": "p-evil",
                                                         "csrf_token": csrf_token(client, "/clients/c-acme")})

    assert ask().status_code == 302
    html = client.get("/clients/c-acme").get_data(as_text=True)
    assert "Referral ask recorded" in html
    assert 'data-goodwill="merge"' in html and "Already asked by Ava Manager" in html
    # a second ask the same week joins the first: said in plain words, nothing new sent
    assert ask().status_code == 302
    html = client.get("/clients/c-acme").get_data(as_text=True)
    assert "Not sent again: Carl Client was already asked by Ava Manager" in html
    assert people.query("MATCH (a:ReferralAsk) RETURN count(a) AS n")[0]["n"] == 1
    assert people.query("MATCH (m:MergedAsk) RETURN count(m) AS n")[0]["n"] == 1
    # answered, then asked again the same month: the person rests (budget shared by the team)
    people.execute("MATCH (a:ReferralAsk) SET a.outcome = 'declined', a.outcome_at = $now", now=NOW)
    html = client.get("/clients/c-acme").get_data(as_text=True)
    assert 'data-goodwill="cooldown"' in html and "Resting until 2 Dec 2026" in html
    assert ask().status_code == 302
    html = client.get("/clients/c-acme").get_data(as_text=True)
    assert "Ask held back: let them rest." in html
    assert "Carl Client was asked 1 time in the last 30 days" in html and "2 Dec 2026" in html
    assert people.query("MATCH (a:ReferralAsk) RETURN count(a) AS n")[0]["n"] == 1


def test_client_page_without_timing_signals(client, people, pinned):
    sign_in(client)
    html = client.get("/clients/c-acme").get_data(as_text=True)
    assert 'id="ask-timing"' not in html
    people.execute("MATCH (c:Company {id: 'c-acme'}) SET c.renewal_on = $old",
                   old=NOW.date() - timedelta(days=90))
    assert 'id="ask-timing"' not in client.get("/clients/c-acme").get_data(as_text=True)


def test_insights_page(client, people, pinned):
    assert client.get("/insights").status_code == 302  # sign-in first
    sign_in(client)
    response = client.get("/insights")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'href="/insights" aria-current="page"' in html  # in the nav
    assert "Referral network insights" in html and 'id="insights-totals"' in html
    assert 'id="hubs-table"' in html and "Acme" in html  # Carl knows the ideal-fit prospect
    assert EVIL not in html  # the prospect company's name is markup: escaped
    assert 'id="spof-table"' in html and "Carl Client" in html  # the only way into it
    assert "&lt;script&gt;alert" in html


def test_insights_page_empty_and_error_states(client, graph, ctx, monkeypatch, pinned):
    graph.execute("CREATE (:Person {id: 'p-solo', name: 'Solo'})")
    create_user(ctx, email="solo@example.com", password=PASSWORD, role="rep", person_id="p-solo")
    sign_in(client, "solo@example.com")
    html = client.get("/insights").get_data(as_text=True)
    assert 'id="insights-empty"' in html and "Nothing to measure yet" in html

    def broken(*_a, **_k):
        raise RuntimeError("boom")

    monkeypatch.setattr("graph.insights.referral_network", broken)
    response = client.get("/insights")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="insights-error"' in html and "could not be computed" in html and "boom" not in html


def test_give_backs_are_recorded_from_the_client_page(client, people, pinned):
    sign_in(client)
    html = client.get("/clients/c-acme").get_data(as_text=True)
    assert "Record a give-back to Carl Client" in html and 'value="referral_sent"' in html

    def give(**data):
        return client.post("/clients/c-acme/give-backs",
                           data={"person_id": "p-ref", "csrf_token": csrf_token(client, "/clients/c-acme"),
                                 **data})

    response = give(kind="referral_sent", note=EVIL)
    assert response.status_code == 302 and response.headers["Location"].endswith("/clients/c-acme#opp-list")
    html = client.get("/clients/c-acme").get_data(as_text=True)
    assert "Recorded what we gave Carl Client. Their goodwill balance is now +2 (in credit)." in html
    assert 'data-goodwill="send"' in html and "Goodwill in credit" in html  # the ledger is read back
    stored = people.query("MATCH (g:Goodwill)-[:GAVE_TO]->(:Person {id: 'p-ref'}) "
                          "RETURN g.kind AS kind, g.note AS note, g.actor AS actor")
    assert stored == [{"kind": "referral_sent", "note": EVIL, "actor": "rita@example.com"}]
    # a kind that is not on the list: said in plain words, nothing stored
    give(kind="bribe")
    assert "The give-back was not recorded" in client.get("/clients/c-acme").get_data(as_text=True)
    assert people.query("MATCH (g:Goodwill) RETURN count(g) AS n")[0]["n"] == 1
    assert client.post("/clients/c-acme/give-backs", data={
        "person_id": "p-nobody", "kind": "thanks",
        "csrf_token": csrf_token(client, "/clients/c-acme")}).status_code == 404


def test_ask_timing_is_set_and_cleared_from_the_client_page(client, people, pinned):
    sign_in(client)

    def save(**data):
        return client.post("/clients/c-acme/ask-timing",
                           data={"csrf_token": csrf_token(client, "/clients/c-acme"), **data})

    def stored():
        return people.query("MATCH (c:Company {id: 'c-acme'}) RETURN c.renewal_on AS renewal, "
                            "c.satisfaction AS satisfaction, c.last_win_on AS win")[0]

    assert save(renewal_on="2026-11-30", satisfaction="90", last_win_on="").status_code == 302
    html = client.get("/clients/c-acme").get_data(as_text=True)
    assert "Ask-timing signals saved." in html and "Good moment to ask Acme" in html
    assert 'value="2026-11-30"' in html and 'name="satisfaction" min="0" max="100" step="1"\n' \
           '           value="90"' in html
    row = stored()
    assert row["renewal"].to_native() == date(2026, 11, 30) and row["satisfaction"] == 0.9
    assert row["win"] is None
    # bad values are refused whole, naming the field; what was stored stays
    for data, said in (({"renewal_on": "30/11/2026", "satisfaction": "90"}, "Renewal date: enter a date"),
                       ({"renewal_on": "2026-11-30", "satisfaction": "150"}, "Satisfaction: enter a")):
        save(**data)
        assert said in client.get("/clients/c-acme").get_data(as_text=True)
        assert stored()["satisfaction"] == 0.9
    # empty fields clear the signals: no good moment any more
    save(renewal_on="", satisfaction="", last_win_on="")
    html = client.get("/clients/c-acme").get_data(as_text=True)
    assert 'id="ask-timing"' not in html
    assert stored() == {"renewal": None, "satisfaction": None, "win": None}
    assert save(satisfaction="50").status_code == 302  # a client that does not exist is a 404
    assert client.post("/clients/c-nobody/ask-timing", data={
        "satisfaction": "50", "csrf_token": csrf_token(client, "/clients/c-acme")}).status_code == 404
