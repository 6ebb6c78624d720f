"""Browser tests: Debian's chromium (/usr/bin/chromium) driven by Playwright against the
real app served by werkzeug in a thread, on the test Neo4j with the 2,000-person demo
network loaded once per session (never wiped here; tests clean up what they create).

Screenshots of every page go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DEMO_PEOPLE = 2000
PASSWORD = "browser-test-password"
REP_EMAIL = "rep@browser.test"
AM_EMAIL = "am@browser.test"
ACTORS = [REP_EMAIL, AM_EMAIL]

if not os.path.exists(CHROMIUM):  # CI installs it (.ci/run); skip only where it is absent
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium); browser tests need it",
                allow_module_level=True)

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright cannot download browsers here: launch the system chromium."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1440, "height": 1000}}


@pytest.fixture(scope="session")
def demo_graph(session_graph, neo4j_server):
    """The test database with the demo network (loaded when it is not there: after other
    test modules wiped the database, or on a fresh server)."""
    from cli.seed import DEMO_INTRODUCTIONS, load_network
    from tests.conftest import wipe

    if not neo4j_server.bolt_open():
        neo4j_server.start(timeout=180)
    count = session_graph.query("MATCH (p:Person) RETURN count(p) AS n")[0]["n"]
    reps = session_graph.query("MATCH (r:Rep) RETURN count(r) AS n")[0]["n"]
    # as `make demo` seeds it: enough past introductions for the learned ranking's curve
    intros = session_graph.query("MATCH (i:Introduction) WHERE i.id STARTS WITH 'i-' "
                                 "RETURN count(i) AS n")[0]["n"]
    # people another module left behind (ids the demo never uses) would sit beside the demo
    # network, one of them sorting first among the reps: start from an empty database then
    foreign = session_graph.query("MATCH (p:Person) WHERE NOT p.id =~ 'p-[0-9]{7}' "
                                  "RETURN count(p) AS n")[0]["n"]
    if foreign:
        wipe(session_graph)
    if foreign or count < DEMO_PEOPLE or reps == 0 or intros < 200:
        load_network(session_graph, DEMO_PEOPLE, introductions=DEMO_INTRODUCTIONS)
    from graph.centrality import centrality_state, run_centrality

    state = centrality_state(session_graph)
    if state["computed_at"] is None or state["changed_since"]:  # as `make demo` computes it
        run_centrality(session_graph)
    return session_graph


def _cleanup(graph) -> None:
    """Remove what earlier browser runs created (introductions, asks by the test users)."""
    graph.execute("MATCH (a:ReferralAsk|MergedAsk) WHERE a.actor IN $actors DETACH DELETE a", actors=ACTORS)
    graph.execute(
        "MATCH (i:Introduction) WHERE i.actor IN $actors "
        "OPTIONAL MATCH (i)-[:HAS_EVENT|HAS_TOUCH|HAS_CONSENT]->(e) DETACH DELETE e, i", actors=ACTORS)


@pytest.fixture(scope="session")
def demo_users(demo_graph):
    from services.context import Context
    from services.users import create_user

    ctx = Context(graph=demo_graph)
    reps = demo_graph.query("MATCH (r:Rep) RETURN r.id AS id, r.name AS name ORDER BY r.id LIMIT 3")
    rep, am = reps[0], reps[1]
    create_user(ctx, email=REP_EMAIL, password=PASSWORD, role="rep", person_id=rep["id"], replace=True)
    created = create_user(ctx, email=AM_EMAIL, password=PASSWORD, role="account_manager",
                          person_id=am["id"], replace=True)
    # "My clients" lists the clients one owns: this account manager owns them all
    from graph.ownership import assign_owners

    clients = demo_graph.query("MATCH (c:Company {status: 'client'}) RETURN c.id AS id")
    assign_owners(demo_graph, [{"company": c["id"], "user": created["id"]} for c in clients],
                  by="browser tests", now=ctx.now())
    _cleanup(demo_graph)
    return {"rep": {**rep, "email": REP_EMAIL}, "am": {**am, "email": AM_EMAIL}, "others": reps[2:]}


@pytest.fixture(scope="session")
def live_server(demo_graph, demo_users, neo4j_settings):
    from werkzeug.serving import make_server

    from runtime.requests import close as close_app
    from server import create_app

    # the per-person goodwill budget (1 ask per 30 days) would hold back the account
    # manager's repeated asks before the client's quarterly limit the test walks to; same-week
    # asks to one person are still merged (tests/browser/test_pages.py shows it)
    # no outbox drainer: this app lives for the whole session, and a drainer would claim
    # the deliveries that later tests write to the same test database and watch
    app = create_app({"NEO4J": neo4j_settings, "SECRET_KEY": "browser-tests-secret",
                      "REFERRAL_PERSON_ASKS_PER_WINDOW": 100, "OUTBOX_DRAINER": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    close_app(app)


@pytest.fixture(scope="session")
def path_target(demo_graph, demo_users):
    """A prospect person at an ideal-fit company with several warm paths from the rep."""
    from graph.paths import PathFinder, PathQuery

    finder = PathFinder(demo_graph)
    rows = demo_graph.query(
        """
        MATCH (t:Person)-[:WORKS_AT {current: true}]->(c:Company {status: 'prospect'})
        WHERE c.icp_score >= 0.7 AND NOT coalesce(t.do_not_contact, false)
        RETURN t.id AS id, t.name AS name, c.name AS company ORDER BY c.icp_score DESC, t.id LIMIT 40
        """)
    from referrals.consent import hidden_people

    for row in rows:
        paths, facts = finder.find(PathQuery(target=row["id"], source=demo_users["rep"]["id"], max_hops=3))
        # the best path must be requestable (its client opted in; the demo leaves some not asked)
        usable = bool(paths) and not hidden_people(paths[0].nodes, facts)
        if len(paths) >= 3 and usable and len(set(row["name"].split())) == 2:
            return {**row, "paths": len(paths)}
    pytest.fail("the demo network has no prospect with three warm paths from the first rep")


@pytest.fixture(scope="session")
def stale_intro(demo_graph, demo_users, path_target):
    """An introduction whose last move (a meeting without a next step) was 60 days ago."""
    from graph import introductions as store
    from graph.paths import PathFinder, PathQuery
    from referrals.errors import Conflict

    requester = demo_users["rep"]["id"]
    rows = demo_graph.query(
        """
        MATCH (t:Person)-[:WORKS_AT {current: true}]->(c:Company {status: 'prospect'})
        WHERE NOT coalesce(t.do_not_contact, false) AND t.id <> $skip
        RETURN t.id AS id ORDER BY c.icp_score DESC, t.id DESC LIMIT 40
        """, skip=path_target["id"])
    finder = PathFinder(demo_graph)
    when = datetime.now(UTC) - timedelta(days=60)
    for row in rows:
        paths, _ = finder.find(PathQuery(target=row["id"], source=requester, max_hops=3, today=date.today()))
        if not paths:
            continue
        try:
            intro = store.create_introduction(demo_graph, requester_id=requester, target_id=row["id"],
                                              path=list(paths[0].nodes), actor=REP_EMAIL, now=when)
        except Conflict:  # the seed's history already has an open one to this person
            continue
        for step in ("asked", "accepted", "introduced", "meeting_held"):
            when += timedelta(hours=1)
            if step == "introduced":  # double opt-in: the prospect said yes
                store.record_consent(demo_graph, intro["id"], "yes", channel="email", actor=REP_EMAIL,
                                     at=when, now=when)
            store.transition(demo_graph, intro["id"], step, actor=REP_EMAIL, now=when)
        return store.get_introduction(demo_graph, intro["id"])
    pytest.fail("no prospect reachable for the stale introduction")


@pytest.fixture
def shot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str, full: bool = True) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full)
        return path

    return take


@pytest.fixture
def csp_violations(page):
    """Console errors and CSP violations seen on the page (a test asserts there are none)."""
    seen: list[str] = []
    def on_console(msg) -> None:
        # a refused sign-in answers 401 on purpose; anything else is a real error
        if msg.type == "error" and "status of 401" not in msg.text:
            seen.append(msg.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: seen.append(str(exc)))
    return seen


def sign_in(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(base_url + "/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("domcontentloaded")
