"""What `referrals demo-info` reads from the demo network: the reps to sign in as, and one
good example for each journey (a rep and an ideal-fit prospect, a happy client)."""

from __future__ import annotations

from typing import Any

from graph.db import Graph

EXAMPLE = """
MATCH (r:Rep) WITH r ORDER BY r.id LIMIT 1
OPTIONAL MATCH (t:Person)-[:WORKS_AT {current: true}]->(c:Company {status: 'prospect'})
WHERE c.icp_score >= $ideal AND NOT coalesce(t.do_not_contact, false)
WITH r, t, c ORDER BY c.icp_score DESC, t.id LIMIT 1
OPTIONAL MATCH (cl:Company {status: 'client'}) WITH r, t, c, cl ORDER BY cl.icp_score DESC LIMIT 1
RETURN r.id AS rep, r.name AS rep_name, t.id AS target, t.name AS target_name,
       c.name AS company, cl.id AS client, cl.name AS client_name
"""


def first_reps(graph: Graph, count: int) -> list[dict[str, Any]]:
    return graph.query("MATCH (r:Rep) RETURN r.id AS id, r.name AS name ORDER BY r.id LIMIT $n", n=count)


def example(graph: Graph, ideal: float = 0.7) -> dict[str, Any]:
    rows = graph.query(EXAMPLE, ideal=ideal)
    return rows[0] if rows else {}
