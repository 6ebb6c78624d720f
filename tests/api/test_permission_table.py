"""docs/permissions.md is the written table of who may do what; these tests hold the app
to it: every route of the URL map has a row, the code's rules are the table's, and every
route answers each key scope (API) and each role (pages) as the table says.

A route added without a row, or a rule changed in code but not in the docs (or the other
way round), fails here.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from graph.keys import create_key
from referrals.permissions import ROLE_ACTIONS, SCOPE_ACTIONS, Action, Role, Scope
from services.users import create_user

pytestmark = pytest.mark.neo4j

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
PASSWORD = "correct horse battery"
ROLE_COLUMNS = ("rep", "account manager", "sales manager", "admin")


def _table(title: str) -> list[list[str]]:
    """The rows of the first table under the `## title` heading, as lists of cells."""
    text = DOC.read_text()
    section = text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def _unquote(cell: str) -> str:
    return cell.strip("`")


def written_actions() -> dict[str, tuple[set[str], set[str]]]:
    """Action name -> (roles allowed, scopes allowed), as docs/permissions.md says."""
    out = {}
    for cells in _table("Actions"):
        name, roles, scopes = _unquote(cells[0]), cells[2:6], cells[6]
        allowed = {Role(r.replace(" ", "_")).value for r, yes in zip(ROLE_COLUMNS, roles, strict=True)
                   if yes == "yes"}
        out[name] = (allowed, {s.strip() for s in scopes.split(",")})
    return out


def written_routes() -> dict[tuple[str, str], str]:
    return {(cells[0], _unquote(cells[1])): _unquote(cells[2]) for cells in _table("Routes")}


def _operations(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, rule


def _url(rule) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: f"x-{m.group(1)}", rule.rule)


def test_every_route_has_a_row_and_every_row_a_route(app):
    routes = written_routes()
    served = {(method, rule.rule) for method, rule in _operations(app)}
    assert served - set(routes) == set(), "routes missing from docs/permissions.md"
    assert set(routes) - served == set(), "rows in docs/permissions.md for routes that are gone"
    for (method, rule), action in routes.items():
        assert action in ("public", "signed_in") or action in Action.__members__, (method, rule, action)


def test_the_written_rules_are_the_codes():
    written = written_actions()
    assert set(written) == set(Action.__members__)
    for action in Action:
        roles, scopes = written[action.name]
        assert roles == {r.value for r in ROLE_ACTIONS[action]}, action
        assert scopes == {s.value for s in SCOPE_ACTIONS.get(action, ())} | {"admin"}, action


def test_the_api_decorators_name_the_written_action(app):
    routes = written_routes()
    for method, rule in _operations(app):
        view = app.view_functions[rule.endpoint]
        cls = getattr(view, "view_class", None)
        func = getattr(cls, method.lower(), None) if cls else view
        declared = getattr(func, "required_action", None)
        if rule.rule.startswith("/api/v1"):
            expected = routes[(method, rule.rule)]
            assert (declared.name if declared else "public") == expected, (method, rule.rule)


def _wait_for_jobs() -> None:
    for thread in threading.enumerate():  # POST /jobs/centrality starts one
        if thread.name.startswith("job-"):
            thread.join(timeout=30)


def test_every_api_route_answers_each_scope_as_written(app, client, graph):
    written, routes = written_actions(), written_routes()
    keys = {scope: {"X-API-Key": create_key(graph, f"k-{scope.value}", scope.value)[1]}
            for scope in Scope}
    checked = refused = 0
    for method, rule in _operations(app):
        action = routes[(method, rule.rule)]
        if not rule.rule.startswith("/api/v1") or action == "public":
            continue
        allowed_scopes = written[action][1]
        for scope, headers in keys.items():
            response = client.open(_url(rule), method=method, headers=headers, json={})
            if scope.value in allowed_scopes:
                assert response.status_code not in (401, 403), (method, rule.rule, scope.value,
                                                                response.status_code)
            else:
                assert response.status_code == 403, (method, rule.rule, scope.value, response.status_code)
                assert response.mimetype == "application/problem+json"
                refused += 1
            checked += 1
    _wait_for_jobs()
    assert checked >= 7 * 50 and refused >= 250, (checked, refused)


def _sign_in(client, email: str) -> None:
    html = client.get("/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = client.post("/signin", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.status_code


def _csrf(client) -> str:
    html = client.get("/pipeline").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def role_users(graph, ctx):
    graph.execute("UNWIND $roles AS role CREATE (:Person {id: 'p-' + role, name: 'Someone ' + role})",
                  roles=[r.value for r in Role])
    for role in Role:
        create_user(ctx, email=f"{role.value}@us.example", password=PASSWORD, role=role.value,
                    person_id=f"p-{role.value}")
    return {role: f"{role.value}@us.example" for role in Role}


def test_every_page_answers_each_role_as_written(app, graph, role_users):
    written, routes = written_actions(), written_routes()
    checked = refused = 0
    for role, email in role_users.items():
        client = app.test_client()
        _sign_in(client, email)
        token = _csrf(client)
        for method, rule in _operations(app):
            action = routes[(method, rule.rule)]
            if rule.rule.startswith(("/api/", "/static")) or action in ("public", "signed_in"):
                continue
            data = {"csrf_token": token} if method == "POST" else None
            response = client.open(_url(rule), method=method, data=data)
            if role.value in written[action][0]:
                assert response.status_code != 403, (role.value, method, rule.rule)
            else:
                assert response.status_code == 403, (role.value, method, rule.rule, response.status_code)
                refused += 1
            checked += 1
    assert checked >= 4 * 20 and refused >= 10, (checked, refused)


def test_the_team_view_is_for_managers(app, graph, role_users):
    for role, email in role_users.items():
        client = app.test_client()
        _sign_in(client, email)
        status = client.get("/clients?view=team").status_code
        assert status == (200 if role in (Role.SALES_MANAGER, Role.ADMIN) else 403), (role, status)
        assert client.get("/clients?view=mine").status_code == 200


def test_the_weekly_list_is_for_account_managers_and_whose_for_managers(app, graph, role_users):
    for role, email in role_users.items():
        client = app.test_client()
        _sign_in(client, email)
        own = client.get("/weekly").status_code
        other = client.get("/weekly?owner=sales_manager@us.example").status_code
        assert own == (403 if role is Role.REP else 200), (role, own)
        # someone else's list: managers and admins (the sales manager's own list is theirs)
        assert other == (200 if role in (Role.SALES_MANAGER, Role.ADMIN) else 403), (role, other)
        reminders = client.get("/reminders")
        assert reminders.status_code == 200 and 'id="nav-reminders"' in reminders.get_data(as_text=True)
        assert ("This week" in reminders.get_data(as_text=True)) is (role is not Role.REP)


def test_metrics_answer_each_scope_as_written(app, client, graph):
    """/metrics is outside /api/v1 but takes keys too: only the scopes its row allows."""
    written, routes = written_actions(), written_routes()
    allowed = written[routes[("GET", "/metrics")]][1]
    for scope in Scope:
        headers = {"X-API-Key": create_key(graph, f"m-{scope.value}", scope.value)[1]}
        status = client.get("/metrics", headers=headers).status_code
        assert status == (200 if scope.value in allowed else 403), (scope.value, status)
    assert client.get("/metrics").status_code == 401
