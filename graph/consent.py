"""Client consent to being asked (connector_consent) and people's own word on their ties.

    (:Company {connector_consent, connector_consent_by, connector_consent_at, consent_required})
    (:Person)-[:KNOWS {confirmed_strength, confirmed_by, confirmed_at, hidden}]-(:Person)

Consent: referrals.consent (a client without a value has not been asked).
``consent_required`` is sticky: set whenever a company is a client (API writes, the seed,
and ensure_schema for clients stored before it existed) and never cleared, so a later
status change does not lift the hiding; only ``connector_consent = 'opted_in'`` does.
``HIDDEN_PERSON`` is that rule in Cypher, for the reads that filter in the query (search,
lists); ``hidden_among`` answers it for a set of ids (services/visibility.py).
Confirmations:
a person confirms their tie (its strength as it stands, or one they give), corrects it
(a strength they give) or hides it (never used in ranking). graph/paths.py reads
``coalesce(k.confirmed_strength, k.strength)`` and skips hidden ties.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.db import Graph
from graph.tie_reads import strength_as_of, tie_params
from referrals.consent import Consent, needs_consent, parse_consent
from referrals.errors import Invalid, NotFound
from referrals.tie_strength import TieStrengthParams

ACTIONS = ("confirm", "correct", "hide")

# The Cypher form of referrals.consent.needs_consent for a person bound to `p`: not one of
# our reps, and a current job (a WORKS_AT without `current` counts) at a company that needs
# consent (a client now, or flagged once) and has not opted in. Fixed text, no input.
HIDDEN_PERSON = """(NOT p:Rep AND EXISTS {
  MATCH (p)-[hw:WORKS_AT]->(hc:Company)
  WHERE coalesce(hw.current, true)
    AND (hc.status = 'client' OR coalesce(hc.consent_required, false))
    AND coalesce(hc.connector_consent, 'not_asked') <> 'opted_in'
})"""

HIDDEN_AMONG = f"""
UNWIND $ids AS id
MATCH (p:Person {{id: id}})
WHERE {HIDDEN_PERSON}
CALL (p) {{
  MATCH (p)-[hw:WORKS_AT]->(hc:Company)
  WHERE coalesce(hw.current, true)
    AND (hc.status = 'client' OR coalesce(hc.consent_required, false))
    AND coalesce(hc.connector_consent, 'not_asked') <> 'opted_in'
  RETURN hc.connector_consent AS consent LIMIT 1
}}
RETURN p.id AS id, consent
"""

# Every company that is a client now needs consent from now on (idempotent; the status
# index finds them). Run by ensure_schema at start, after the seed and after imports.
MARK_CLIENTS = """
MATCH (c:Company {status: 'client'}) WHERE c.consent_required IS NULL OR NOT c.consent_required
SET c.consent_required = true
RETURN count(c) AS n
"""


def hidden_among(graph: Graph, ids: Iterable[str]) -> dict[str, str]:
    """Of these people, those hidden until their client opts in, with the client's answer
    (``not_asked`` or ``declined``). Unknown ids are left out. (A path search reads the
    same in its own transaction: graph/paths.py, FACTS_AND_HIDDEN.)"""
    wanted = sorted({i for i in ids if isinstance(i, str) and i})
    return hidden_from(graph.query(HIDDEN_AMONG, ids=wanted)) if wanted else {}


def hidden_from(rows: Iterable[Any]) -> dict[str, str]:
    """HIDDEN_AMONG's rows as {person id: the client's answer}."""
    out = {}
    for row in rows:
        try:
            out[row["id"]] = parse_consent(row["consent"]).value
        except ValueError:  # an unreadable stored value is still a hidden person
            out[row["id"]] = Consent.NOT_ASKED.value
    return out


def mark_clients_consent_required(graph: Graph) -> int:
    """Flag every current client as needing consent (kept when its status changes later);
    returns how many were newly flagged."""
    rows = graph.execute(MARK_CLIENTS)
    return rows[0]["n"] if rows else 0

SET_CONSENT = """
MATCH (c:Company {id: $id})
SET c.connector_consent = $state, c.connector_consent_by = $actor, c.connector_consent_at = $now,
    c.version = coalesce(c.version, 0) + 1, c.updated_at = $now
RETURN c.id AS id, c.name AS name, c.status AS status, c.connector_consent AS consent,
       c.connector_consent_by AS by, c.connector_consent_at AS at
"""
GET_CONSENT = """
MATCH (c:Company {id: $id})
RETURN c.id AS id, c.name AS name, c.status AS status, c.connector_consent AS consent,
       c.connector_consent_by AS by, c.connector_consent_at AS at
"""


def _consent_out(row: Any) -> dict[str, Any]:
    at = row["at"]
    return {"company_id": row["id"], "name": row["name"], "status": row["status"],
            "connector_consent": parse_consent(row["consent"]).value,
            "stored": row["consent"] is not None, "by": row["by"],
            "at": at.to_native() if hasattr(at, "to_native") else at}


def get_consent(graph: Graph, company_id: str) -> dict[str, Any]:
    rows = graph.query(GET_CONSENT, id=company_id)
    if not rows:
        raise NotFound(f"No company has the id {company_id!r}.", field="id")
    return _consent_out(rows[0])


def set_consent(graph: Graph, company_id: str, state: str, *, actor: str, now: datetime,
                in_transaction: Callable[[ManagedTransaction, dict[str, Any]], None] | None = None
                ) -> dict[str, Any]:
    """Store the company's consent with who and when (NotFound for an unknown company).

    `in_transaction(tx, consent)` runs in the same transaction once it is stored (the
    use case writes its webhook event there, so both happen or neither does).
    """
    try:
        value = parse_consent(state)
    except ValueError as exc:
        raise Invalid(str(exc), field="connector_consent") from None

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        record = tx.run(SET_CONSENT, id=company_id, state=value.value, actor=actor, now=now).single()
        if record is None:
            raise NotFound(f"No company has the id {company_id!r}.", field="id")
        out = _consent_out(record)
        if in_transaction is not None:
            in_transaction(tx, out)
        return out

    return graph.write(work)


def opt_in_demo_clients(graph: Graph, share: float = 0.75) -> int:
    """Demo data: opt in the healthiest ``share`` of the clients (the rest stay not asked,
    so the demo shows counts-only paths too). Returns how many were opted in."""
    rows = graph.query("MATCH (c:Company {status: 'client'}) RETURN c.id AS id "
                       "ORDER BY coalesce(c.health, 0) DESC, c.id")
    chosen = [r["id"] for r in rows[: round(len(rows) * share)]]
    mark_clients_consent_required(graph)
    graph.execute("UNWIND $ids AS id MATCH (c:Company {id: id}) "
                  "SET c.connector_consent = $state, c.connector_consent_by = 'demo seed'",
                  ids=chosen, state=Consent.OPTED_IN.value)
    return len(chosen)


CONFIRM = """
MATCH (a:Person {id: $a})-[k:KNOWS]-(b:Person {id: $b})
WITH k LIMIT 1
SET k.confirmed_strength = CASE $action
      WHEN 'hide' THEN k.confirmed_strength
      ELSE coalesce($strength, CONFIRMED_OR_NOW) END,
    k.hidden = ($action = 'hide'),
    k.confirmed_by = $by, k.confirmed_at = $now, k.confirmed_action = $action
RETURN INFERRED_NOW AS inferred, k.confirmed_strength AS confirmed, k.hidden AS hidden,
       k.confirmed_by AS by, k.confirmed_at AS at, k.confirmed_action AS action
"""


# "The strength stands": the one ranking used at that moment (a confirmed one, else the
# inferred strength as of today, decayed: graph/tie_reads.py); from then on it no longer decays.
CONFIRM = (CONFIRM.replace("CONFIRMED_OR_NOW", strength_as_of("k"))
           .replace("INFERRED_NOW", strength_as_of("k", confirmed=False)))


def confirm_tie(graph: Graph, a: str, b: str, action: str, *, strength: float | None, by: str,
                now: datetime, params: TieStrengthParams | None = None) -> dict[str, Any]:
    """Record a person's word on the tie between a and b.

    confirm: the strength stands (or the given one); correct: the given strength (required);
    hide: the tie is not used in ranking (confirm or correct shows it again).
    """
    if action not in ACTIONS:
        raise Invalid(f"action must be one of {', '.join(ACTIONS)}", field="action")
    if action == "correct" and strength is None:
        raise Invalid("a correction needs the strength", field="strength")
    if strength is not None and not 0 < strength <= 1:
        raise Invalid("strength must be in (0, 1]", field="strength")
    if a == b:
        raise Invalid("a tie joins two different people", field="b")
    rows = graph.execute(CONFIRM, a=a, b=b, action=action,
                         strength=None if action == "hide" else strength, by=by, now=now,
                         **tie_params(now.date(), params))
    if not rows:
        raise NotFound(f"{a!r} and {b!r} have no tie on record.", field="b")
    r = rows[0]
    at = r["at"]
    return {"a": a, "b": b, "action": r["action"], "inferred_strength": r["inferred"],
            "confirmed_strength": r["confirmed"], "hidden": bool(r["hidden"]),
            "strength": r["confirmed"] if r["confirmed"] is not None else r["inferred"],
            "confirmed": r["confirmed"] is not None, "confirmed_by": r["by"],
            "confirmed_at": at.to_native() if hasattr(at, "to_native") else at}


def people_needing_consent(graph: Graph, path: list[str], today: date | None = None) -> list[str]:
    """Connectors and the referrer of a path whose client has not opted in (keep the order).

    An introduction along such a path must wait for the client's consent
    (referrals.consent); requesting one checks this first.
    """
    from graph.paths import PathFinder  # here: graph.paths reads this module's rules

    middle = list(path[1:-1])
    if not middle:
        return []
    facts = PathFinder(graph).facts(middle, today or datetime.now(UTC).date())
    hidden = hidden_among(graph, middle)  # the same rule the reads use
    return [p for p in middle if p in hidden or needs_consent(facts.get(p))]


# Before a path search, in one statement: whether the source is one of our reps, who the
# target is now (a merged-away person's id leads to the person it was merged into, as
# graph.identity.follow reads it; any other id stays as asked), and whether that person is
# hidden until their client opts in (HIDDEN_PERSON; a company id never is).
# (`(r:Person {id}) WHERE r:Rep`: the id's unique index, not a scan of every rep: 5.5 -> 2.0 ms
# a call at 1M people with 2,000 reps)
SEARCH_ENDS = f"""
OPTIONAL MATCH (r:Person {{id: $source}}) WHERE r:Rep
WITH r IS NOT NULL AS source_is_rep
OPTIONAL MATCH (:MergedPerson {{id: $target}})-[:SAME_AS*1..5]->(q:Person)
WITH source_is_rep, head(collect(q.id)) AS merged_into
WITH source_is_rep,
     CASE WHEN EXISTS {{ (:Person {{id: $target}}) }} THEN $target
          ELSE coalesce(merged_into, $target) END AS target
OPTIONAL MATCH (p:Person {{id: target}}) WHERE target STARTS WITH 'p-' AND {HIDDEN_PERSON}
RETURN source_is_rep, target, p IS NOT NULL AS hidden
"""


def search_ends(graph: Graph | Any, source: str | None, target: str) -> tuple[bool, str, bool]:
    """(source is one of our reps, the target id to search, that person is hidden until their
    client opts in): the checks a search makes before it starts, in one statement. `graph`
    may be the search's own read transaction (services/paths.py: one transaction a request)."""
    if isinstance(graph, Graph):
        row = graph.query(SEARCH_ENDS, source=source, target=target)[0]
    else:
        row = graph.run(SEARCH_ENDS, {"source": source, "target": target}).single()
    return bool(row["source_is_rep"]), row["target"], bool(row["hidden"])
