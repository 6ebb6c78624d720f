"""Who owns a client: the account manager the client's relationship belongs to.

    (:WebUser)-[:OWNS {since, by}]->(:Company)

One owner per company; assigning another moves it. Set by the API, the client page and
CRM imports (an "owner" column naming a sign-in's email).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.db import Graph

ASSIGN = """
MATCH (c:Company {id: $company})
OPTIONAL MATCH (c)<-[old:OWNS]-(:WebUser)
DELETE old
WITH DISTINCT c
OPTIONAL MATCH (u:WebUser {email: $email})
FOREACH (_ IN CASE WHEN u IS NULL THEN [] ELSE [1] END |
    CREATE (u)-[:OWNS {since: $now, by: $by}]->(c))
RETURN c.id AS id
"""

OWNER = """
MATCH (c:Company {id: $company})
OPTIONAL MATCH (c)<-[o:OWNS]-(u:WebUser)
RETURN c.id AS id, u.id AS user_id, u.email AS email, u.role AS role, o.since AS since, o.by AS by
"""


def _owner(row: Any) -> dict[str, Any]:
    since = row["since"]
    return {"company_id": row["id"], "user_id": row["user_id"], "email": row["email"],
            "role": row["role"], "by": row["by"],
            "since": since.to_native() if hasattr(since, "to_native") else since}


def get_owner(graph: Graph, company_id: str) -> dict[str, Any] | None:
    """{company_id, user_id, email, role, since, by} (owner fields None when unowned);
    None when no company has the id."""
    rows = graph.query(OWNER, company=company_id)
    return _owner(rows[0]) if rows else None


def assign_owner(graph: Graph, company_id: str, email: str | None, *, by: str,
                 now: datetime) -> dict[str, Any] | None:
    """Make the sign-in with `email` the owner (None: nobody); None for an unknown company."""
    rows = graph.execute(ASSIGN, company=company_id, email=email, by=by, now=now)
    return get_owner(graph, company_id) if rows else None


ASSIGN_MANY = """
UNWIND $pairs AS pair
MATCH (c:Company {id: pair.company}), (u:WebUser {id: pair.user})
WHERE NOT (u)-[:OWNS]->(c)
OPTIONAL MATCH (c)<-[old:OWNS]-(:WebUser)
DELETE old
WITH DISTINCT c, u
CREATE (u)-[:OWNS {since: $now, by: $by}]->(c)
RETURN c.id AS id
"""


def assign_owners(graph: Graph, pairs: list[dict[str, str]], *, by: str, now: datetime) -> list[str]:
    """Owners for many companies at once ({company, user} pairs); the ids that changed."""
    return [row["id"] for row in graph.execute(ASSIGN_MANY, pairs=pairs, by=by, now=now)]


def users_by_email_or_name(graph: Graph, owner_roles: tuple[str, ...]) -> dict[str, list[str]]:
    """Sign-ins that may own clients, keyed by lower-case email and by their person's
    lower-case name (a CRM export names the owner either way)."""
    rows = graph.query(
        "MATCH (u:WebUser) WHERE u.role IN $roles "
        "OPTIONAL MATCH (p:Person {id: u.person_id}) RETURN u.id AS id, u.email AS email, p.name AS name",
        roles=list(owner_roles))
    out: dict[str, list[str]] = {}
    for row in rows:
        for key in {row["email"], row["name"]}:
            if key:
                out.setdefault(key.strip().lower(), []).append(row["id"])
    return out


def owned_company_ids(graph: Graph, user_id: str) -> set[str]:
    rows = graph.query("MATCH (:WebUser {id: $user})-[:OWNS]->(c:Company) RETURN c.id AS id",
                       user=user_id)
    return {row["id"] for row in rows}


def owners_by_company(graph: Graph, company_ids: list[str]) -> dict[str, str]:
    """Owner emails by company id, for the team view's column."""
    rows = graph.query("UNWIND $ids AS id MATCH (:Company {id: id})<-[:OWNS]-(u:WebUser) "
                       "RETURN id, u.email AS email", ids=list(company_ids))
    return {row["id"]: row["email"] for row in rows}
