"""Sign-in users of the web pages, and the sign-in throttle's counters:

    (:WebUser {id, email, role, person_id, password_hash, session_version, created_at,
               updated_at, last_sign_in_at})-[:SIGNS_IN_AS]->(:Person)
    (:SignInAttempts {key, tries, window_end, touched_at})

Only a password hash is stored (hashing and the rules: services/users.py). A session
carries the user's `session_version`; bumping it (a new password, a revoke) ends every
session signed in before. The session signing key is not kept here any more (it was a
:WebSecret node, which anyone reading the graph could use to forge sessions): see
runtime settings `session_key_file`; `forget_session_secret` removes the old node.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.db import Graph

SCHEMA = (
    "CREATE CONSTRAINT web_user_id IF NOT EXISTS FOR (u:WebUser) REQUIRE u.id IS UNIQUE",
    "CREATE CONSTRAINT web_user_email IF NOT EXISTS FOR (u:WebUser) REQUIRE u.email IS UNIQUE",
    # MERGE on a unique key is what makes two workers' first failed tries share one counter
    "CREATE CONSTRAINT sign_in_attempts_key IF NOT EXISTS FOR (a:SignInAttempts) REQUIRE a.key IS UNIQUE",
    "CREATE INDEX sign_in_attempts_window IF NOT EXISTS FOR (a:SignInAttempts) ON (a.window_end)",
)

USER_FIELDS = ("u{.id, .email, .role, .person_id, .created_at, .last_sign_in_at, "
               "session_version: coalesce(u.session_version, 0)}")


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
        ON CREATE SET u.id = $id, u.created_at = $now, u.session_version = 0
        ON MATCH SET u.session_version = coalesce(u.session_version, 0) + 1
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


def set_password(graph: Graph, email: str, password_hash: str, now: datetime) -> dict[str, Any] | None:
    """A new password hash; every session signed in before ends. None: no such user."""
    rows = graph.execute(
        f"""
        MATCH (u:WebUser {{email: $email}})
        SET u.password_hash = $hash, u.updated_at = $now,
            u.session_version = coalesce(u.session_version, 0) + 1
        RETURN {USER_FIELDS} AS user
        """, email=email, hash=password_hash, now=now)
    return rows[0]["user"] if rows else None


def revoke_sessions(graph: Graph, email: str, now: datetime) -> dict[str, Any] | None:
    """End every session of the user with this email (the password stays). None: no such user."""
    rows = graph.execute(
        f"""
        MATCH (u:WebUser {{email: $email}})
        SET u.session_version = coalesce(u.session_version, 0) + 1, u.sessions_revoked_at = $now
        RETURN {USER_FIELDS} AS user
        """, email=email, now=now)
    return rows[0]["user"] if rows else None


def delete_user(graph: Graph, email: str, now: datetime) -> dict[str, Any] | None:
    """Remove the sign-in with this email (its sessions end with it: the session check
    finds no user) and revoke the API keys that acted as them; None when there is none."""
    rows = graph.execute(
        f"""
        MATCH (u:WebUser {{email: $email}})
        WITH u, {USER_FIELDS} AS user
        OPTIONAL MATCH (k:ApiKey {{user_id: u.id}})
        SET k.revoked_at = coalesce(k.revoked_at, $now)
        WITH u, user, count(k) AS keys
        DETACH DELETE u
        RETURN user, keys
        """, email=email, now=now)
    return {**rows[0]["user"], "keys_revoked": rows[0]["keys"]} if rows else None


def forget_session_secret(graph: Graph) -> None:
    """Remove the session key older versions kept in the graph (it is in a file now)."""
    graph.execute("MATCH (s:WebSecret) DELETE s")


# ---- the sign-in throttle -------------------------------------------------------------------
_COUNT = """
UNWIND $keys AS k
MERGE (a:SignInAttempts {key: k.key})
ON CREATE SET a.tries = 0, a.window_end = $now
SET a.touched_at = $now   // takes the node's write lock before its count is read
WITH a, k, a.window_end <= $now AS expired
SET a.tries = CASE WHEN expired THEN 0 ELSE a.tries END,
    a.window_end = CASE WHEN expired THEN $window_end ELSE a.window_end END
RETURN k.key AS key, k.limit AS limit, a.tries AS tries, a.window_end AS window_end
"""


def count_sign_in_try(graph: Graph, limits: dict[str, int], now: datetime,
                      window_end: datetime) -> datetime | None:
    """Count one sign-in try against each key (key -> most tries per window), in one
    transaction that locks the counters first, so workers racing on the same key never
    lose a count. A key at its limit is not counted and nothing is: answers when the
    try may happen again. None: the try is counted and may go ahead."""

    def work(tx: ManagedTransaction) -> datetime | None:
        keys = [{"key": key, "limit": limit} for key, limit in limits.items()]
        rows = [r.data() for r in tx.run(_COUNT, keys=keys, now=now, window_end=window_end)]
        blocked = [r["window_end"].to_native() for r in rows if r["tries"] >= r["limit"]]
        if blocked:
            return max(blocked)
        tx.run("UNWIND $keys AS key MATCH (a:SignInAttempts {key: key}) SET a.tries = a.tries + 1",
               keys=list(limits))
        # counters of windows long gone: a few per try, so they never pile up
        tx.run("MATCH (a:SignInAttempts) WHERE a.window_end < $stale WITH a LIMIT 20 DELETE a",
               stale=now - (window_end - now))
        return None

    return graph.write(work)


def forgive_sign_in_try(graph: Graph, *, reset: list[str], refund: list[str]) -> None:
    """After a successful sign-in: `reset` counters start again, `refund` ones give back
    the try just counted."""
    graph.execute(
        """
        OPTIONAL MATCH (r:SignInAttempts) WHERE r.key IN $reset
        DELETE r
        WITH count(*) AS _
        UNWIND $refund AS key
        MATCH (a:SignInAttempts {key: key})
        SET a.tries = CASE WHEN a.tries > 0 THEN a.tries - 1 ELSE 0 END
        """, reset=reset, refund=refund)
