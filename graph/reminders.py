"""Reminders in Neo4j (rules: referrals/reminders.py; use cases: services/reminders.py).

    (:Reminder {id, key, kind, user_id, status: open | dismissed | resolved, due_on,
                ask_id, introduction_id, introduction_version, client_id, referrer_id,
                target_id, raised_at, raised_by, dismissed_at, resolved_at})

`key` is unique (REMINDER_SCHEMA), and raising is a MERGE on it: two ticks at once, on one
machine or several, create each reminder once. The tick that created one is the one that
says so (`raised_by` is its run id), so its `reminder.raised` event is written once, in
the same transaction.

A reminder shows while its reason holds, checked when it is read: a thank-you until a
`thanks` give-back to the referrer is recorded after the introduction was made, an
unanswered ask until it has an outcome, an introduction's reminder while the introduction
is at the version it was raised at. The next tick marks the others `resolved`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.db import Graph
from graph.introductions import review_row
from graph.workflow_common import native, new_id, utc

REMINDER_SCHEMA = (
    "CREATE CONSTRAINT reminder_key IF NOT EXISTS FOR (r:Reminder) REQUIRE r.key IS UNIQUE",
    "CREATE INDEX reminder_user IF NOT EXISTS FOR (r:Reminder) ON (r.user_id, r.status)",
)

FIELDS = ("r{.id, .kind, .user_id, .status, .due_on, .ask_id, .introduction_id, .client_id, "
          ".referrer_id, .target_id, .raised_at, .dismissed_at}")

# who hears about an ask: whoever asked, the tracked introduction's requester, the client's owner
_ASK_USERS = """
OPTIONAL MATCH (asker:WebUser)
  WHERE a.account_manager_id IS NOT NULL AND asker.person_id = a.account_manager_id
OPTIONAL MATCH (i:Introduction {id: a.introduction_id})
OPTIONAL MATCH (requester:WebUser) WHERE i IS NOT NULL AND requester.person_id = i.requester_id
OPTIONAL MATCH (:Company {id: a.client_id})<-[:OWNS]-(owner:WebUser)
WITH a, collect(DISTINCT asker.id) + collect(DISTINCT requester.id) + collect(DISTINCT owner.id) AS users
"""

THANKED = """EXISTS { MATCH (:Person {id: a.referrer_id})<-[:GAVE_TO]-(g:Goodwill {kind: 'thanks'})
                     WHERE g.at >= a.outcome_at OR g.created_at >= a.outcome_at }"""

THANK_YOU_DUE = f"""
MATCH (a:ReferralAsk {{outcome: 'made_intro'}})
WHERE a.thank_you_due IS NOT NULL AND a.thank_you_due >= $since AND NOT {THANKED}
{_ASK_USERS}
RETURN a.id AS ask_id, a.thank_you_due AS thank_you_due, a.client_id AS client_id,
       a.referrer_id AS referrer_id, a.target_id AS target_id, a.introduction_id AS introduction_id, users
"""

OPEN_ASKS = f"""
MATCH (a:ReferralAsk)
WHERE a.outcome IS NULL AND a.asked_at <= $before AND a.asked_at >= $since
{_ASK_USERS}
RETURN a.id AS ask_id, a.asked_at AS asked_at, a.client_id AS client_id, a.referrer_id AS referrer_id,
       a.target_id AS target_id, users
"""

# open introductions past the early stage, as referrals.review reads them
INTRODUCTIONS = """
MATCH (i:Introduction)
WHERE NOT i.status IN $skip AND (i.last_transition_at IS NOT NULL OR i.requested_at IS NOT NULL)
OPTIONAL MATCH (u:WebUser) WHERE u.person_id = i.requester_id
WITH i, collect(u.id) AS users
RETURN i.id AS id, i.status AS status,
       coalesce(i.last_transition_at, datetime({date: i.requested_at})) AS last_transition_at,
       coalesce(i.outbound_touches, 0) AS outbound_touches, coalesce(i.inbound_touches, 0) AS replies,
       i.assignment AS assignment, i.next_meeting_at AS next_meeting_at, i.last_meeting_at AS last_meeting_at,
       i.version AS version, i.referrer_id AS referrer_id, i.target_id AS target_id, users
"""


def ensure_schema(graph: Graph) -> None:
    for statement in REMINDER_SCHEMA:
        graph.execute(statement)


def thank_yous_due(graph: Graph, since: date) -> list[dict[str, Any]]:
    start = utc(datetime.combine(since, datetime.min.time()))
    return [native(r) for r in graph.query(THANK_YOU_DUE, since=start)]


def open_asks(graph: Graph, *, before: datetime, since: datetime) -> list[dict[str, Any]]:
    rows = [native(r) for r in graph.query(OPEN_ASKS, before=utc(before), since=utc(since))]
    for row in rows:
        row["asked_at"] = utc(row["asked_at"])
    return rows


def open_introductions(graph: Graph, skip_statuses: list[str]) -> list[dict[str, Any]]:
    return [review_row(native(r)) for r in graph.query(INTRODUCTIONS, skip=skip_statuses)]


RAISE = """
UNWIND $rows AS row
MERGE (r:Reminder {key: row.key})
ON CREATE SET r += row.props, r.id = row.id, r.status = 'open', r.raised_at = $now, r.raised_by = $run
RETURN r{.*} AS reminder, r.raised_by = $run AS created
"""

RESOLVE = """
MATCH (r:Reminder {status: 'open'})
WHERE NOT r.key IN $keys
SET r.status = 'resolved', r.resolved_at = $now
RETURN count(r) AS resolved
"""


def raise_reminders(graph: Graph, props: list[dict[str, Any]], *, now: datetime, run: str,
                    on_created: Callable[[ManagedTransaction, list[dict[str, Any]]], None] | None = None
                    ) -> dict[str, Any]:
    """MERGE each reminder on its key and mark the open ones no longer due `resolved`, in one
    write transaction; `on_created(tx, created)` runs in it with the reminders this run made.
    Answers {raised: [...created], already: n, resolved: n}."""
    rows = [{"key": p["key"], "id": new_id("rem"), "props": p} for p in props]

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        out = [(native(r["reminder"]), r["created"]) for r in tx.run(RAISE, rows=rows, now=utc(now), run=run)]
        created = [r for r, new in out if new]
        resolved = tx.run(RESOLVE, keys=[p["key"] for p in props], now=utc(now)).single()["resolved"]
        if on_created is not None and created:
            on_created(tx, created)
        return {"raised": created, "already": len(out) - len(created), "resolved": resolved}

    return graph.write(work)


# a reminder shows while its reason holds (see the module doc)
_STILL_DUE = f"""
OPTIONAL MATCH (a:ReferralAsk {{id: r.ask_id}})
OPTIONAL MATCH (i:Introduction {{id: r.introduction_id}})
WITH r, a, i
WHERE CASE r.kind
        WHEN 'thank_you_due' THEN a IS NOT NULL AND NOT {THANKED}
        WHEN 'ask_unanswered' THEN a IS NOT NULL AND a.outcome IS NULL
        ELSE i IS NOT NULL AND coalesce(i.version, 0) = r.introduction_version
      END
"""

LIST = f"""
MATCH (r:Reminder {{user_id: $user, status: 'open'}})
{_STILL_DUE}
RETURN {FIELDS} AS reminder
ORDER BY r.due_on, r.raised_at, r.id
LIMIT $limit
"""

COUNT = f"""
MATCH (r:Reminder {{user_id: $user, status: 'open'}})
{_STILL_DUE}
RETURN count(r) AS n
"""


def list_for_user(graph: Graph, user_id: str, limit: int = 100) -> list[dict[str, Any]]:
    return [native(r["reminder"]) for r in graph.query(LIST, user=user_id, limit=limit)]


def count_for_user(graph: Graph, user_id: str) -> int:
    rows = graph.query(COUNT, user=user_id)
    return int(rows[0]["n"]) if rows else 0


DISMISS = f"""
MATCH (r:Reminder {{id: $id, user_id: $user}})
SET r.dismissed_at = CASE WHEN r.status = 'open' THEN $now ELSE r.dismissed_at END,
    r.status = CASE WHEN r.status = 'open' THEN 'dismissed' ELSE r.status END
RETURN {FIELDS} AS reminder
"""


def dismiss(graph: Graph, reminder_id: str, user_id: str, now: datetime) -> dict[str, Any] | None:
    """Dismiss one of the user's reminders (dismissing twice changes nothing); None when the
    user has no reminder with that id."""
    rows = graph.execute(DISMISS, id=reminder_id, user=user_id, now=utc(now))
    return native(rows[0]["reminder"]) if rows else None


def user_for_person(graph: Graph, person_id: str) -> str | None:
    """The sign-in of a person (a person's API key acts as them)."""
    rows = graph.query("MATCH (u:WebUser {person_id: $person}) RETURN u.id AS id ORDER BY u.id LIMIT 1",
                       person=person_id)
    return rows[0]["id"] if rows else None


def names(graph: Graph, ids: set[str]) -> dict[str, str]:
    """Names of the people and companies a reminder mentions."""
    rows = graph.query("UNWIND $ids AS id OPTIONAL MATCH (p:Person {id: id}) "
                       "OPTIONAL MATCH (c:Company {id: id}) WITH id, coalesce(p.name, c.name) AS name "
                       "WHERE name IS NOT NULL RETURN id, name",
                       ids=sorted(ids))
    return {r["id"]: r["name"] for r in rows}
