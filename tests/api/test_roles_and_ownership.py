"""Issue #15's findings on who may do what, each proved through the API or the pages:
a rep acts on their own introductions only and files them in their own name; a
person's key is bounded by the person's role; a partner key is recorded under its own
name; clients have owners (API, page, CRM import) and "My clients" shows them; the audit
trail records the real actor; an admin page creates keys; ties are confirmed by their
own people only."""

from __future__ import annotations

import io
import re

import pytest

from graph.keys import create_key
from services.users import create_user
from tests.workflow_data import PATH_ANN, PATH_BEN, load_network

pytestmark = pytest.mark.neo4j

V1 = "/api/v1"
PASSWORD = "correct horse battery"


@pytest.fixture
def team(graph, ctx, app):
    """The workflow network, a second rep, and sign-ins for a rep, a second rep, an
    account manager, a sales manager and an admin; keys for the rep and a partner."""
    load_network(graph)
    graph.execute("CREATE (:Person:Rep {id: 'p-rep2', name: 'Robin Rep', is_rep: true})")
    graph.execute("MATCH (a:Person {id: 'p-rep2'}), (b:Person {id: 'p-ben'}) "
                  "CREATE (a)-[:KNOWS {strength: 0.8}]->(b)")
    graph.execute("CREATE (:Person {id: 'p-sam', name: 'Sam Sales'}), "
                  "(:Person {id: 'p-ada', name: 'Ada Admin'})")
    users = {"rep": ("riley@us.example", "rep", "p-rep"), "rep2": ("robin@us.example", "rep", "p-rep2"),
             "am": ("alex@us.example", "account_manager", "p-am"),
             "manager": ("sam@us.example", "sales_manager", "p-sam"),
             "admin": ("ada@us.example", "admin", "p-ada")}
    for email, role, person in users.values():
        create_user(ctx, email=email, password=PASSWORD, role=role, person_id=person)
    from graph.users import user_id_for_email

    def key(scope, name, user=None):
        user_id = user_id_for_email(graph, users[user][0]) if user else None
        return {"X-API-Key": create_key(graph, name, scope, user_id=user_id)[1]}

    app.config["API_KEY_CACHE_SECONDS"] = 0
    return {"users": users, "key": key}


def _web(app, email):
    client = app.test_client()
    html = client.get("/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert client.post("/signin", data={"email": email, "password": PASSWORD,
                                        "csrf_token": token}).status_code == 302
    return client


def _token(client, url="/pipeline"):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def _request(client, headers, path, requester=None):
    return client.post(f"{V1}/introductions", headers=headers, json={
        "requester_id": requester or path[0], "target_id": path[-1], "path": path})


def test_a_rep_acts_on_their_own_introductions_only(client, team):
    riley = team["key"]("write", "riley's key", "rep")
    robin = team["key"]("write", "robin's key", "rep2")
    manager = team["key"]("write", "sam's key", "manager")
    intro = _request(client, riley, PATH_ANN)
    assert intro.status_code == 201, intro.get_json()
    iid = intro.get_json()["id"]
    # another rep may neither move it nor log on it
    for url, body in ((f"/introductions/{iid}/transitions", {"to": "asked"}),
                      (f"/introductions/{iid}/touches", {"direction": "outbound", "channel": "email"})):
        refused = client.post(V1 + url, headers=robin, json=body)
        assert refused.status_code == 403 and refused.get_json()["code"] == "not_yours", url
    assert client.put(f"{V1}/introductions/{iid}/qualification", headers=robin,
                      json={"budget": "yes"}).status_code == 403
    # its rep may, and a sales manager may move anyone's
    assert client.post(f"{V1}/introductions/{iid}/transitions", headers=riley,
                       json={"to": "asked"}).status_code == 201
    moved = client.post(f"{V1}/introductions/{iid}/transitions", headers=manager, json={"to": "withdrawn"})
    assert moved.status_code == 201
    assert moved.get_json()["event"]["actor"] == "sam's key"


def test_a_rep_files_introductions_in_their_own_name_only(app, client, graph, team):
    robin = team["key"]("write", "robin's key", "rep2")
    refused = _request(client, robin, PATH_ANN)  # the path starts at Riley
    assert refused.status_code == 403 and refused.get_json()["field"] == "requester_id"
    # the page took the requester from the posted path: a rep can no longer use it for another
    web = _web(app, "robin@us.example")
    web.post("/introductions", data={"path": ",".join(PATH_ANN), "csrf_token": _token(web)})
    assert graph.query("MATCH (i:Introduction) RETURN count(i) AS n")[0]["n"] == 0
    # a sales manager files for any rep
    manager = team["key"]("write", "sam's key", "manager")
    assert _request(client, manager, PATH_BEN).status_code == 201


def test_a_persons_key_is_bounded_by_their_role(client, team):
    riley_admin_key = team["key"]("admin", "riley's big key", "rep")
    refused = client.delete(f"{V1}/people/p-gov", headers=riley_admin_key)
    assert refused.status_code == 403
    assert "acts for a rep" in refused.get_json()["detail"]
    assert client.get(f"{V1}/people/p-gov", headers=riley_admin_key).status_code == 200


def test_a_partner_key_is_recorded_under_its_own_name(client, team):
    crm = team["key"]("write", "crm-sync")
    iid = _request(client, crm, PATH_ANN).get_json()["id"]
    moved = client.post(f"{V1}/introductions/{iid}/transitions", headers=crm,
                        json={"to": "asked", "actor": "Riley Rep"})
    assert moved.get_json()["event"]["actor"] == "crm-sync (for Riley Rep)"


def test_scopes_are_what_a_key_may_do(client, team):
    paths_only = team["key"]("paths:read", "paths-widget")
    assert client.get(f"{V1}/referral-paths?target=p-tara", headers=paths_only).status_code == 200
    people = client.get(f"{V1}/people", headers=paths_only)
    assert people.status_code == 403 and "people:read" in people.get_json()["detail"]
    hooks = team["key"]("webhooks:manage", "hooks")
    assert client.get(f"{V1}/webhooks", headers=hooks).status_code == 200
    assert client.get(f"{V1}/introductions", headers=hooks).status_code == 403


def test_clients_have_owners_and_my_clients_shows_them(app, client, team, make_key):
    admin, read = make_key("admin"), make_key("read")
    assert client.put(f"{V1}/companies/c-acme/owner", headers=read,
                      json={"email": "alex@us.example"}).status_code == 403
    bad = client.put(f"{V1}/companies/c-acme/owner", headers=admin, json={"email": "robin@us.example"})
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["pointer"] == "/email"  # a rep
    owned = client.put(f"{V1}/companies/c-acme/owner", headers=admin, json={"email": "alex@us.example"})
    assert owned.status_code == 200 and owned.get_json()["email"] == "alex@us.example"
    assert client.get(f"{V1}/companies/c-acme/owner", headers=read).get_json()["email"] == "alex@us.example"
    am = _web(app, "alex@us.example")
    html = am.get("/clients").get_data(as_text=True)
    assert "Acme" in html and "Bolt" not in html  # Bolt has no owner: not Alex's
    assert am.get("/clients?view=team").status_code == 403
    manager = _web(app, "sam@us.example")
    html = manager.get("/clients?view=team").get_data(as_text=True)
    assert "Acme" in html and "Bolt" in html and "alex@us.example" in html
    # a manager assigns on the client's page
    manager.post("/clients/c-bolt/owner", data={"email": "alex@us.example",
                                                 "csrf_token": _token(manager, "/clients/c-bolt")})
    assert "Bolt" in am.get("/clients").get_data(as_text=True)


def test_a_crm_import_sets_owners_by_email_or_name(client, team, make_key, graph):
    csv = ("Record ID,Company name,Company Domain Name,Type,Company owner\n"
           "1,Acme,acme.com,Customer,Alex Manager\n"
           "2,Bolt,bolt.com,Customer,sam@us.example\n"
           "3,Cobalt,cobalt.com,Customer,Nobody Known\n")
    response = client.post(f"{V1}/imports", headers=make_key("write"), data={
        "format": "hubspot", "file": (io.BytesIO(csv.encode()), "companies.csv")})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["owners"] == {"assigned": 2, "unknown": ["Nobody Known"]}
    rows = graph.query("MATCH (u:WebUser)-[:OWNS]->(c:Company) RETURN c.name AS c, u.email AS u")
    owners = {row["c"]: row["u"] for row in rows}
    assert owners == {"Acme": "alex@us.example", "Bolt": "sam@us.example"}


def test_the_audit_trail_names_the_real_actor(app, client, team, make_key):
    riley = team["key"]("write", "riley's key", "rep")
    iid = _request(client, riley, PATH_ANN).get_json()["id"]
    admin = make_key("admin", "ops")
    client.put(f"{V1}/companies/c-bolt/consent", headers=admin,
               json={"connector_consent": "declined", "actor": "someone else"})
    assert client.get(f"{V1}/audit", headers=make_key("read")).status_code == 403
    page = client.get(f"{V1}/audit", headers=admin).get_json()
    seen = {(e["action"], e["actor"], e["object_id"]) for e in page["items"]}
    assert ("introduction.created", "riley's key", iid) in seen
    assert ("consent.changed", "ops", "c-bolt") in seen  # the key, not the name it gave
    only = client.get(f"{V1}/audit?action=consent.", headers=admin).get_json()["items"]
    assert [e["action"] for e in only] == ["consent.changed"]
    # the page: managers read it, reps may not
    assert _web(app, "riley@us.example").get("/audit").status_code == 403
    html = _web(app, "sam@us.example").get("/audit").get_data(as_text=True)
    assert "introduction.created" in html and "consent.changed" in html


def test_the_admin_page_creates_a_key_shown_once(app, client, team):
    admin = _web(app, "ada@us.example")
    response = admin.post("/admin/keys", data={"name": "partner-x", "scope": ["paths:read", "people:read"],
                                               "csrf_token": _token(admin, "/admin")})
    assert response.status_code == 302
    html = admin.get("/admin").get_data(as_text=True)
    key = re.search(r"<code>(rk_[0-9a-f]{12}_[A-Za-z0-9_-]+)</code>", html).group(1)
    assert client.get(f"{V1}/people", headers={"X-API-Key": key}).status_code == 200
    assert key not in admin.get("/admin").get_data(as_text=True)  # shown once
    assert _web(app, "riley@us.example").get("/admin").status_code == 403
    # and the key's creation is in the trail
    html = admin.get("/audit").get_data(as_text=True)
    assert "key.created" in html and "partner-x" in html


def test_only_the_two_people_confirm_their_tie(client, team):
    riley = team["key"]("write", "riley's key", "rep")
    robin = team["key"]("write", "robin's key", "rep2")
    refused = client.post(f"{V1}/relationships/p-ann/p-tara/confirmation", headers=robin,
                          json={"action": "hide"})
    assert refused.status_code == 403
    own = client.post(f"{V1}/relationships/p-rep/p-ann/confirmation", headers=riley,
                      json={"action": "confirm", "by": "p-ann"})
    assert own.status_code in (200, 201) and own.get_json()["confirmed_by"] == "p-rep"


def test_keys_cli_takes_scopes_and_a_person(team, neo4j_settings, monkeypatch):
    from click.testing import CliRunner

    from cli.main import cli

    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    result = CliRunner().invoke(cli, ["keys", "create", "--scope", "paths:read", "--scope", "people:read",
                                      "--name", "widget", "--for", "riley@us.example"])
    assert result.exit_code == 0, result.output
    assert "paths:read people:read" in result.output and "riley@us.example" in result.output
    bad = CliRunner().invoke(cli, ["keys", "create", "--name", "x", "--for", "nobody@us.example"])
    assert bad.exit_code != 0 and "No one signs in as" in bad.output


def test_clearing_do_not_contact_is_admins_and_recorded(client, team, make_key):
    write, admin = make_key("write", "crm-sync"), make_key("admin", "ops")
    refused = client.patch(f"{V1}/people/p-dnc", headers=write, json={"do_not_contact": False})
    assert refused.status_code == 403 and "do-not-contact" in refused.get_json()["detail"]
    cleared = client.patch(f"{V1}/people/p-dnc", headers=admin, json={"do_not_contact": False})
    assert cleared.status_code == 200
    (entry,) = client.get(f"{V1}/audit?object_id=p-dnc", headers=admin).get_json()["items"]
    assert (entry["action"], entry["actor"]) == ("person.changed", "ops")
    assert "do-not-contact cleared" in entry["summary"]
