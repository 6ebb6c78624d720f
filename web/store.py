"""What the web pages keep in Neo4j themselves: sign-in users, and the company lookup
the search box needs (people come from graph.directory.search_people).

    (:WebUser {id, email, role, person_id, password_hash, created_at, updated_at,
               last_sign_in_at})-[:SIGNS_IN_AS]->(:Person)

Only a werkzeug password hash (scrypt) is stored. Roles: ``rep`` (finds intros) and
``account_manager`` (asks clients for referrals); both see the pipeline.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

from graph.db import Graph
from graph.directory import search_query

ROLES = ("rep", "account_manager")
ROLE_LABELS = {"rep": "Rep", "account_manager": "Account manager"}
MIN_PASSWORD = 10

SCHEMA = (
    "CREATE CONSTRAINT web_user_id IF NOT EXISTS FOR (u:WebUser) REQUIRE u.id IS UNIQUE",
    "CREATE CONSTRAINT web_user_email IF NOT EXISTS FOR (u:WebUser) REQUIRE u.email IS UNIQUE",
)
# a hash to check against when the email is unknown, so both cases take the same time
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))

USER_FIELDS = "u{.id, .email, .role, .person_id, .created_at, .last_sign_in_at}"


class UserError(ValueError):
    """A user cannot be created as asked (bad role, unknown person, short password)."""


def ensure_user_schema(graph: Graph) -> None:
    for statement in SCHEMA:
        graph.execute(statement)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _person_row(graph: Graph, person_id: str) -> dict[str, Any] | None:
    rows = graph.query(
        """
        MATCH (p:Person {id: $id})
        OPTIONAL MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE coalesce(w.current, true)
        WITH p, head(collect(c)) AS c
        RETURN p.id AS id, p.name AS name, p.title AS title, p:Rep AS is_rep, c.name AS company
        """, id=person_id)
    return rows[0] if rows else None


def create_user(graph: Graph, *, email: str, password: str, role: str, person_id: str,
                replace: bool = False) -> dict[str, Any]:
    """Create a user (or, with ``replace``, reset an existing one's password, role and
    person). Raises UserError with a message fit for the command line."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise UserError(f"{email!r} is not an email address.")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}.")
    if len(password or "") < MIN_PASSWORD:
        raise UserError(f"the password needs at least {MIN_PASSWORD} characters.")
    if _person_row(graph, person_id) is None:
        raise UserError(f"No person has the id {person_id!r}.")
    ensure_user_schema(graph)
    existing = graph.query("MATCH (u:WebUser {email: $email}) RETURN u.id AS id", email=email)
    if existing and not replace:
        raise UserError(f"A user with the email {email} already exists.")
    now = datetime.now(UTC)
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
        email=email, id="u-" + secrets.token_hex(8), now=now, role=role, person=person_id,
        hash=generate_password_hash(password))
    return rows[0]["user"]


def authenticate(graph: Graph, email: str, password: str) -> dict[str, Any] | None:
    """The user when the email and password match, else None (same work either way)."""
    rows = graph.query("MATCH (u:WebUser {email: $email}) RETURN u.id AS id, u.password_hash AS hash",
                       email=normalise_email(email))
    stored = rows[0]["hash"] if rows else _DUMMY_HASH
    ok = check_password_hash(stored, password or "")
    if not rows or not ok:
        return None
    graph.execute("MATCH (u:WebUser {id: $id}) SET u.last_sign_in_at = $now", id=rows[0]["id"],
                  now=datetime.now(UTC))
    return get_user(graph, rows[0]["id"])


def get_user(graph: Graph, user_id: str) -> dict[str, Any] | None:
    """The user with their person (name, title, company, whether a rep), or None."""
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
    user = dict(row["user"])
    user.update(name=row["name"] or user["email"], title=row["title"], is_rep=bool(row["is_rep"]),
                company=row["company"], role_label=ROLE_LABELS.get(user["role"], user["role"]))
    return user


def list_users(graph: Graph) -> list[dict[str, Any]]:
    return [r["user"] for r in graph.query(f"MATCH (u:WebUser) RETURN {USER_FIELDS} AS user "
                                           "ORDER BY u.email")]


def search_companies(graph: Graph, text: str, limit: int = 5) -> list[dict[str, Any]]:
    """Companies whose name or domain starts with the words typed, best match first."""
    lucene = search_query(text)
    if lucene is None:
        return []
    return graph.query(
        """
        CALL db.index.fulltext.queryNodes('company_search', $lucene, {limit: $limit})
        YIELD node, score
        RETURN node.id AS id, node.name AS name, node.status AS status, node.industry AS industry,
               node.icp_score AS icp_score,
               COUNT { (node)<-[w:WORKS_AT]-(:Person) WHERE w.current } AS people
        ORDER BY score DESC, name
        """, lucene=lucene, limit=limit)


def reps(graph: Graph) -> list[dict[str, Any]]:
    """The team's reps (the sources a path can start from)."""
    return graph.query("MATCH (r:Rep) WHERE NOT coalesce(r.do_not_contact, false) "
                       "RETURN r.id AS id, r.name AS name, r.title AS title ORDER BY r.name LIMIT 200")


def clients(graph: Graph, today_start, today_end) -> list[dict[str, Any]]:
    """Every client company, best ICP fit and healthiest first, with this quarter's asks."""
    return graph.query(
        """
        MATCH (c:Company {status: 'client'})
        RETURN c.id AS id, c.name AS name, c.industry AS industry, c.region AS region,
               c.employees AS employees, c.icp_score AS icp_score, c.health AS health,
               COUNT { (c)<-[w:WORKS_AT]-(:Person) WHERE w.current } AS people,
               COUNT { MATCH (a:ReferralAsk {client_id: c.id})
                       WHERE a.asked_on >= $start AND a.asked_on <= $end } AS asks_this_quarter
        ORDER BY coalesce(c.icp_score, 0) DESC, coalesce(c.health, 0) DESC, c.name
        """, start=today_start, end=today_end)


def company(graph: Graph, company_id: str) -> dict[str, Any] | None:
    rows = graph.query("MATCH (c:Company {id: $id}) RETURN c{.id, .name, .status, .industry, .region, "
                       ".employees, .icp_score, .health, .domain} AS company", id=company_id)
    return rows[0]["company"] if rows else None


def person_label(graph: Graph, person_id: str) -> dict[str, Any] | None:
    return _person_row(graph, person_id)
