"""The web app in a real browser: a rep finds an intro and requests it, an account manager
asks a client for a referral, and the pipeline review qualifies an item out."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_in

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]


def test_sign_in_page_and_wrong_password(page, live_server, shot, csp_violations):
    page.goto(live_server + "/pipeline")
    expect(page).to_have_url(re.compile(r"/signin\?next=/pipeline"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    shot("01-signin")
    page.get_by_label("Email").fill("rep@browser.test")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    shot("02-signin-error")
    assert csp_violations == []


def test_rep_finds_paths_requests_intro_and_sees_it_in_pipeline(page, live_server, demo_users,
                                                                path_target, shot, csp_violations):
    sign_in(page, live_server, demo_users["rep"]["email"])
    expect(page.get_by_role("heading", name="Find an intro")).to_be_visible()
    shot("03-find-empty")

    # autocomplete: type part of the name, pick the person with the keyboard
    box = page.get_by_role("combobox", name="Person or company")
    first, last = path_target["name"].split()
    box.type(f"{first} {last[:3]}", delay=20)
    option = page.get_by_role("option").filter(has_text=path_target["name"]).first
    expect(option).to_be_visible()
    shot("04-find-autocomplete")
    options = page.get_by_role("option")
    index = next(i for i in range(options.count()) if path_target["name"] in options.nth(i).inner_text())
    for _ in range(index + 1):
        box.press("ArrowDown")
    box.press("Enter")

    page.wait_for_url(re.compile(r"target=" + path_target["id"]))
    items = page.locator("#path-list > li.path")
    expect(items.first).to_be_visible()
    count = items.count()
    assert count >= 3
    page.wait_for_function("() => window.referralGraph && window.referralGraph.nodes().length > 0")
    listed = page.evaluate("""() => Array.from(document.querySelectorAll('#path-list > li.path')).map(li => ({
        ids: li.dataset.path.split(','),
        names: Array.from(li.querySelectorAll('.person-name')).map(n => n.textContent.trim()),
        reason: li.querySelector('.reason').textContent.trim(),
        score: li.querySelector('.score strong').textContent.trim()}))""")
    drawn = page.evaluate("""() => ({nodes: window.referralGraph.nodes().map(n => n.id()),
                                     edges: window.referralGraph.edges().length})""")
    # the drawing holds exactly the people (and the ties) of the listed paths
    assert set(drawn["nodes"]) == {i for item in listed for i in item["ids"]}
    assert drawn["edges"] == len({tuple(sorted(p)) for item in listed
                                  for p in zip(item["ids"], item["ids"][1:], strict=False)})
    for item in listed:
        assert item["names"][-1] == path_target["name"]
        assert item["names"][0] == demo_users["rep"]["name"]
        assert item["reason"] and item["score"].isdigit()
    expect(page.locator("#path-list .badge-ideal").first).to_be_visible()
    expect(page.locator("#path-list .tie").first).to_contain_text("tie 0.")
    page.locator(".show-path").nth(1).click()
    expect(items.nth(1)).to_have_class(re.compile("is-highlighted"))
    shot("05-find-paths")
    shot("05b-find-paths-viewport", full=False)

    # request the intro along the best path: a drafted, editable ask appears
    items.first.get_by_role("button", name="Request intro").click()
    page.wait_for_url(re.compile(r"/introductions/i-"))
    expect(page.get_by_role("status").filter(has_text="Introduction requested")).to_be_visible()
    message = page.get_by_label("Message")
    expect(message).to_have_value(re.compile(re.escape(path_target["name"])))
    expect(page.locator("#timeline")).to_contain_text("Requested")
    shot("06-introduction-requested")
    message.fill(message.input_value() + "\nThanks so much!")
    page.get_by_role("button", name="I sent it: mark as asked").click()
    expect(page.get_by_role("status").filter(has_text="Recorded: Asked")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("Thanks so much!")
    intro_url = page.url

    # it shows in the pipeline: in the early-interest group and the recent list
    page.get_by_role("link", name="Pipeline review").first.click()
    expect(page.get_by_role("heading", name="Pipeline review")).to_be_visible()
    assert int(page.locator("#early-count").inner_text()) >= 1
    page.locator("#early-interest summary").click()
    expect(page.locator("#early-list")).to_contain_text(path_target["name"])
    expect(page.locator("#recent-table")).to_contain_text(path_target["name"])
    shot("07-pipeline")
    page.goto(intro_url)
    shot("08-introduction-asked")
    assert csp_violations == []


def test_no_path_empty_state(page, live_server, demo_users, demo_graph, shot):
    # someone nobody on the team reaches within 2 hops
    rows = demo_graph.query(
        """
        MATCH (t:Person) WHERE NOT t:Rep AND NOT coalesce(t.do_not_contact, false)
          AND NOT EXISTS { MATCH (t)-[:KNOWS]-()-[:KNOWS]-(:Rep) }
          AND NOT EXISTS { MATCH (t)-[:KNOWS]-(:Rep) }
        RETURN t.id AS id, t.name AS name LIMIT 1
        """)
    assert rows
    sign_in(page, live_server, demo_users["rep"]["email"])
    page.goto(f"{live_server}/?target={rows[0]['id']}&hops=2&from={demo_users['rep']['id']}")
    expect(page.locator("#no-paths")).to_contain_text("No warm path within 2 hops")
    expect(page.locator("#no-paths").get_by_role("link", name="3 hops")).to_be_visible()
    shot("09-find-no-paths")


def test_account_manager_asks_a_client_for_a_referral(page, live_server, demo_users, shot, csp_violations):
    sign_in(page, live_server, demo_users["am"]["email"])
    expect(page).to_have_url(re.compile(r"/clients$"))
    rows = page.locator("#clients-table tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 3
    shot("10-clients")
    # best ICP fit first
    fits = page.evaluate("""() => Array.from(document.querySelectorAll('#clients-table tbody tr'))
        .map(tr => (tr.querySelector('td .badge') || {textContent: '0'}).textContent)
        .map(text => parseInt(text.replace(/\\D/g, '')) || 0)""")
    assert fits == sorted(fits, reverse=True)

    rows.first.get_by_role("link").first.click()
    opportunities = page.locator("#opp-list > li")
    expect(opportunities.first).to_be_visible()
    shot("11-client-opportunities")
    client_url = page.url

    # one opportunity per referrer: a second ask to one person the same week is merged
    referrers = page.evaluate("() => Array.from(document.querySelectorAll('#opp-list > li'))"
                              ".map(li => li.dataset.referrer)")
    picks = list(dict.fromkeys(referrers))
    assert len(picks) >= 4, "the best client needs four people with opportunities"
    # ask until the client is at its quarterly limit: the next ask is held back with a reason
    for n in range(1, 5):
        page.goto(client_url)
        item = page.locator(f"#opp-list > li[data-referrer='{picks[n - 1]}']").first
        if n == 1:
            item.locator(".ask-form summary", has_text="Edit the message").click()
            note = item.get_by_label(re.compile("Message to"))
            expect(note).to_have_value(re.compile(r"^Hi "))
        item.get_by_role("button", name="Ask for referral").click()
        if n < 4:
            expect(page.get_by_role("status").filter(has_text="Referral ask recorded")).to_be_visible()
            assert page.locator("#asks-table tbody tr").count() == n
        if n == 3:
            expect(page.locator("#fatigue-warning")).to_contain_text("rest")
            shot("12-client-asked")
    held = page.locator("#ask-held")
    expect(held).to_contain_text("Ask held back")
    shot("13-client-ask-held-back")
    assert page.locator("#asks-table tbody tr").count() == 3
    # the first referrer was asked minutes ago and has not answered: a second ask joins it
    first = page.locator(f"#opp-list > li[data-referrer='{picks[0]}']").first
    expect(first.locator("[data-goodwill='merge']")).to_contain_text("Already asked by")
    first.get_by_role("button", name="Ask for referral").click()
    expect(page.get_by_role("status").filter(has_text="Not sent again")).to_contain_text(
        "added to that conversation")
    assert page.locator("#asks-table tbody tr").count() == 3
    shot("13b-client-ask-merged")
    # we sent the first referrer business: recorded from the same page, the ledger says so
    first = page.locator(f"#opp-list > li[data-referrer='{picks[0]}']").first
    first.locator(".give-back summary").click()
    first.get_by_label("What we gave").select_option("referral_sent")
    first.get_by_role("button", name="Record give-back").click()
    expect(page.get_by_role("status").filter(has_text="Recorded what we gave")).to_contain_text(
        "goodwill balance is now")
    shot("13c-client-give-back")
    # a renewal next week and a happy client: a good moment, said at the top of the page
    page.get_by_label("Renewal date").fill((date.today() + timedelta(days=7)).isoformat())
    page.get_by_label("Satisfaction (%)").fill("92")
    page.get_by_role("button", name="Save timing").click()
    expect(page.get_by_role("status").filter(has_text="Ask-timing signals saved")).to_be_visible()
    expect(page.locator("#ask-timing")).to_contain_text("Good moment to ask")
    shot("13d-client-ask-timing")
    assert csp_violations == []


@pytest.fixture
def accepted_intro(demo_graph, demo_users, path_target):
    """An introduction the referrer has accepted; the prospect has not answered yet."""
    from datetime import UTC, date, datetime

    from graph import introductions as store
    from graph.paths import PathFinder, PathQuery
    from referrals.errors import Conflict
    from tests.browser.conftest import REP_EMAIL

    requester = demo_users["rep"]["id"]
    rows = demo_graph.query(
        """
        MATCH (t:Person)-[:WORKS_AT {current: true}]->(c:Company {status: 'prospect'})
        WHERE NOT coalesce(t.do_not_contact, false) AND t.id <> $skip
        RETURN t.id AS id ORDER BY c.icp_score DESC, t.id LIMIT 60
        """, skip=path_target["id"])
    finder = PathFinder(demo_graph)
    for row in rows:
        paths, _ = finder.find(PathQuery(target=row["id"], source=requester, max_hops=3, today=date.today()))
        if not paths:
            continue
        try:
            intro = store.create_introduction(demo_graph, requester_id=requester, target_id=row["id"],
                                              path=list(paths[0].nodes), actor=REP_EMAIL,
                                              now=datetime.now(UTC))
            for step in ("asked", "accepted"):
                store.transition(demo_graph, intro["id"], step, actor=REP_EMAIL, now=datetime.now(UTC))
        except Conflict:  # an open one already, or the referrer is resting: try another
            continue
        return store.get_introduction(demo_graph, intro["id"])
    pytest.fail("no prospect reachable for the double opt-in introduction")


def test_double_opt_in_on_the_introduction_page(page, live_server, demo_users, accepted_intro, shot,
                                                csp_violations):
    sign_in(page, live_server, demo_users["rep"]["email"])
    page.goto(f"{live_server}/introductions/{accepted_intro['id']}")
    expect(page.locator("#introduced-blocked")).to_contain_text("has not said yes")
    expect(page.get_by_label("Introduced")).to_be_disabled()
    expect(page.locator("#consent-state")).to_have_text("Not asked yet")
    shot("17-introduction-waiting-for-prospect")
    form = page.locator("#consent-form")
    form.get_by_label("Yes").check()
    form.get_by_label("How they answered").select_option("call")
    form.get_by_label("Note").fill("Glad to meet in December")
    form.get_by_role("button", name="Record their answer").click()
    expect(page.get_by_role("status").filter(has_text="said yes")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("Prospect said yes")
    expect(page.locator("#timeline")).to_contain_text("Glad to meet in December")
    expect(page.locator("#introduced-blocked")).to_have_count(0)
    page.get_by_label("Introduced").check()
    page.locator("#transition-form").get_by_role("button", name="Record").click()
    expect(page.get_by_role("status").filter(has_text="Recorded: Introduced")).to_be_visible()
    expect(page.locator("#consent-form")).to_have_count(0)
    shot("18-introduction-introduced-after-yes")
    assert csp_violations == []


def test_insights_page(page, live_server, demo_users, shot, csp_violations):
    sign_in(page, live_server, demo_users["rep"]["email"])
    page.get_by_role("link", name="Insights").click()
    expect(page.get_by_role("heading", name="Referral network insights")).to_be_visible()
    expect(page.locator("#hubs-table tbody tr").first).to_be_visible()
    assert int(page.locator("#insights-totals .stat-number").first.inner_text()) > 0
    expect(page.locator("#spofs")).to_be_visible()
    expect(page.locator("#thin")).to_be_visible()
    # issue #17: the centrality's age, and the learned ranking's reliability curve (the demo's
    # 400 past introductions: warm), drawn as inline SVG with the diagonal for reference
    expect(page.locator("#centrality-age")).to_contain_text("Centrality computed")
    expect(page.locator("#centrality-age")).not_to_contain_text("never")
    curve = page.locator("svg#reliability-curve")
    expect(curve).to_be_visible()
    assert curve.locator("circle.bin").count() >= 3
    expect(curve.locator("line.diagonal")).to_have_count(1)
    expect(page.locator("#calibration-figures")).to_contain_text("Log loss")
    shot("19-insights")
    page.locator("#calibration").screenshot(path=str(ARTIFACTS / "19b-insights-reliability-curve.png"))
    assert csp_violations == []


def test_pipeline_review_qualify_out(page, live_server, demo_users, stale_intro, shot, csp_violations):
    sign_in(page, live_server, demo_users["rep"]["email"])
    page.goto(live_server + "/pipeline")
    flag = page.locator(f"#review-stale li.flag[data-item='{stale_intro['id']}']")
    expect(flag).to_be_visible()
    expect(page.locator(f"#review-no_next_step li.flag[data-item='{stale_intro['id']}']")).to_be_visible()
    shot("14-pipeline-review")
    reason = flag.get_by_label("Reason")
    expect(reason).to_have_value(re.compile("No stage change"))
    reason.fill("Buyer went quiet after the pilot; revisit next year")
    flag.get_by_role("button", name="Qualify out").click()
    expect(page.get_by_role("status").filter(has_text="Qualified out")).to_be_visible()
    expect(page.locator(f"li.flag[data-item='{stale_intro['id']}']")).to_have_count(0)
    shot("15-pipeline-after-qualify-out")

    page.goto(f"{live_server}/introductions/{stale_intro['id']}")
    expect(page.locator("#timeline")).to_contain_text("Buyer went quiet after the pilot")
    expect(page.get_by_label("Introduced")).to_be_visible()  # it can be reopened
    shot("16-introduction-qualified-out")
    assert csp_violations == []
