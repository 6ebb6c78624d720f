"""Referral asks in Neo4j: an account manager asks a person at a client for an introduction.

    (:ReferralAsk {id, client_id, referrer_id, account_manager_id, target_id,
                   introduction_id, note, actor, asked_at, asked_on, created_at,
                   outcome, outcome_at, outcome_note, thank_you_due})
    (:ReferralAsk)-[:ASKS]->(:Person)          the referrer
    (:ReferralAsk)-[:FOR_CLIENT]->(:Company)   the client (fatigue is counted per client)
    (:ReferralAsk)-[:FOR_INTRODUCTION]->(:Introduction)   when it asks for a tracked intro

Rules (referrals/asks.py, docs/process.md rule 3):
- a client's people are asked at most `max_per_quarter` (3) times in the last 91 days;
  the next ask is held back with the reason and other ideal clients with room to ask;
- every ask ends in an outcome (made_intro, declined, no_answer); a made introduction is
  thanked within 2 days (`thank_you_due`);
- moving a tracked introduction to `asked` creates its ask (so it counts against the
  client's limit); accepted -> introduced closes it as made_intro, asked -> declined as
  declined (referrals.asks.ask_outcome_for_transition).

Goodwill (referrals/goodwill.py, graph/goodwill.py): before an ask is sent, the person's
own budget is checked across the whole team: an open ask of the last week takes the new
one in (a MergedAsk, answered with `merged: true`), and a person asked up to their budget
in the cooldown window is held back (409 `ask_cooldown` with `cooldown_until`). Every
ask sent refreshes the Person's `goodwill_balance` / `ask_cooldown_until`. Those steps,
shared with a move to `asked` (graph/introductions.py), are in graph/ask_steps.py.

Ranking: graph/paths.py FACTS counts, per referrer, asks not tied to a tracked
introduction (the introduction itself counts there) by `asked_on`, and their made_intro
outcomes as introductions made.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from neo4j import ManagedTransaction

from graph import introductions
from graph.ask_steps import (
    ASK_FIELDS,
    asks_in_quarter_tx,
    quarter_start,
    referrer_context_tx,
    send_ask_tx,
)
from graph.db import Graph, InTransaction
from graph.workflow_common import (
    jsonable,
    native,
    page,
    utc,
)
from referrals.asks import (
    DEFAULT_MAX_PER_QUARTER,
    AskOutcome,
    ReferrerRecord,
    ask_fatigue,
    parse_outcome,
    thank_you_due,
)
from referrals.errors import Conflict, Invalid, NotFound
from referrals.goodwill import DEFAULT_POLICY, GoodwillPolicy
from referrals.icp import DEFAULT_PROFILE, IdealClientProfile, is_ideal_client
from referrals.introductions import Outcome
from referrals.paging import keyset_position

# graph.asks.quarter_start is where callers have found it; it lives with the steps now.
__all__ = ["create_ask", "get_ask", "list_asks", "people_names", "quarter_start", "record_outcome",
           "referrer_record"]


# ---- public API ----------------------------------------------------------------------------
def _ask_out(ask: dict[str, Any]) -> dict[str, Any]:
    return jsonable({k: v for k, v in ask.items()})


def create_ask(graph: Graph, client_id: str, *, referrer_id: str, now: datetime, actor: str,
               target_id: str | None = None, account_manager_id: str | None = None,
               note: str | None = None, introduction_id: str | None = None,
               max_per_quarter: int = DEFAULT_MAX_PER_QUARTER,
               profile: IdealClientProfile = DEFAULT_PROFILE,
               policy: GoodwillPolicy = DEFAULT_POLICY,
               in_transaction: InTransaction | None = None) -> dict[str, Any]:
    """Ask `referrer_id` (who works at client `client_id`) for an introduction.

    `in_transaction(tx, {"ask", "moved"})` runs before the commit: `moved` is the
    introduction's move to asked (see graph/introductions.transition) or None.

    Goodwill first: an open ask to the same person from the last week takes this one in
    (answered with `merged: true`, `merged_into`; nothing is sent, nothing counted), and a
    person at their budget is held back (Conflict `ask_cooldown`).

    With `introduction_id` the tracked introduction moves requested -> asked (its ask is
    this one). Raises NotFound (no such client), InvalidField (referrer not at the client,
    do-not-contact, unknown people) and Conflict (ask limit reached; `extra` holds the
    alternatives)."""
    now = utc(now)
    client = graph.query(
        "MATCH (c:Company {id: $id}) RETURN c.id AS id, c.name AS name, c.status AS status, "
        "c.icp_score AS icp_score, c.health AS health", id=client_id)
    if not client:
        raise NotFound(f"No company has the id {client_id!r}.")
    client_row = client[0]
    if (client_row["status"] or "").strip().lower() != "client":
        raise Invalid(f"{client_row['name'] or client_id} is not a current client "
                           f"(status {client_row['status']!r}); referral asks go to clients",
                           field="client_id")

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        ctx = referrer_context_tx(tx, referrer_id)
        if ctx is None:
            raise Invalid(f"No person has the id {referrer_id!r}.", field="referrer_id")
        if ctx["dnc"]:
            raise Invalid("That person asked not to be contacted.", field="referrer_id")
        if ctx["company_id"] != client_id:
            raise Invalid(f"{ctx['name'] or referrer_id} does not work at this client now.",
                               field="referrer_id")
        for field_name, pid in (("target_id", target_id), ("account_manager_id", account_manager_id)):
            if pid is None:
                continue
            other = referrer_context_tx(tx, pid)
            if other is None:
                raise Invalid(f"No person has the id {pid!r}.", field=field_name)
            if field_name == "target_id" and other["dnc"]:
                raise Invalid("That person asked not to be contacted.", field="target_id")
        ask, fatigue = send_ask_tx(tx, client_id=client_id, referrer_id=referrer_id, now=now, actor=actor,
                                   policy=policy, max_per_quarter=max_per_quarter, profile=profile,
                                   account_manager_id=account_manager_id, target_id=target_id,
                                   note=note)
        if in_transaction is not None:
            in_transaction(tx, {"ask": ask, "moved": None})
        return {"ask": ask, "fatigue": fatigue}

    if introduction_id is not None:
        try:
            intro = introductions.get_introduction(graph, introduction_id, with_history=False)
        except NotFound:
            raise Invalid(f"No introduction has the id {introduction_id!r}.",
                               field="introduction_id") from None
        if account_manager_id is not None and not graph.query(
                "MATCH (p:Person {id: $id}) RETURN p.id AS id", id=account_manager_id):
            raise Invalid(f"No person has the id {account_manager_id!r}.", field="account_manager_id")
        if intro["referrer_id"] != referrer_id:
            raise Invalid("the introduction runs through someone else; ask its referrer",
                               field="introduction_id")
        if target_id is not None and target_id != intro["target_id"]:
            raise Invalid("the introduction is to someone else", field="target_id")
        result = introductions.transition(
            graph, introduction_id, "asked", actor=actor, now=now, note=note,
            max_per_quarter=max_per_quarter, profile=profile, policy=policy,
            ask={"account_manager_id": account_manager_id, "note": note, "client_id": client_id},
            in_transaction=None if in_transaction is None else (
                lambda tx, moved: in_transaction(tx, {"ask": moved["ask"], "moved": moved})))
        ask = result["ask"]
        fatigue = result["fatigue"]
    else:
        out = graph.write(work)
        ask, fatigue = out["ask"], out["fatigue"]
    body = _ask_out(ask)
    body.setdefault("merged", False)
    body["fatigue"] = fatigue
    body["client_fit"] = {
        "ideal_client": is_ideal_client(client_row["status"], client_row["icp_score"],
                                        client_row["health"], profile),
        "icp_score": client_row["icp_score"], "health": client_row["health"],
    }
    return body


def get_ask(graph: Graph, ask_id: str) -> dict[str, Any]:
    rows = graph.query(f"MATCH (a:ReferralAsk {{id: $id}}) RETURN {ASK_FIELDS} AS ask", id=ask_id)
    if not rows:
        raise NotFound(f"No referral ask has the id {ask_id!r}.")
    return _ask_out(rows[0]["ask"])


def list_asks(graph: Graph, client_id: str, *, limit: int = 50, cursor: str | None = None,
              today: date | None = None, max_per_quarter: int = DEFAULT_MAX_PER_QUARTER) -> dict[str, Any]:
    """A client's asks, newest first, with how many this quarter."""
    if not graph.query("MATCH (c:Company {id: $id}) RETURN c.id AS id", id=client_id):
        raise NotFound(f"No company has the id {client_id!r}.")
    after_at, after_id = keyset_position(cursor)
    rows = graph.query(
        f"""
        MATCH (a:ReferralAsk {{client_id: $client}})
        WHERE $after_at IS NULL OR a.created_at < $after_at OR (a.created_at = $after_at AND a.id < $after_id)
        WITH a ORDER BY a.created_at DESC, a.id DESC LIMIT $limit
        RETURN {ASK_FIELDS} AS ask
        """,
        client=client_id, after_at=after_at, after_id=after_id,
        limit=limit + 1)
    items, next_cursor = page([native(r["ask"]) for r in rows], limit)
    today = today or date.today()
    in_quarter = graph.read(lambda tx: asks_in_quarter_tx(tx, client_id, today))
    return {"items": [_ask_out(a) for a in items], "next_cursor": next_cursor,
            "fatigue": {"asks_in_quarter": in_quarter, "max_per_quarter": max_per_quarter,
                        "reason": ask_fatigue(in_quarter, max_per_quarter).reason,
                        "allowed": ask_fatigue(in_quarter, max_per_quarter).allowed}}


def record_outcome(graph: Graph, ask_id: str, outcome: AskOutcome | str, *, now: datetime,
                   actor: str, note: str | None = None,
                   in_transaction: InTransaction | None = None) -> dict[str, Any]:
    """Close an ask with its outcome; answers the ask, the thank-you due date and the
    referrer's updated record. Recording the same outcome again changes nothing; a
    different one is a Conflict."""
    parsed = parse_outcome(outcome)
    now = utc(now)

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        record = tx.run("MATCH (a:ReferralAsk {id: $id}) SET a._lock = true REMOVE a._lock "
                        "RETURN a.outcome AS outcome, a.client_id AS client_id, "
                        "a.referrer_id AS referrer_id", id=ask_id).single()
        if record is None:
            raise NotFound(f"No referral ask has the id {ask_id!r}.")
        if record["outcome"] is not None:
            if record["outcome"] == parsed.value:
                return {"changed": False}
            raise Conflict(f"this ask already ended as {record['outcome']}; an outcome is recorded once",
                           field="outcome")
        tx.run("MATCH (a:ReferralAsk {id: $id}) SET a.outcome = $o, a.outcome_at = $now, "
               "a.outcome_note = $note, a.thank_you_due = $due",
               id=ask_id, o=parsed.value, now=now, note=note, due=thank_you_due(parsed, now)).consume()
        if in_transaction is not None:
            in_transaction(tx, {"id": ask_id, "client_id": record["client_id"],
                                "referrer_id": record["referrer_id"], "outcome": parsed.value,
                                "outcome_at": now,
                                "thank_you_due": thank_you_due(parsed, now)})
        return {"changed": True}

    changed = graph.write(work)["changed"]
    ask = get_ask(graph, ask_id)
    ask["changed"] = changed
    ask["referrer_record"] = referrer_record(graph, ask["referrer_id"]).to_dict()
    return ask


REFERRER_RECORD = """
MATCH (p:Person {id: $id})
RETURN
  COUNT { MATCH (a:ReferralAsk {referrer_id: $id}) WHERE a.outcome IS NOT NULL } AS asks,
  COUNT { MATCH (a:ReferralAsk {referrer_id: $id}) WHERE a.outcome = 'made_intro' } AS made,
  COUNT { MATCH (a:ReferralAsk {referrer_id: $id}) WHERE a.outcome = 'declined' } AS declined,
  COUNT { MATCH (a:ReferralAsk {referrer_id: $id}) WHERE a.outcome = 'no_answer' } AS no_answer,
  COLLECT { MATCH (i:Introduction {referrer_id: $id})
            RETURN [coalesce(i.history, false), i.status, coalesce(i.reached_accepted, false),
                    coalesce(i.reached_won, false)] } AS intros
"""


def referrer_record(graph: Graph, person_id: str) -> ReferrerRecord:
    """The referrer's record (referrals.asks.ReferrerRecord): asks and their outcomes, plus
    introductions the target accepted and deals won (each counted once, from the whole
    history); imported past introductions count as one ask each."""
    rows = graph.query(REFERRER_RECORD, id=person_id)
    if not rows:
        raise NotFound(f"No person has the id {person_id!r}.")
    row = rows[0]
    asks, made, declined, no_answer = row["asks"], row["made"], row["declined"], row["no_answer"]
    accepted = won = 0
    for imported, status, reached_accepted, reached_won in row["intros"]:
        if imported:
            try:
                outcome = Outcome.from_status(status) if status else Outcome()
            except ValueError:  # a CRM status the workflow does not know
                outcome = Outcome()
            asks += 1
            made += int(outcome.made)
            declined += int(not outcome.made)
        else:
            outcome = Outcome(accepted=reached_accepted, won=reached_won)
        accepted += int(outcome.accepted)
        won += int(outcome.won)
    return ReferrerRecord(asks=asks, made=made, declined=declined, no_answer=no_answer,
                          accepted=accepted, won=won)


def people_names(graph: Graph, person_ids: set[str] | list[str]) -> dict[str, str]:
    """The names of the people asks mention (referrers, targets, account managers), by id;
    unknown ids are left out."""
    if not person_ids:
        return {}
    return {r["id"]: r["name"] for r in graph.query(
        "MATCH (p:Person) WHERE p.id IN $ids RETURN p.id AS id, p.name AS name", ids=list(person_ids))}
