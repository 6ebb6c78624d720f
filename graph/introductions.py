"""Introductions in Neo4j: requests along real paths, the status workflow with its
history, touches, qualification, and inquiries (kept apart: never leads).

    (:Person)-[:REQUESTED]->(:Introduction {id, status, path, requester_id, referrer_id,
        target_id, requested_at (date), created_at, updated_at, last_transition_at,
        version, note, actor, bant (JSON), assignment, next_meeting_at, last_meeting_at,
        last_reason, reached_accepted, reached_won, outbound_touches, inbound_touches,
        last_touch_at, prospect_consent, prospect_consent_at, prospect_consent_channel})
        -[:TO]->(:Person)
    (:Introduction)-[:HAS_CONSENT]->(:ProspectConsent {seq, answer, at, channel, recorded_by,
        note, recorded_at})   double opt-in: the prospect's yes / no before names are shared
    (:Introduction)-[:THROUGH]->(:Person)            everyone between requester and target
    (:Introduction)-[:HAS_EVENT]->(:IntroductionEvent {seq, from, to, actor, at, note,
        assignment, next_meeting_at, reason, flags})
    (:Introduction)-[:HAS_TOUCH]->(:Touch {id, direction, channel, at, actor, note})
    (:Inquiry {id, kind, at, person_id, company_id, source, note, created_at})

`status`, `referrer_id` and `requested_at` are what graph/paths.py reads for a referrer's
record and ask fatigue, so they are kept current on every move (`requested_at` is a
date, like the imported history's, and is renewed when a decline is reopened).

The rules themselves live in referrals/ (introductions, qualification, asks); this
module only loads, checks with them and stores, each move in one write transaction
that first locks the introduction so concurrent moves serialise and a stale `version`
is refused.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.ask_steps import close_ask_for_introduction_tx, referrer_context_tx, send_ask_tx
from graph.db import Graph, InTransaction
from graph.workflow_common import (
    jsonable,
    native,
    new_id,
    page,
    utc,
)
from referrals.asks import DEFAULT_MAX_PER_QUARTER, ask_outcome_for_transition
from referrals.errors import Conflict, Invalid, NotFound, StaleVersion
from referrals.goodwill import DEFAULT_POLICY, GoodwillPolicy
from referrals.icp import DEFAULT_PROFILE, IdealClientProfile
from referrals.introductions import (
    CLOSED_STATUSES,
    ConsentRequired,
    IllegalTransition,
    IntroStatus,
    Outcome,
    ReasonRequired,
    Transition,
    UnknownStatus,
    allowed_targets,
    apply_transition,
    consent_declined_reason,
    flags_for,
    missing_next_step,
    parse_status,
    record_prospect_consent,
    start,
)
from referrals.paging import keyset_position
from referrals.qualification import Bant, InquiryKind, is_qualified
from referrals.review import ReviewItem

MAX_PATH_HOPS = 4

INTRO_FIELDS = """i{.id, .status, .path, .requester_id, .referrer_id, .target_id, .requested_at,
  .created_at, .updated_at, .last_transition_at, .version, .note, .actor, .bant, .assignment,
  .next_meeting_at, .last_meeting_at, .last_reason, .outbound_touches, .inbound_touches,
  .last_touch_at, .history, .prospect_consent, .prospect_consent_at, .prospect_consent_channel}"""

PERSON_CARD = """{id: {v}.id, name: {v}.name, title: {v}.title,
  company: CASE WHEN {c} IS NULL THEN null ELSE {{id: {c}.id, name: {c}.name, status: {c}.status,
  icp_score: {c}.icp_score}} END}"""


def _card(var: str, company: str) -> str:
    return PERSON_CARD.replace("{v}", var).replace("{c}", company).replace("{{", "{").replace("}}", "}")


DETAIL = f"""
MATCH (i:Introduction {{id: $id}})
OPTIONAL MATCH (req:Person {{id: i.requester_id}})
OPTIONAL MATCH (ref:Person {{id: i.referrer_id}})
OPTIONAL MATCH (ref)-[rw:WORKS_AT]->(rc:Company) WHERE coalesce(rw.current, true)
WITH i, req, ref, head(collect(rc)) AS rc
OPTIONAL MATCH (tgt:Person {{id: i.target_id}})
OPTIONAL MATCH (tgt)-[tw:WORKS_AT]->(tc:Company) WHERE coalesce(tw.current, true)
WITH i, req, ref, rc, tgt, head(collect(tc)) AS tc
RETURN {INTRO_FIELDS} AS intro,
       CASE WHEN req IS NULL THEN null ELSE {{id: req.id, name: req.name, title: req.title}} END AS requester,
       CASE WHEN ref IS NULL THEN null ELSE {_card('ref', 'rc')} END AS referrer,
       CASE WHEN tgt IS NULL THEN null ELSE {_card('tgt', 'tc')} END AS target,
       [(i)-[:HAS_EVENT]->(e:IntroductionEvent) | e{{.*}}] AS events
"""


# ---- reading --------------------------------------------------------------------------------
def _event_out(e: dict[str, Any]) -> dict[str, Any]:
    return {
        "seq": e.get("seq"), "from": e.get("from"), "to": e.get("to"), "actor": e.get("actor"),
        "at": e.get("at"), "note": e.get("note"), "assignment": e.get("assignment"),
        "next_meeting_at": e.get("next_meeting_at"), "reason": e.get("reason"),
        "flags": list(e.get("flags") or []),
    }


def _bant(intro: dict[str, Any]) -> Bant:
    raw = intro.get("bant")
    return Bant.from_dict(json.loads(raw)) if raw else Bant()


def _flags(intro: dict[str, Any]) -> list[str]:
    """Red flags on the introduction as it stands: no_next_step when its latest meeting
    ended without an assignment and a next meeting."""
    if intro.get("status") != IntroStatus.MEETING_HELD.value or intro.get("last_meeting_at") is None:
        return []
    t = Transition(None, IntroStatus.MEETING_HELD, "-", intro["last_meeting_at"],
                   assignment=intro.get("assignment"), next_meeting_at=intro.get("next_meeting_at"))
    return flags_for(t)


def _qualification(intro: dict[str, Any], icp_score: float | None,
                   profile: IdealClientProfile) -> dict[str, Any]:
    bant = _bant(intro)
    result = is_qualified(icp_score, bant, profile.ideal_threshold)
    return {"bant": bant.to_dict(), "icp_score": icp_score, "threshold": profile.ideal_threshold,
            "qualified": result.qualified, "complete": result.complete,
            "completeness": result.completeness, "icp_fit": result.icp_fit,
            "missing": result.missing, "questions": result.questions}


def _summary(intro: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in intro.items() if k not in ("bant", "history")}
    out["imported"] = bool(intro.get("history"))
    out["outbound_touches"] = intro.get("outbound_touches") or 0
    out["inbound_touches"] = intro.get("inbound_touches") or 0
    try:
        out["allowed_transitions"] = [s.value for s in allowed_targets(intro["status"])]
    except (UnknownStatus, KeyError):
        out["allowed_transitions"] = []
    out["flags"] = _flags(intro)
    return out


def get_introduction(graph: Graph, intro_id: str, *, with_history: bool = True,
                     profile: IdealClientProfile = DEFAULT_PROFILE) -> dict[str, Any]:
    """The introduction with requester, referrer, target (and their companies), the whole
    history timeline (oldest first), flags and the qualification state; JSON-ready."""
    rows = graph.query(DETAIL, id=intro_id)
    if not rows:
        raise NotFound(f"No introduction has the id {intro_id!r}.")
    row = native(rows[0])
    intro = row["intro"]
    out = _summary(intro)
    out["requester"] = row["requester"]
    out["referrer"] = row["referrer"]
    out["target"] = row["target"]
    target_company = (row["target"] or {}).get("company") or {}
    out["qualification"] = _qualification(intro, target_company.get("icp_score"), profile)
    if with_history:
        events = sorted(row["events"], key=lambda e: e.get("seq") or 0)
        out["history"] = [_event_out(e) for e in events]
    return jsonable(out)


def requester_of(graph: Graph, intro_id: str) -> str | None:
    """Who requested the introduction (the one read the ownership check needs); NotFound."""
    rows = graph.query("MATCH (i:Introduction {id: $id}) RETURN i.requester_id AS requester", id=intro_id)
    if not rows:
        raise NotFound(f"No introduction has the id {intro_id!r}.")
    return rows[0]["requester"]


def list_introductions(graph: Graph, *, status: str | None = None, requester_id: str | None = None,
                       referrer_id: str | None = None, target_id: str | None = None, limit: int = 50,
                       cursor: str | None = None) -> dict[str, Any]:
    """Newest first, keyset-paginated; filters are exact."""
    if status is not None:
        try:
            status = parse_status(status).value
        except UnknownStatus as exc:
            raise Invalid(str(exc), field="status") from None
    after_at, after_id = keyset_position(cursor)
    rows = graph.query(
        f"""
        MATCH (i:Introduction)
        WHERE i.created_at IS NOT NULL
          AND ($status IS NULL OR i.status = $status)
          AND ($requester IS NULL OR i.requester_id = $requester)
          AND ($referrer IS NULL OR i.referrer_id = $referrer)
          AND ($target IS NULL OR i.target_id = $target)
          AND ($after_at IS NULL OR i.created_at < $after_at
               OR (i.created_at = $after_at AND i.id < $after_id))
        WITH i ORDER BY i.created_at DESC, i.id DESC LIMIT $limit
        RETURN {INTRO_FIELDS} AS intro
        """,
        status=status, requester=requester_id, referrer=referrer_id, target=target_id,
        after_at=after_at, after_id=after_id, limit=limit + 1)
    items, next_cursor = page([native(r["intro"]) for r in rows], limit)
    return {"items": [jsonable(_summary(i)) for i in items], "next_cursor": next_cursor}


# ---- creating -------------------------------------------------------------------------------
PATH_PEOPLE = """
UNWIND range(0, size($path) - 1) AS n
OPTIONAL MATCH (p:Person {id: $path[n]})
RETURN n, p IS NOT NULL AS found, coalesce(p.do_not_contact, false) AS dnc, p.name AS name
ORDER BY n
"""
PATH_TIES = """
UNWIND range(0, size($path) - 2) AS n
OPTIONAL MATCH (:Person {id: $path[n]})-[k:KNOWS]-(:Person {id: $path[n + 1]})
RETURN n, count(k) > 0 AS tie
ORDER BY n
"""


def validate_path(tx: ManagedTransaction, requester_id: str, target_id: str, path: list[str]) -> None:
    """The path must run from the requester to the target over real KNOWS ties, through
    at least one referrer, with nobody who asked not to be contacted; InvalidField names
    `requester_id`, `target_id` or `path`."""
    if not path or len(path) < 3:
        raise Invalid("a path runs requester, referrer(s), target: at least 3 people "
                           "(someone you know directly needs no introduction)", field="path")
    if len(path) - 1 > MAX_PATH_HOPS:
        raise Invalid(f"a path has at most {MAX_PATH_HOPS} hops", field="path")
    if path[0] != requester_id:
        raise Invalid("the path must start at the requester", field="path")
    if path[-1] != target_id:
        raise Invalid("the path must end at the target", field="path")
    if len(set(path)) != len(path):
        raise Invalid("the path visits someone twice", field="path")
    people = [r.data() for r in tx.run(PATH_PEOPLE, path=path)]
    for row in people:
        n, pid = row["n"], path[row["n"]]
        where = "requester_id" if n == 0 else "target_id" if n == len(path) - 1 else "path"
        if not row["found"]:
            raise Invalid(f"No person has the id {pid!r} (path[{n}]).", field=where)
        if row["dnc"] and n > 0:
            raise Invalid(f"{row['name'] or pid} (path[{n}]) asked not to be contacted.", field="path")
    for row in tx.run(PATH_TIES, path=path):
        if not row["tie"]:
            n = row["n"]
            raise Invalid(f"{path[n]!r} and {path[n + 1]!r} (path[{n}] and path[{n + 1}]) "
                               "do not know each other", field="path")


CREATE = """
MATCH (req:Person {id: $requester})
MATCH (tgt:Person {id: $target})
CREATE (i:Introduction {id: $id, status: $status, path: $path, requester_id: $requester,
        referrer_id: $referrer, target_id: $target, requested_at: $today, created_at: $now,
        updated_at: $now, last_transition_at: $now, version: 1, note: $note, actor: $actor,
        outbound_touches: 0, inbound_touches: 0, reached_accepted: false, reached_won: false})
CREATE (req)-[:REQUESTED]->(i)
CREATE (i)-[:TO]->(tgt)
CREATE (i)-[:HAS_EVENT]->(:IntroductionEvent {seq: 1, from: null, to: $status, actor: $actor,
        at: $now, note: $note, flags: []})
WITH i
UNWIND $via AS via
MATCH (v:Person {id: via})
CREATE (i)-[:THROUGH]->(v)
RETURN count(*) AS through
"""


def create_introduction(graph: Graph, *, requester_id: str, target_id: str, path: list[str],
                        actor: str, now: datetime, note: str | None = None,
                        profile: IdealClientProfile = DEFAULT_PROFILE,
                        in_transaction: InTransaction | None = None) -> dict[str, Any]:
    """Store a requested introduction along a checked path. Conflict when the same
    requester already has an open introduction to the same target. `in_transaction(tx,
    facts)` runs before the commit (the caller's events go in with the change)."""
    now = utc(now)
    first = start(actor, now, note)
    intro_id = new_id("i")

    def work(tx: ManagedTransaction) -> None:
        validate_path(tx, requester_id, target_id, path)
        existing = tx.run(
            "MATCH (i:Introduction {requester_id: $r, target_id: $t}) WHERE NOT i.status IN $closed "
            "RETURN i.id AS id LIMIT 1", r=requester_id, t=target_id,
            closed=[s.value for s in CLOSED_STATUSES]).single()
        if existing is not None:
            raise Conflict("you already have an open introduction to this person",
                           code="duplicate", existing_id=existing["id"])
        tx.run(CREATE, id=intro_id, status=first.to_status.value, path=path, requester=requester_id,
               referrer=path[-2], target=target_id, today=now.date(), now=now, note=first.note,
               actor=first.actor, via=path[1:-1]).consume()
        if in_transaction is not None:
            in_transaction(tx, {"id": intro_id, "status": first.to_status.value,
                                "requester_id": requester_id, "referrer_id": path[-2],
                                "target_id": target_id, "version": 1})

    graph.write(work)
    return get_introduction(graph, intro_id, profile=profile)


# ---- moving ---------------------------------------------------------------------------------
def _lock(tx: ManagedTransaction, intro_id: str) -> dict[str, Any]:
    """Take the introduction's write lock, then read it (so concurrent moves serialise)."""
    if tx.run("MATCH (i:Introduction {id: $id}) SET i._lock = true REMOVE i._lock RETURN i.id AS id",
              id=intro_id).single() is None:
        raise NotFound(f"No introduction has the id {intro_id!r}.")
    record = tx.run(
        f"""
        MATCH (i:Introduction {{id: $id}})
        OPTIONAL MATCH (:Person {{id: i.target_id}})-[w:WORKS_AT]->(c:Company) WHERE coalesce(w.current, true)
        WITH i, head(collect(c)) AS c
        RETURN {INTRO_FIELDS} AS intro, c.icp_score AS target_icp,
               [(i)-[:HAS_EVENT]->(e:IntroductionEvent) | e.to] AS reached
        """, id=intro_id).single()
    data = native(record.data())
    intro = data["intro"]
    intro["target_icp"] = data["target_icp"]
    intro["reached"] = data["reached"]
    return intro


def _check_version(intro: dict[str, Any], expected: int | None) -> None:
    if expected is not None and expected != intro.get("version"):
        raise StaleVersion(
            f"the introduction changed since you read it (you sent version {expected}, it is at "
            f"version {intro.get('version')}); reload it and try again",
            field="version", current_version=intro.get("version"), status_now=intro.get("status"))


EVENT = """
MATCH (i:Introduction {id: $id})
SET i += $props, i.version = coalesce(i.version, 0) + 1
CREATE (i)-[:HAS_EVENT]->(:IntroductionEvent {seq: $seq, from: $from, to: $to, actor: $actor, at: $at,
        note: $note, assignment: $assignment, next_meeting_at: $next_meeting_at, reason: $reason,
        flags: $flags})
"""


def transition(graph: Graph, intro_id: str, to: str, *, actor: str, now: datetime,
               note: str | None = None, assignment: str | None = None,
               next_meeting_at: datetime | None = None, reason: str | None = None,
               expected_version: int | None = None, profile: IdealClientProfile = DEFAULT_PROFILE,
               max_per_quarter: int = DEFAULT_MAX_PER_QUARTER,
               ask: dict[str, Any] | None = None,
               policy: GoodwillPolicy = DEFAULT_POLICY,
               in_transaction: InTransaction | None = None) -> dict[str, Any]:
    """Move an introduction (referrals.introductions.apply_transition) and store the
    history entry. Returns {"introduction", "event", "ask", "fatigue"}.

    Raises NotFound; StaleVersion (a Conflict) when `expected_version` is not current;
    Conflict for a move the machine does not allow (extra: allowed), for `qualified`
    while the lead is not qualified (extra: missing, questions) and for an ask over the
    client's limit (extra: alternatives); InvalidField for qualified_out without a
    reason, meeting details on another move, or a bad status.
    Moving to `asked` records the referral ask (counted against the referrer's client);
    accepted -> introduced and asked -> declined close that ask with its outcome.
    accepted -> introduced needs the prospect's recorded yes (Conflict
    `prospect_consent_required` otherwise; see `record_consent`). Moving to `asked` checks
    the referrer's goodwill budget first (referrals.goodwill): an open ask from the last
    week takes this one in (`ask.merged`), a person in cooldown is a Conflict `ask_cooldown`.
    """
    now = utc(now)
    next_meeting_at = utc(next_meeting_at) if next_meeting_at is not None else None
    try:
        target = parse_status(to)
    except UnknownStatus as exc:
        raise Invalid(str(exc), field="to") from None

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        out = _move_tx(tx, intro_id, target, actor=actor, now=now, note=note, assignment=assignment,
                       next_meeting_at=next_meeting_at, reason=reason,
                       expected_version=expected_version, profile=profile,
                       max_per_quarter=max_per_quarter, ask=ask, policy=policy)
        if in_transaction is not None:
            in_transaction(tx, out)
        return out

    out = graph.write(work)
    return _move_result(graph, intro_id, out, profile)


def _move_result(graph: Graph, intro_id: str, out: dict[str, Any],
                 profile: IdealClientProfile) -> dict[str, Any]:
    event: Transition = out["event"]
    event_dict = event.to_dict()
    event_dict["missing_next_step"] = missing_next_step(event)
    return {"introduction": get_introduction(graph, intro_id, profile=profile),
            "event": jsonable(event_dict), "ask": jsonable(out["ask"]), "fatigue": out["fatigue"]}


def _move_tx(tx: ManagedTransaction, intro_id: str, target: IntroStatus, *, actor: str, now: datetime,
             note: str | None, assignment: str | None, next_meeting_at: datetime | None,
             reason: str | None, expected_version: int | None, profile: IdealClientProfile,
             max_per_quarter: int, ask: dict[str, Any] | None,
             policy: GoodwillPolicy) -> dict[str, Any]:
    """One move inside a write transaction (see `transition`)."""
    intro = _lock(tx, intro_id)
    _check_version(intro, expected_version)
    try:
        event = apply_transition(intro["status"], target, actor=actor, at=now, note=note,
                                 assignment=assignment, next_meeting_at=next_meeting_at,
                                 reason=reason, prospect_consent=intro.get("prospect_consent"))
    except ReasonRequired as exc:
        raise Invalid(str(exc), field="reason") from None
    except ConsentRequired as exc:
        raise Conflict(str(exc), field="to", code="prospect_consent_required",
                       status_now=intro["status"], prospect_consent=intro.get("prospect_consent"),
                       allowed=exc.allowed) from None
    except IllegalTransition as exc:
        raise Conflict(str(exc), field="to", code="illegal_transition", status_now=intro["status"],
                       allowed=exc.allowed) from None
    except UnknownStatus as exc:
        raise Conflict(str(exc), field="to") from None
    except ValueError as exc:
        message = str(exc)
        raise Invalid(message, field=message.split(":", 1)[0].split(" /")[0]) from None
    if target is IntroStatus.QUALIFIED:
        result = is_qualified(intro["target_icp"], _bant(intro), profile.ideal_threshold)
        if not result.qualified:
            raise Conflict("not qualified yet: a lead fits the ideal client profile and has a known "
                           "budget and need; " + "; ".join(result.missing),
                           field="to", code="not_qualified", missing=result.missing,
                           questions=result.questions, icp_score=intro["target_icp"])
    props: dict[str, Any] = {"status": target.value, "updated_at": now, "last_transition_at": now}
    if target is IntroStatus.MEETING_HELD:
        props.update(assignment=event.assignment, next_meeting_at=event.next_meeting_at,
                     last_meeting_at=now)
    if target is IntroStatus.REQUESTED:  # a reopened decline is a fresh request
        props["requested_at"] = now.date()
        # ... so the prospect is asked again (double opt-in); the old answer stays in history
        props.update(prospect_consent=None, prospect_consent_at=None, prospect_consent_channel=None)
    if event.reason:
        props["last_reason"] = event.reason
    reached = Outcome.from_history([*(s for s in intro["reached"] if s), target.value])
    props.update(reached_accepted=reached.accepted, reached_won=reached.won)
    ask_row = fatigue = None
    if target is IntroStatus.ASKED:
        ctx = referrer_context_tx(tx, intro["referrer_id"])
        client_id = ctx["company_id"] if ctx else None
        wanted_client = (ask or {}).get("client_id")
        if wanted_client is not None and wanted_client != client_id:
            raise Invalid("the introduction's referrer does not work at this client now",
                               field="referrer_id")
        if ctx and ctx["dnc"]:
            raise Invalid("the referrer asked not to be contacted", field="referrer_id")
        if client_id is not None:
            ask_row, fatigue = send_ask_tx(
                tx, client_id=client_id, referrer_id=intro["referrer_id"], now=now, actor=actor,
                policy=policy, max_per_quarter=max_per_quarter, profile=profile,
                account_manager_id=(ask or {}).get("account_manager_id"), target_id=intro["target_id"],
                introduction_id=intro_id, note=(ask or {}).get("note", note))
    outcome = ask_outcome_for_transition(intro["status"], target)
    if outcome is not None:
        ask_row = close_ask_for_introduction_tx(tx, intro_id, outcome, now)
    tx.run(EVENT, id=intro_id, props=props, seq=len(intro["reached"]) + 1,
           **{"from": event.from_status.value if event.from_status else None},
           to=event.to_status.value, actor=event.actor, at=now, note=event.note,
           assignment=event.assignment, next_meeting_at=event.next_meeting_at,
           reason=event.reason, flags=flags_for(event)).consume()
    moved = {"id": intro_id, "referrer_id": intro["referrer_id"], "target_id": intro["target_id"],
             "requester_id": intro.get("requester_id"), "version": (intro.get("version") or 0) + 1}
    return {"event": event, "ask": ask_row, "fatigue": fatigue, "introduction": moved}


# ---- double opt-in ----------------------------------------------------------------------------
def record_consent(graph: Graph, intro_id: str, answer: str, *, channel: str, at: datetime | None,
                   actor: str, now: datetime, note: str | None = None,
                   expected_version: int | None = None,
                   profile: IdealClientProfile = DEFAULT_PROFILE,
                   in_transaction: InTransaction | None = None) -> dict[str, Any]:
    """Store the prospect's yes / no (with when and the channel) while the introduction is
    asked or accepted. A no closes it as declined with the reason, in the same transaction.
    Returns {"consent", "introduction", "event" (the decline, or None)}. Conflict (409) when
    the introduction is not asked / accepted; InvalidField for answer / channel."""
    now = utc(now)
    at = utc(at) if at is not None else now

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        intro = _lock(tx, intro_id)
        _check_version(intro, expected_version)
        try:
            consent = record_prospect_consent(intro["status"], answer, channel=channel, at=at,
                                              recorded_by=actor, note=note)
        except IllegalTransition as exc:
            raise Conflict(str(exc), field="answer", code="consent_not_expected",
                           status_now=intro["status"]) from None
        except (ValueError, UnknownStatus) as exc:
            message = str(exc)
            raise Invalid(message, field=message.split(":", 1)[0]) from None
        tx.run(
            """
            MATCH (i:Introduction {id: $id})
            SET i.prospect_consent = $answer, i.prospect_consent_at = $at,
                i.prospect_consent_channel = $channel, i.updated_at = $now,
                i.version = coalesce(i.version, 0) + 1
            CREATE (i)-[:HAS_CONSENT]->(:ProspectConsent {
                seq: COUNT { (i)-[:HAS_CONSENT]->() } + 1, answer: $answer, at: $at,
                channel: $channel, recorded_by: $by, note: $note, recorded_at: $now})
            """, id=intro_id, answer=consent.answer.value, at=at, channel=consent.channel,
            by=consent.recorded_by, note=consent.note, now=now).consume()
        moved = None
        if not consent.given:
            moved = _move_tx(tx, intro_id, IntroStatus.DECLINED, actor=actor, now=now, note=note,
                             assignment=None, next_meeting_at=None,
                             reason=consent_declined_reason(consent), expected_version=None,
                             profile=profile, max_per_quarter=DEFAULT_MAX_PER_QUARTER, ask=None,
                             policy=DEFAULT_POLICY)
        out = {"consent": consent, "moved": moved,
               "introduction": {"id": intro_id, "referrer_id": intro["referrer_id"],
                                "target_id": intro["target_id"],
                                "version": (moved or {}).get("introduction", {}).get("version")
                                or (intro.get("version") or 0) + 1}}
        if in_transaction is not None:
            in_transaction(tx, out)
        return out

    out = graph.write(work)
    body: dict[str, Any] = {"consent": out["consent"].to_dict(), "event": None}
    if out["moved"] is not None:
        body.update(_move_result(graph, intro_id, out["moved"], profile))
    else:
        body["introduction"] = get_introduction(graph, intro_id, profile=profile)
    return jsonable(body)


def list_consents(graph: Graph, intro_id: str) -> list[dict[str, Any]]:
    rows = graph.query("MATCH (i:Introduction {id: $id}) OPTIONAL MATCH (i)-[:HAS_CONSENT]->(c) "
                       "RETURN collect(c{.*}) AS items", id=intro_id)
    if not rows:
        raise NotFound(f"No introduction has the id {intro_id!r}.")
    return jsonable(sorted(native(rows[0]["items"]), key=lambda c: c.get("seq") or 0))


# ---- qualification and touches ----------------------------------------------------------------
def set_qualification(graph: Graph, intro_id: str, bant: dict[str, Any], *, now: datetime,
                      expected_version: int | None = None,
                      profile: IdealClientProfile = DEFAULT_PROFILE,
                      in_transaction: InTransaction | None = None) -> dict[str, Any]:
    """Replace the BANT answers (budget, authority, need, timing); returns the
    qualification state. InvalidField names the BANT field."""
    try:
        parsed = Bant.from_dict(bant)
    except ValueError as exc:
        message = str(exc)
        raise Invalid(message, field=message.split(":", 1)[0]) from None

    def work(tx: ManagedTransaction) -> None:
        intro = _lock(tx, intro_id)
        _check_version(intro, expected_version)
        tx.run("MATCH (i:Introduction {id: $id}) SET i.bant = $bant, i.updated_at = $now, "
               "i.version = coalesce(i.version, 0) + 1", id=intro_id, bant=json.dumps(parsed.to_dict()),
               now=utc(now)).consume()
        if in_transaction is not None:
            in_transaction(tx, {"id": intro_id, "bant": parsed.to_dict(),
                                "version": (intro.get("version") or 0) + 1})

    graph.write(work)
    intro = get_introduction(graph, intro_id, with_history=False, profile=profile)
    return {"introduction_id": intro_id, "version": intro["version"], **intro["qualification"]}


def record_touch(graph: Graph, intro_id: str, *, direction: str, channel: str | None, at: datetime,
                 actor: str, note: str | None = None) -> dict[str, Any]:
    """Log one touch (outbound: we reached out; inbound: they replied). Touches feed the
    one-way flag of the pipeline review; they are not status changes (the version stays)."""
    if direction not in ("outbound", "inbound"):
        raise Invalid("must be outbound or inbound", field="direction")
    touch_id = new_id("t")
    counter = "outbound_touches" if direction == "outbound" else "inbound_touches"
    rows = graph.execute(
        f"""
        MATCH (i:Introduction {{id: $id}})
        CREATE (i)-[:HAS_TOUCH]->(t:Touch {{id: $tid, direction: $direction, channel: $channel, at: $at,
                actor: $actor, note: $note}})
        SET i.{counter} = coalesce(i.{counter}, 0) + 1,
            i.last_touch_at = CASE WHEN i.last_touch_at IS NULL OR i.last_touch_at < $at
                                   THEN $at ELSE i.last_touch_at END
        RETURN t{{.*}} AS touch, coalesce(i.outbound_touches, 0) AS outbound,
               coalesce(i.inbound_touches, 0) AS inbound
        """,
        id=intro_id, tid=touch_id, direction=direction, channel=channel, at=utc(at), actor=actor,
        note=note)
    if not rows:
        raise NotFound(f"No introduction has the id {intro_id!r}.")
    row = rows[0]
    return jsonable({**row["touch"], "introduction_id": intro_id,
                     "outbound_touches": row["outbound"], "inbound_touches": row["inbound"]})


def list_touches(graph: Graph, intro_id: str) -> list[dict[str, Any]]:
    rows = graph.query("MATCH (i:Introduction {id: $id}) OPTIONAL MATCH (i)-[:HAS_TOUCH]->(t:Touch) "
                       "RETURN i.id AS id, collect(t{.*}) AS touches", id=intro_id)
    if not rows:
        raise NotFound(f"No introduction has the id {intro_id!r}.")
    return jsonable(sorted(native(rows[0]["touches"]), key=lambda t: (t["at"], t["id"])))


# ---- pipeline review ----------------------------------------------------------------------------
REVIEW_ITEMS = """
MATCH (i:Introduction)
WHERE ($requester IS NULL OR i.requester_id = $requester)
  AND (i.last_transition_at IS NOT NULL OR i.requested_at IS NOT NULL)
OPTIONAL MATCH (tgt:Person {id: i.target_id})
OPTIONAL MATCH (ref:Person {id: i.referrer_id})
OPTIONAL MATCH (req:Person {id: i.requester_id})
RETURN i.id AS id, i.status AS status,
       coalesce(i.last_transition_at, datetime({date: i.requested_at})) AS last_transition_at,
       coalesce(i.outbound_touches, 0) AS outbound_touches, coalesce(i.inbound_touches, 0) AS replies,
       i.assignment AS assignment, i.next_meeting_at AS next_meeting_at,
       i.last_meeting_at AS last_meeting_at,
       coalesce(tgt.name, i.target_id) + ' via ' + coalesce(ref.name, i.referrer_id, 'direct') AS title,
       coalesce(req.name, i.requester_id) AS owner, i.version AS version,
       i.referrer_id AS referrer_id, i.target_id AS target_id
"""


def review_items(graph: Graph, requester_id: str | None = None) -> list[dict[str, Any]]:
    """Every introduction as a referrals.review.ReviewItem mapping (plus version)."""
    return [review_row(native(r)) for r in graph.query(REVIEW_ITEMS, requester=requester_id)]


def review_row(row: dict[str, Any]) -> dict[str, Any]:
    """An introduction's row as the review reads it (also the reminders' tick)."""
    row["last_transition_at"] = utc(row["last_transition_at"])
    # a "next meeting" that is not after the meeting is no next meeting (rule 5)
    nxt, held = row.get("next_meeting_at"), row.get("last_meeting_at")
    if nxt is not None and held is not None and nxt <= held:
        row["next_meeting_at"] = None
    return row


def as_review_item(row: dict[str, Any]) -> ReviewItem:
    return ReviewItem.from_mapping(row)


# ---- inquiries ----------------------------------------------------------------------------------
INQUIRY_FIELDS = "q{.id, .kind, .at, .person_id, .company_id, .source, .note, .created_at}"


def create_inquiry(graph: Graph, *, kind: str, at: datetime | None, now: datetime,
                   person_id: str | None = None, company_id: str | None = None,
                   source: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Store an inquiry (a sign of attention). It is never a lead and never an
    introduction: it does not appear in the pipeline or in anyone's record."""
    try:
        kind_value = InquiryKind(str(kind).strip().lower()).value
    except ValueError:
        raise Invalid(f"must be one of {', '.join(k.value for k in InquiryKind)}",
                           field="kind") from None
    checks = (("person_id", "Person", person_id), ("company_id", "Company", company_id))
    for field_name, label, value in checks:
        found = value is None or graph.query(f"MATCH (n:{label} {{id: $id}}) RETURN n.id AS id", id=value)
        if not found:
            raise Invalid(f"No {label.lower()} has the id {value!r}.", field=field_name)
    now = utc(now)
    rows = graph.execute(
        f"""
        CREATE (q:Inquiry {{id: $id, kind: $kind, at: $at, person_id: $person, company_id: $company,
                source: $source, note: $note, created_at: $now}})
        RETURN {INQUIRY_FIELDS} AS q
        """, id=new_id("q"), kind=kind_value, at=utc(at) if at else now, person=person_id,
        company=company_id, source=source, note=note, now=now)
    return _inquiry_out(rows[0]["q"])


def _inquiry_out(q: dict[str, Any]) -> dict[str, Any]:
    out = jsonable(q)
    out["is_lead"] = False
    out["why_not_a_lead"] = ("An inquiry shows attention, not intent: a lead fits the ideal client "
                             "profile and has a known budget and need.")
    return out


def list_inquiries(graph: Graph, *, kind: str | None = None, limit: int = 50,
                   cursor: str | None = None) -> dict[str, Any]:
    after_at, after_id = keyset_position(cursor)
    rows = graph.query(
        f"""
        MATCH (q:Inquiry)
        WHERE ($kind IS NULL OR q.kind = $kind)
          AND ($after_at IS NULL OR q.created_at < $after_at
               OR (q.created_at = $after_at AND q.id < $after_id))
        WITH q ORDER BY q.created_at DESC, q.id DESC LIMIT $limit
        RETURN {INQUIRY_FIELDS} AS q
        """, kind=kind, after_at=after_at, after_id=after_id,
        limit=limit + 1)
    items, next_cursor = page([native(r["q"]) for r in rows], limit)
    return {"items": [_inquiry_out(q) for q in items], "next_cursor": next_cursor}

