"""Sign-in users of the web pages, and the key their sessions are signed with:

    (:WebUser {id, email, role, person_id, password_hash, created_at, updated_at,
               last_sign_in_at})-[:SIGNS_IN_AS]->(:Person)
    (:WebSecret {name: 'session', value, created_at})

Only a password hash is stored (hashing and the rules: services/users.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.db import Graph

SCHEMA = (
    "CREATE CONSTRAINT web_user_id IF NOT EXISTS FOR (u:WebUser) REQUIRE u.id IS UNIQUE",
    "CREATE CONSTRAINT web_user_email IF NOT EXISTS FOR (u:WebUser) REQUIRE u.email IS UNIQUE",
)

USER_FIELDS = "u{.id, .email, .role, .person_id, .created_at, .last_sign_in_at}"


def ensure_user_schema(graph: Graph) -> None:
    for statement in SCHEMA:
        graph.execute(statement)


def user_id_for_email(graph: Graph, email: str) -> str | None:
    rows = graph.query("MATCH (u:WebUser {email: $email}) RETURN u.id AS id", email=email)
    return rows[0]["id"] if rows else None


def save_user(graph: Graph, *, new_id: str, email: str, role: str, person_id: str, password_hash: str,
              now: datetime) -> dict[str, Any]:
    """Create the user with this email (id `new_id`) or reset the one there: role,
    person and password. Returns the user without its hash."""
    rows = graph.execute(
        f"""
        MERGE (u:WebUser {{email: $email}})
        ON CREATE SET u.id = $id, u.created_at = $now
        SET u.role = $role, u.person_id = $person, u.password_hash = $hash, u.updated_at = $now
        WITH u
        OPTIONAL MATCH (u)-[old:SIGNS_IN_AS]->()
        DELETE old
        WITH DISTINCT u
        MATCH (p:Person {{id: $person}})
        MERGE (u)-[:SIGNS_IN_AS]->(p)
        RETURN {USER_FIELDS} AS user
        """,
        email=email, id=new_id, now=now, role=role, person=person_id, hash=password_hash)
    return rows[0]["user"]


def password_hash(graph: Graph, email: str) -> tuple[str, str] | None:
    """(user id, stored hash) of the user with this email, or None."""
    rows = graph.query("MATCH (u:WebUser {email: $email}) RETURN u.id AS id, u.password_hash AS hash",
                       email=email)
    return (rows[0]["id"], rows[0]["hash"]) if rows else None


def record_sign_in(graph: Graph, user_id: str, now: datetime) -> None:
    graph.execute("MATCH (u:WebUser {id: $id}) SET u.last_sign_in_at = $now", id=user_id, now=now)


def get_user(graph: Graph, user_id: str) -> dict[str, Any] | None:
    """The user with their person (name, title, current company, whether a rep), or None."""
    rows = graph.query(
        f"""
        MATCH (u:WebUser {{id: $id}})
        OPTIONAL MATCH (p:Person {{id: u.person_id}})
        OPTIONAL MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE coalesce(w.current, true)
        WITH u, p, head(collect(c)) AS c
        RETURN {USER_FIELDS} AS user, p.name AS name, p.title AS title, p:Rep AS is_rep,
               c.name AS company
        """, id=user_id)
    if not rows:
        return None
    row = rows[0]
    return {**row["user"], "name": row["name"], "title": row["title"], "is_rep": bool(row["is_rep"]),
            "company": row["company"]}


def list_users(graph: Graph) -> list[dict[str, Any]]:
    return [r["user"] for r in graph.query(f"MATCH (u:WebUser) RETURN {USER_FIELDS} AS user "
                                           "ORDER BY u.email")]


def shared_secret(graph: Graph, name: str, candidate: str) -> str | None:
    """The secret stored under `name`, storing `candidate` first when there is none
    (the first process to ask wins; the others read its value)."""
    rows = graph.execute(
        "MERGE (s:WebSecret {name: $name}) ON CREATE SET s.value = $value, s.created_at = datetime() "
        "RETURN s.value AS value", name=name, value=candidate)
    return rows[0]["value"] if rows else None
