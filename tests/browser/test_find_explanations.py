"""Find an intro explains each path (tier, weakest link, confidence), shows a path through a
client that has not opted in as counts-only (no names, no request button) and says why the
best path that lost did (issue 9 part A)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]


@pytest.fixture(scope="session")
def counts_only_target(demo_graph, demo_users):
    """A prospect whose paths from the rep include a counts-only one and a runner-up."""
    from graph.paths import PathFinder, PathQuery

    finder = PathFinder(demo_graph)
    rows = demo_graph.query(
        """
        MATCH (t:Person)-[:WORKS_AT {current: true}]->(c:Company {status: 'prospect'})
        WHERE NOT coalesce(t.do_not_contact, false)
        RETURN t.id AS id, t.name AS name ORDER BY c.icp_score DESC, t.id LIMIT 200
        """)
    for row in rows:
        query = PathQuery(target=row["id"], source=demo_users["rep"]["id"], max_hops=3)
        result = finder.find_explained(query)
        hidden = [p for p in result.paths if result.hidden(p)]
        if hidden and result.runner_up is not None and len(result.paths) >= 2:
            hidden_names = {result.facts[n].display_name for p in hidden for n in result.hidden(p)}
            return {**row, "hidden_names": hidden_names, "paths": len(result.paths)}
    pytest.fail("the demo network has no prospect with a counts-only path from the first rep")


def test_find_page_explains_paths_and_hides_people_without_consent(page, live_server, demo_users,
                                                                    counts_only_target, shot, csp_violations):
    sign_in(page, live_server, demo_users["rep"]["email"])
    page.goto(f"{live_server}/?target={counts_only_target['id']}&hops=3&from={demo_users['rep']['id']}")
    items = page.locator("#path-list > li.path")
    expect(items.first).to_be_visible()
    assert items.count() == counts_only_target["paths"]
    # every path: a tier, its weakest link and a confidence
    for i in range(items.count()):
        item = items.nth(i)
        assert item.locator(".tier").inner_text() == item.get_attribute("data-tier")
        assert item.get_attribute("data-tier") in ("strong", "medium", "weak")
        expect(item.locator(".weakest-link")).to_contain_text("Weakest link:")
        expect(item.locator(".confidence")).to_contain_text("Confidence")
    # the counts-only paths: marked, nobody named, nothing to request
    hidden = page.locator("#path-list > li.path-counts-only")
    assert hidden.count() >= 1
    first_hidden = hidden.first
    expect(first_hidden.locator(".counts-only")).to_have_text("counts-only")
    expect(first_hidden.get_by_role("button", name="Request intro")).to_have_count(0)
    expect(first_hidden.locator(".consent-needed")).to_be_visible()
    text = page.locator("#path-list").inner_text()
    for name in counts_only_target["hidden_names"]:
        assert name not in text
    assert "hidden-" in (first_hidden.get_attribute("data-path") or "")
    # the best path that lost, and why, in one line
    runner = page.locator("#runner-up")
    expect(runner).to_be_visible()
    expect(runner.locator(".why-lost")).to_contain_text("Why it lost:")
    # the drawing marks the hidden people, with the list's ids
    page.wait_for_function("() => window.referralGraph && window.referralGraph.nodes().length > 0")
    drawn_hidden = page.evaluate("() => window.referralGraph.nodes('.hidden-person').length")
    assert drawn_hidden >= 1
    shot("10-find-counts-only-and-runner-up")
    assert csp_violations == []
