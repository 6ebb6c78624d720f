"""The web sign-in and search-box use cases on the real test Neo4j."""

from __future__ import annotations

from dataclasses import replace

import pytest

from referrals.errors import Invalid
from services import users
from services.users import UserError, authenticate, create_user
from tests.workflow_data import T0

pytestmark = pytest.mark.neo4j

PASSWORD = "correct horse battery"


@pytest.fixture
def pinned(ctx, graph):
    graph.execute(
        """
        CREATE (us:Company {id: 'c-us', name: 'Northwind', status: 'other'})
        CREATE (acme:Company {id: 'c-acme', name: 'Acme', status: 'client'})
        CREATE (:Person:Rep {id: 'p-rep', name: 'Rita Rep'})-[:WORKS_AT {current: true}]->(us)
        CREATE (:Person {id: 'p-ref', name: 'Carl Client'})-[:WORKS_AT {current: true}]->(acme)
        """)
    pinned = replace(ctx, clock=lambda: T0)
    create_user(pinned, email="rita@example.com", password=PASSWORD, role="rep", person_id="p-rep")
    return pinned


def test_users_store_rules(graph, pinned):
    """Moved from tests/web/test_web_security.py with the users' store."""
    with pytest.raises(UserError, match="already exists"):
        create_user(pinned, email="RITA@example.com", password=PASSWORD, role="rep", person_id="p-rep")
    with pytest.raises(UserError, match="role"):
        create_user(pinned, email="x@example.com", password=PASSWORD, role="owner", person_id="p-rep")
    with pytest.raises(UserError, match="10 characters"):
        create_user(pinned, email="x@example.com", password="short", role="rep", person_id="p-rep")
    with pytest.raises(UserError, match="No person") as unknown:
        create_user(pinned, email="x@example.com", password=PASSWORD, role="rep", person_id="p-none")
    assert isinstance(unknown.value, Invalid) and unknown.value.field == "person_id"
    stored = graph.query("MATCH (u:WebUser) RETURN u.password_hash AS h")[0]["h"]
    assert PASSWORD not in stored and stored.startswith(("scrypt:", "pbkdf2:"))
    assert authenticate(pinned, "Rita@Example.com", PASSWORD)["role"] == "rep"
    assert authenticate(pinned, "rita@example.com", "nope") is None
    assert authenticate(pinned, "nobody@example.com", PASSWORD) is None


def test_sign_in_is_recorded_and_replace_resets(pinned):
    user = authenticate(pinned, "rita@example.com", PASSWORD)
    assert user["last_sign_in_at"].to_native() == T0
    assert (user["name"], user["company"], user["is_rep"], user["role_label"]) == (
        "Rita Rep", "Northwind", True, "Rep")
    again = create_user(pinned, email="rita@example.com", password="a new password", role="account_manager",
                        person_id="p-ref", replace=True)
    assert again["id"] == user["id"]
    assert authenticate(pinned, "rita@example.com", PASSWORD) is None
    moved = users.get_user(pinned, user["id"])
    assert (moved["role_label"], moved["name"], moved["company"]) == (
        "Account manager", "Carl Client", "Acme")
    assert [u["email"] for u in users.list_users(pinned)] == ["rita@example.com"]
    assert users.get_user(pinned, "u-nope") is None


def test_search_box(pinned):
    assert users.search_box(pinned, " c ") == {"q": "c", "people": [], "companies": []}
    # Acme has not opted in: its people are not found (services/visibility.py), the company is
    waiting = users.search_box(pinned, "acme")
    assert waiting["people"] == [] and [c["id"] for c in waiting["companies"]] == ["c-acme"]
    pinned.graph.execute("MATCH (c:Company {id: 'c-acme'}) SET c.connector_consent = 'opted_in'")
    found = users.search_box(pinned, "acme")
    assert found["q"] == "acme"
    assert found["people"] == [{"id": "p-ref", "name": "Carl Client", "title": None, "company": "Acme",
                                "status": "client", "is_rep": False}]
    assert [(c["id"], c["people"]) for c in found["companies"]] == [("c-acme", 1)]
    assert [p["id"] for p in users.search_box(pinned, "rita")["people"]] == ["p-rep"]


def test_the_session_secret_older_versions_kept_in_the_graph_is_removed(ctx):
    # the key is in a file now (server/app.py); whoever reads the graph must not find it
    ctx.graph.execute("CREATE (:WebSecret {name: 'session', value: 'old-key'})")
    users.forget_session_secret(ctx)
    assert ctx.graph.query("MATCH (s:WebSecret) RETURN count(s) AS n")[0]["n"] == 0
