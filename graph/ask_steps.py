"""The steps of a referral ask inside a write transaction, shared by the two ways an ask
is made: on its own (graph/asks.py) and by moving a tracked introduction to `asked`
(graph/introductions.py). Both of those import this module, never each other's steps.

Order of the checks (`send_ask_tx`): the person's goodwill budget across the whole team
first (an open ask of the last week takes the new one in, a person at their budget rests:
referrals/goodwill.py, graph/goodwill.py), then the client's ask fatigue this quarter
(referrals/asks.py); only then is the ask created and the person's goodwill refreshed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from neo4j import ManagedTransaction

from graph.goodwill import check_person_ask_tx, merge_ask_tx, refresh_person_tx
from graph.workflow_common import native, new_id
from referrals.asks import QUARTER, AskOutcome, ask_fatigue, thank_you_due
from referrals.errors import Conflict, NotFound
from referrals.goodwill import AskDecision, AskVerdict, GoodwillPolicy
from referrals.icp import IdealClientProfile

ASK_FIELDS = """a{.id, .client_id, .referrer_id, .account_manager_id, .target_id, .introduction_id,
  .note, .actor, .asked_at, .created_at, .outcome, .outcome_at, .outcome_note, .thank_you_due}"""


def quarter_start(today: date) -> date:
    """First day of the rolling quarter ending today (91 days, today included)."""
    return today - QUARTER + timedelta(days=1)


def asks_in_quarter_tx(tx: ManagedTransaction, client_id: str, today: date) -> int:
    record = tx.run(
        "MATCH (a:ReferralAsk {client_id: $client}) WHERE a.asked_on >= $start AND a.asked_on <= $end "
        "RETURN count(a) AS n", client=client_id, start=quarter_start(today), end=today).single()
    return int(record["n"]) if record else 0


def alternatives_tx(tx: ManagedTransaction, exclude: str, today: date, max_per_quarter: int,
                    profile: IdealClientProfile, limit: int = 5) -> list[dict[str, Any]]:
    """Other ideal, happy clients that can still be asked this quarter, best fit first."""
    rows = tx.run(
        """
        MATCH (c:Company {status: 'client'})
        WHERE c.id <> $exclude AND c.icp_score >= $threshold AND c.health >= $min_health
        WITH c, COUNT { MATCH (a:ReferralAsk {client_id: c.id})
                        WHERE a.asked_on >= $start AND a.asked_on <= $end } AS asks
        WHERE asks < $max
        RETURN c.id AS id, c.name AS name, c.icp_score AS icp_score, c.health AS health,
               asks AS asks_this_quarter
        ORDER BY c.icp_score DESC, c.health DESC, c.id LIMIT $limit
        """,
        exclude=exclude, threshold=profile.ideal_threshold, min_health=profile.min_health,
        start=quarter_start(today), end=today, max=max_per_quarter, limit=limit)
    return [r.data() for r in rows]


def check_goodwill_tx(tx: ManagedTransaction, person_id: str, now: datetime,
                      policy: GoodwillPolicy) -> AskVerdict:
    """The person's verdict (send / merge / cooldown); raises Conflict on cooldown."""
    verdict = check_person_ask_tx(tx, person_id, now, policy)
    if verdict.decision is AskDecision.COOLDOWN:
        raise Conflict(verdict.reason, code="ask_cooldown", field="referrer_id", person_id=person_id,
                       cooldown_until=verdict.cooldown_until.isoformat() if verdict.cooldown_until else None,
                       asks_in_window=verdict.asks_in_window, asks_per_window=policy.asks_per_window,
                       cooldown_days=policy.cooldown_days)
    return verdict


def check_fatigue_tx(tx: ManagedTransaction, client_id: str, today: date, max_per_quarter: int,
                     profile: IdealClientProfile) -> dict[str, Any]:
    """Raise Conflict (reason + alternatives) when the client is at its limit."""
    verdict = ask_fatigue(asks_in_quarter_tx(tx, client_id, today), max_per_quarter)
    if not verdict.allowed:
        raise Conflict(verdict.reason, code="ask_fatigue", client_id=client_id,
                       asks_in_quarter=verdict.asks_in_quarter, max_per_quarter=verdict.max_per_quarter,
                       alternatives=alternatives_tx(tx, client_id, today, max_per_quarter, profile))
    return {"asks_in_quarter": verdict.asks_in_quarter, "max_per_quarter": verdict.max_per_quarter,
            "reason": verdict.reason}


def create_ask_tx(tx: ManagedTransaction, *, client_id: str, referrer_id: str, now: datetime,
                  actor: str, account_manager_id: str | None = None, target_id: str | None = None,
                  introduction_id: str | None = None, note: str | None = None) -> dict[str, Any]:
    ask_id = new_id("ra")
    record = tx.run(
        f"""
        MATCH (r:Person {{id: $referrer}})
        MATCH (c:Company {{id: $client}})
        CREATE (a:ReferralAsk {{id: $id, client_id: $client, referrer_id: $referrer,
                account_manager_id: $am, target_id: $target, introduction_id: $intro, note: $note,
                actor: $actor, asked_at: $now, asked_on: $today, created_at: $now}})
        CREATE (a)-[:ASKS]->(r)
        CREATE (a)-[:FOR_CLIENT]->(c)
        WITH a
        OPTIONAL MATCH (i:Introduction {{id: $intro}})
        FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END | CREATE (a)-[:FOR_INTRODUCTION]->(i))
        RETURN {ASK_FIELDS} AS ask
        """,
        id=ask_id, client=client_id, referrer=referrer_id, am=account_manager_id, target=target_id,
        intro=introduction_id, note=note, actor=actor, now=now, today=now.date()).single()
    if record is None:
        raise NotFound(f"no person {referrer_id!r} or company {client_id!r}", field="referrer_id")
    return native(record["ask"])


def close_ask_for_introduction_tx(tx: ManagedTransaction, introduction_id: str, outcome: AskOutcome,
                                  now: datetime) -> dict[str, Any] | None:
    """Record the outcome on the introduction's open ask, if it has one."""
    record = tx.run(
        f"""
        MATCH (a:ReferralAsk {{introduction_id: $intro}}) WHERE a.outcome IS NULL
        WITH a ORDER BY a.asked_at DESC LIMIT 1
        SET a.outcome = $outcome, a.outcome_at = $now, a.thank_you_due = $due
        RETURN {ASK_FIELDS} AS ask
        """,
        intro=introduction_id, outcome=outcome.value, now=now, due=thank_you_due(outcome, now)).single()
    return native(record["ask"]) if record else None


def referrer_context_tx(tx: ManagedTransaction, person_id: str) -> dict[str, Any] | None:
    """The person, whether they may be contacted, and their current company."""
    record = tx.run(
        """
        MATCH (p:Person {id: $id})
        OPTIONAL MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE coalesce(w.current, true)
        WITH p, c ORDER BY c.id LIMIT 1
        RETURN p.id AS id, p.name AS name, coalesce(p.do_not_contact, false) AS dnc,
               c.id AS company_id, c.name AS company_name, c.status AS company_status
        """, id=person_id).single()
    return record.data() if record else None


def send_ask_tx(tx: ManagedTransaction, *, client_id: str, referrer_id: str, now: datetime, actor: str,
                policy: GoodwillPolicy, max_per_quarter: int, profile: IdealClientProfile,
                account_manager_id: str | None = None, target_id: str | None = None,
                introduction_id: str | None = None,
                note: str | None = None) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(the ask, the client's fatigue) after the checks in the module doc; a merged ask
    comes back with `merged: true` and no fatigue (nothing was sent, nothing counted)."""
    verdict = check_goodwill_tx(tx, referrer_id, now, policy)
    if verdict.decision is AskDecision.MERGE:
        merged = merge_ask_tx(tx, verdict, client_id=client_id, referrer_id=referrer_id, now=now,
                              actor=actor, account_manager_id=account_manager_id, target_id=target_id,
                              introduction_id=introduction_id, note=note)
        return merged, None
    fatigue = check_fatigue_tx(tx, client_id, now.date(), max_per_quarter, profile)
    ask = create_ask_tx(tx, client_id=client_id, referrer_id=referrer_id, now=now, actor=actor,
                        account_manager_id=account_manager_id, target_id=target_id,
                        introduction_id=introduction_id, note=note)
    refresh_person_tx(tx, referrer_id, now.date(), policy)
    return ask, fatigue
