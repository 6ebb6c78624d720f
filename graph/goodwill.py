"""The goodwill ledger in Neo4j (rules: referrals/goodwill.py).

    (:MergedAsk {id, into, referrer_id, client_id, account_manager_id, target_id,
                 introduction_id, note, actor, at})-[:MERGED_INTO]->(:ReferralAsk)
        a second ask to a person with an open ask of the last week: not sent, attached to
        the first (the first ask's `merged_count` goes up). Not a ReferralAsk, so fatigue
        and the ranking's ask counts never see it.
    (:Goodwill {id, kind, weight, at, note, actor, created_at})-[:GAVE_TO]->(:Person)
        what we gave back: referral_sent, case_study, thanks, other.

Stored on the Person (kept current on every ask sent and every give-back), for the
ranking (graph/paths.py) and the insights to read:

    goodwill_balance      float: sum of give-back weights - asks sent to this person
                          (referrals.goodwill.goodwill_balance; > 0 we gave more than we
                          asked, < 0 we owe them). Absent: never asked, never given.
    ask_cooldown_until    date: the first day they may be asked again; absent or in the
                          past means they can be asked now.
    goodwill_given        float: sum of give-back weights
    goodwill_asks         int: asks sent (ReferralAsk nodes with referrer_id = this person)
    goodwill_updated_at   datetime of the last refresh
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.db import Graph
from graph.workflow_common import jsonable, native, new_id, utc
from referrals.errors import Invalid, NotFound
from referrals.goodwill import (
    DEFAULT_POLICY,
    GIVE_WEIGHTS,
    AskVerdict,
    GoodwillPolicy,
    PriorAsk,
    cooldown_until,
    decide_ask,
    goodwill_balance,
    parse_give_kind,
)


def prior_asks_tx(tx: ManagedTransaction, person_id: str) -> list[PriorAsk]:
    rows = tx.run(
        "MATCH (a:ReferralAsk {referrer_id: $id}) "
        "RETURN a.id AS id, a.asked_at AS at, a.outcome IS NULL AS open, "
        "coalesce(a.account_manager_id, a.actor) AS by", id=person_id)
    return [PriorAsk(r["id"], utc(native(r["at"])), r["open"], r["by"]) for r in rows]


def check_person_ask_tx(tx: ManagedTransaction, person_id: str, now: datetime,
                        policy: GoodwillPolicy = DEFAULT_POLICY) -> AskVerdict:
    return decide_ask(prior_asks_tx(tx, person_id), utc(now), policy)


def merge_ask_tx(tx: ManagedTransaction, verdict: AskVerdict, *, client_id: str | None, referrer_id: str,
                 now: datetime, actor: str, account_manager_id: str | None = None,
                 target_id: str | None = None, introduction_id: str | None = None,
                 note: str | None = None) -> dict[str, Any]:
    """Attach a second ask to the open one (verdict.merge_into) instead of sending it."""
    record = tx.run(
        """
        MATCH (a:ReferralAsk {id: $into})
        SET a.merged_count = coalesce(a.merged_count, 0) + 1
        CREATE (m:MergedAsk {id: $id, into: $into, referrer_id: $referrer, client_id: $client,
                account_manager_id: $am, target_id: $target, introduction_id: $intro, note: $note,
                actor: $actor, at: $now})-[:MERGED_INTO]->(a)
        RETURN m{.*} AS merged, a.account_manager_id AS first_by, a.asked_at AS first_at,
               a.merged_count AS merged_count
        """,
        into=verdict.merge_into, id=new_id("ma"), referrer=referrer_id, client=client_id,
        am=account_manager_id, target=target_id, intro=introduction_id, note=note, actor=actor,
        now=utc(now)).single()
    out = native(record.data())
    return {**out["merged"], "merged": True, "merged_into": verdict.merge_into, "reason": verdict.reason,
            "first_asked_by": out["first_by"], "first_asked_at": out["first_at"],
            "merged_count": out["merged_count"]}


def refresh_person_tx(tx: ManagedTransaction, person_id: str, today: date,
                      policy: GoodwillPolicy = DEFAULT_POLICY) -> dict[str, Any]:
    """Recompute and store goodwill_balance / ask_cooldown_until (see the module doc)."""
    prior = prior_asks_tx(tx, person_id)
    kinds = [r["kind"] for r in tx.run(
        "MATCH (:Person {id: $id})<-[:GAVE_TO]-(g:Goodwill) RETURN g.kind AS kind", id=person_id)]
    balance = goodwill_balance(kinds, len(prior))
    given = round(sum(GIVE_WEIGHTS[parse_give_kind(k)] for k in kinds), 3)
    until = cooldown_until(prior, today, policy)
    tx.run("MATCH (p:Person {id: $id}) SET p.goodwill_balance = $balance, p.ask_cooldown_until = $until, "
           "p.goodwill_given = $given, p.goodwill_asks = $asks, p.goodwill_updated_at = datetime()",
           id=person_id, balance=balance, until=until, given=given, asks=len(prior)).consume()
    return {"goodwill_balance": balance, "ask_cooldown_until": until, "goodwill_given": given,
            "goodwill_asks": len(prior)}


def record_give(graph: Graph, person_id: str, *, kind: str, at: datetime, actor: str,
                note: str | None = None, now: datetime,
                policy: GoodwillPolicy = DEFAULT_POLICY) -> dict[str, Any]:
    """Record something we gave back to the person; answers the entry and the new balance."""
    try:
        parsed = parse_give_kind(kind)
    except ValueError as exc:
        raise Invalid(str(exc).split(": ", 1)[1], field="kind") from None

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        record = tx.run(
            """
            MATCH (p:Person {id: $person})
            CREATE (g:Goodwill {id: $id, kind: $kind, weight: $weight, at: $at, note: $note,
                    actor: $actor, created_at: $now})-[:GAVE_TO]->(p)
            RETURN g{.*} AS entry
            """, person=person_id, id=new_id("gw"), kind=parsed.value, weight=GIVE_WEIGHTS[parsed],
            at=utc(at), note=note, actor=actor, now=utc(now)).single()
        if record is None:
            raise NotFound(f"No person has the id {person_id!r}.")
        state = refresh_person_tx(tx, person_id, utc(now).date(), policy)
        return {"entry": native(record["entry"]), **state}

    return jsonable(graph.write(work))


def ledger(graph: Graph, person_id: str, *, now: datetime,
           policy: GoodwillPolicy = DEFAULT_POLICY) -> dict[str, Any]:
    """The person's ledger: asks sent (with merged asks), what we gave, the balance, the
    cooldown and whether they can be asked now."""
    now = utc(now)

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        person = tx.run("MATCH (p:Person {id: $id}) RETURN p.id AS id, p.name AS name, "
                        "coalesce(p.do_not_contact, false) AS dnc", id=person_id).single()
        if person is None:
            raise NotFound(f"No person has the id {person_id!r}.")
        asks = [native(r["ask"]) for r in tx.run(
            """
            MATCH (a:ReferralAsk {referrer_id: $id})
            RETURN a{.id, .client_id, .account_manager_id, .target_id, .introduction_id, .asked_at,
                     .outcome, .outcome_at,
                     merged: [(m:MergedAsk)-[:MERGED_INTO]->(a) | m{.id, .account_manager_id,
                              .target_id, .introduction_id, .at, .actor}]} AS ask
            ORDER BY a.asked_at DESC""", id=person_id)]
        gave = [native(r["g"]) for r in tx.run(
            "MATCH (:Person {id: $id})<-[:GAVE_TO]-(g:Goodwill) RETURN g{.*} AS g ORDER BY g.at DESC",
            id=person_id)]
        verdict = check_person_ask_tx(tx, person_id, now, policy)
        prior = prior_asks_tx(tx, person_id)
        kinds = [g["kind"] for g in gave]
        return {
            "person": {"id": person["id"], "name": person["name"], "do_not_contact": person["dnc"]},
            "goodwill_balance": goodwill_balance(kinds, len(prior)),
            "goodwill_given": round(sum(GIVE_WEIGHTS[parse_give_kind(k)] for k in kinds), 3),
            "asks_sent": len(prior),
            "ask_cooldown_until": cooldown_until(prior, now.date(), policy),
            "next_ask": {"decision": verdict.decision.value, "reason": verdict.reason,
                         "merge_into": verdict.merge_into, "cooldown_until": verdict.cooldown_until},
            "policy": {"asks_per_window": policy.asks_per_window, "cooldown_days": policy.cooldown_days,
                       "merge_days": policy.merge_days},
            "asks": asks, "gave": gave,
        }

    return jsonable(graph.read(work))


def ask_histories(graph: Graph, person_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Per person of `person_ids` that exists: `asks` (every ask sent to them, as PriorAsk)
    and `balance` (the stored goodwill_balance), from one read for a whole page."""
    if not person_ids:
        return {}
    rows = graph.query(
        """
        UNWIND $ids AS id
        MATCH (p:Person {id: id})
        OPTIONAL MATCH (a:ReferralAsk {referrer_id: id})
        RETURN id, p.goodwill_balance AS balance,
               collect(CASE WHEN a IS NULL THEN null ELSE {id: a.id, at: a.asked_at, open: a.outcome IS NULL,
                       by: coalesce(a.account_manager_id, a.actor)} END) AS asks
        """, ids=list(person_ids))
    return {row["id"]: {"balance": row["balance"],
                        "asks": [PriorAsk(a["id"], utc(a["at"]), a["open"], a["by"])
                                 for a in native(row["asks"])]}
            for row in rows}
