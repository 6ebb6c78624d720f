"""What the web tests share: a small network with a rep, a client's person and a
prospect whose names are markup (to prove escaping), and the rep's sign-in."""

from __future__ import annotations

import pytest

from services.users import create_user

PASSWORD = "correct horse battery"
EVIL = '<script>alert("x")</script>'


@pytest.fixture
def people(graph, ctx):
    graph.execute(
        """
        CREATE (us:Company {id: 'c-us', name: 'Northwind', status: 'other'})
        CREATE (acme:Company {id: 'c-acme', name: 'Acme', status: 'client', icp_score: 0.9, health: 0.8,
                              connector_consent: 'opted_in'})
        CREATE (evil:Company {id: 'c-evil', name: $evil, status: 'prospect', icp_score: 0.8})
        CREATE (rep:Person:Rep {id: 'p-rep', name: 'Rita Rep'})-[:WORKS_AT {current: true}]->(us)
        CREATE (ref:Person {id: 'p-ref', name: 'Carl Client'})-[:WORKS_AT {current: true}]->(acme)
        CREATE (t:Person {id: 'p-evil', name: $evil, title: $evil})-[:WORKS_AT {current: true}]->(evil)
        CREATE (:Person {id: 'p-lonely', name: 'Lonely Lu'})
        CREATE (rep)-[:KNOWS {strength: 0.8}]->(ref)
        CREATE (ref)-[:KNOWS {strength: 0.7}]->(t)
        """, evil=EVIL)
    create_user(ctx, email="rita@example.com", password=PASSWORD, role="rep", person_id="p-rep")
    return graph
