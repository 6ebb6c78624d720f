"""Identity resolution as use cases (issue #16, docs/identity.md "Phase 2"): run the model
over the people in the graph, merge the pairs it is sure of, queue the rest for a person,
decide a queued pair, undo a merge.

- ``resolve``: AUTO pairs are merged unless the two disagree on do-not-contact (those go
  to the queue: a person decides them); REVIEW pairs become review items with the
  evidence for and against. A pair a person has decided (rejected, or a merge undone)
  is never merged or queued again.
- Who may: ``Action.RESOLVE_IDENTITIES`` and ``Action.REVIEW_IDENTITIES`` (managers and
  admins; keys with imports:run), docs/permissions.md.
- Every merge and unmerge goes into the audit trail, with the merge id (the record says
  who was merged into whom) and no person's name.
- Queue items name nobody hidden until their client opts in (services/visibility.py).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from graph import identity as store
from graph import identity_reads as reads
from graph.audit import new_event
from graph.identity_keys import lookup_keys, split_name
from referrals.errors import Conflict, Invalid, NotFound
from referrals.paging import NOT_OURS, decode_cursor, encode_cursor
from referrals.permissions import Action
from services import audit, authorization, company_identity, merges, visibility
from services.context import Context

if TYPE_CHECKING:
    from identity.model import Resolution


def _model():
    """identity.model: it loads Splink, DuckDB and pyarrow (about 90 MB), so only a run that
    scores pairs imports it, not every process that imports this module (each app worker,
    each CLI command)."""
    from identity import model

    return model

# Splink trains without labels (u by sampling, m by EM on same-name blocks): with fewer
# people the blocks hold too few pairs to train on (below ~5 records it fails outright, and
# a few dozen give weights that mean little). The unit tests use ~470 records.
MIN_PEOPLE = 100

DECISIONS = merges.DECISIONS  # what a review item can be decided as (the API validates it)


def _keep_first(a: dict[str, Any], b: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Which node stays: the one with a LinkedIn profile (LinkedIn rows carry no other key,
    while CRM rows find the kept node through their moved external ids), else the smaller id."""
    if bool(a.get("linkedin_url")) != bool(b.get("linkedin_url")):
        return (a, b) if a.get("linkedin_url") else (b, a)
    return (a, b) if a["unique_id"] <= b["unique_id"] else (b, a)


def _conflict(a: dict[str, Any], b: dict[str, Any]) -> str | None:
    """Why a sure pair still needs a person: one is do-not-contact and the other is not."""
    if bool(a.get("do_not_contact")) != bool(b.get("do_not_contact")):
        return "do_not_contact"
    return None


def resolve(ctx: Context, progress: Callable[[str], None] | None = None, *,
            retrain: bool = False) -> dict[str, Any]:
    """Resolve every person in the graph: {people, pairs, merged, queued, new_reviews,
    held_for_review, skipped_decided, trained, seconds}. The first run (or ``retrain``)
    trains the model and keeps it in the graph; later runs predict with it. Conflict
    ``too_few_people`` below MIN_PEOPLE, ``cannot_train`` when Splink cannot train."""
    authorization.require(ctx, Action.RESOLVE_IDENTITIES)
    say = progress or (lambda _m: None)
    started = time.perf_counter()
    records = store.person_records(ctx.graph)
    if len(records) < MIN_PEOPLE:
        raise Conflict(f"Identity resolution needs at least {MIN_PEOPLE} people to train on; "
                       f"the graph has {len(records)}.", code="too_few_people", people=len(records),
                       minimum=MIN_PEOPLE)
    say(f"read {len(records):,} people")
    by_id = {r["unique_id"]: r for r in records}
    trained = None if retrain else store.load_model(ctx.graph)
    try:
        result = _model().resolve([{k: r[k] for k in ("unique_id", "source", "name", "email", "linkedin_url",
                                                   "title", "company", "company_domain")} for r in records],
                               evidence=True, trained=trained)
    except _model().TrainingFailed as exc:
        raise Conflict("The model could not be trained on the people in the graph: it learns from "
                       "duplicates, and these have (almost) none.", code="cannot_train",
                       people=len(records)) from exc
    if trained is None:
        store.save_model(ctx.graph, result.model, at=ctx.now(), people=len(records))
    say(f"scored {len(result.pairs):,} pairs in {sum(result.seconds.values()):.1f} s "
        f"({'trained now' if trained is None else 'with the kept model'})")
    counts = _apply(ctx, result, by_id, say)
    # then the companies (services/company_identity.py): the people's model reads no merge of them
    # this run, and the next run reads the kept ones
    companies = company_identity.resolve(ctx, say)
    return {"people": len(records), "pairs": len(result.pairs), **counts,
            "trained": trained is None, "companies": companies,
            "seconds": round(time.perf_counter() - started, 2)}


MERGES_PER_WRITE = 500  # automatic merges (with their audit entries) per write transaction


def _apply(ctx: Context, result: Resolution, by_id: dict[str, dict[str, Any]],
           say: Callable[[str], None], phases: dict[str, float] | None = None) -> dict[str, int]:
    """Act on a run's pairs, likeliest first: merge the sure ones, queue the likely ones,
    skip the decided ones; {merged, queued, new_reviews, held_for_review, skipped_decided}.
    ``phases`` gets the seconds of the decided read, the merges and the review items."""
    started = time.perf_counter()
    # a run's own pairs by the review id index; a full run's many: every decided review at once
    decided = store.decided_pairs(ctx.graph, [(a, b) for a, b, _p, _w in result.pairs]
                                  if len(result.pairs) <= 20_000 else None)
    now, by, auto = ctx.now(), ctx.actor.name, _model().AUTO
    into: dict[str, str] = {}  # absorbed id -> the id it was merged into (this run)

    def current(pid: str) -> str:
        while pid in into:
            pid = into[pid]
        return pid

    merges, held, skipped, queue = [], 0, 0, []
    for a, b, p, w in sorted(result.pairs, key=lambda pair: -pair[2]):
        if frozenset((a, b)) in decided:
            skipped += 1
            continue
        evidence = json.dumps(result.evidence.get((a, b), []))
        ra, rb = by_id[current(a)], by_id[current(b)]
        if ra["unique_id"] == rb["unique_id"]:
            continue  # already one person through other pairs of this run
        reason = _conflict(by_id[a], by_id[b]) or _conflict(ra, rb)
        if p >= auto and reason is None:
            keep, absorbed = _keep_first(ra, rb)
            merges.append((keep["unique_id"], absorbed["unique_id"], a, b, p, w))
            into[absorbed["unique_id"]] = keep["unique_id"]
            # the kept record now answers for both (the next pair compares against it)
            for field in ("email", "linkedin_url", "title"):
                keep[field] = keep.get(field) or absorbed.get(field)
            keep["do_not_contact"] = keep.get("do_not_contact") or absorbed.get("do_not_contact")
            continue
        if p >= auto:
            held += 1
        queue.append({"a": a, "b": b, "probability": p, "weight": w, "evidence": evidence,
                      "reason": reason or "review"})

    def work(tx, batch) -> None:  # in order: a chain (a~b, b~c) merges into one node
        merge_ids = store.merge_many(tx, [(keep_id, absorbed_id, w, f"auto: match probability {p:.4f} >= "
                                           f"{auto}") for keep_id, absorbed_id, _a, _b, p, w in batch],
                                     decided_by=by, at=now)
        store.close_open_reviews(tx, [(a, b, merge_id) for (_k, _x, a, b, _p, _w), merge_id
                                      in zip(batch, merge_ids, strict=True)], decided_by=by, at=now)
        actor, at = ctx.actor, ctx.now()  # one audit entry per merge, written in one statement
        store.append_audit(tx, [
            new_event(at=at, action="identity.merged", object_type="person", object_id=keep_id,
                      summary=f"merge {merge_id}, weight {w:.1f}, automatic", actor=actor.name,
                      actor_kind=actor.kind, actor_id=actor.id)
            for (keep_id, _x, _a, _b, _p, w), merge_id in zip(batch, merge_ids, strict=True)])

    decided_at = time.perf_counter()
    for start in range(0, len(merges), MERGES_PER_WRITE):
        ctx.graph.write(work, merges[start:start + MERGES_PER_WRITE])
    merged_at = time.perf_counter()
    created = ctx.graph.write(store.save_reviews, queue, at=now) if queue else 0
    if phases is not None:
        phases.update({"write.decided": round(decided_at - started, 2),
                       "write.merges": round(merged_at - decided_at, 2),
                       "write.reviews": round(time.perf_counter() - merged_at, 2)})
    say(f"merged {len(merges):,}, queued {len(queue):,} ({created:,} new)")
    return {"merged": len(merges), "queued": len(queue), "new_reviews": created, "held_for_review": held,
            "skipped_decided": skipped}


def _evidence_split(review: dict[str, Any]) -> dict[str, Any]:
    items = review.get("evidence") or []
    # under 0.05 bits a comparison says nothing either way (a level with m close to u)
    review["evidence"] = {"for": [e for e in items if e["weight"] >= 0.05],
                          "against": [e for e in items if e["weight"] <= -0.05]}
    return review


def review_queue(ctx: Context, limit: int = 50, cursor: str | None = None,
                 status: str = "open") -> dict[str, Any]:
    """A page of review items, the likeliest first: {"items", "next_cursor"}; each item with
    both people's summaries (as they are now) and the evidence for and against."""
    authorization.require(ctx, Action.REVIEW_IDENTITIES)
    if status not in ("open", "merged", "rejected"):
        raise Invalid("status is open, merged or rejected.", field="status")
    after = None
    if cursor:  # the last item's (weight, id): the queue is ordered by weight, not by time
        position = decode_cursor(cursor)
        if not isinstance(position.get("w"), int | float) or not isinstance(position.get("id"), str):
            raise Invalid(NOT_OURS, field="cursor")
        after = (float(position["w"]), position["id"])
    rows = [{**r, "kind": "person"} for r in store.list_reviews(ctx.graph, status=status, limit=limit + 1,
                                                                 after=after)]
    # company pairs share the queue and its order (weight descending, then id)
    rows = sorted([*rows, *company_identity.reviews(ctx, status=status, limit=limit + 1, after=after)],
                  key=lambda r: (-(r.get("weight") or 0.0), r["id"]))[:limit + 1]
    items = [r if r["kind"] == "company" else _evidence_split(r) for r in rows[:limit]]
    more = len(rows) > limit
    page = {"items": visibility.redact(ctx, items),
            "next_cursor": encode_cursor({"w": rows[limit - 1]["weight"], "id": rows[limit - 1]["id"]})
            if more else None}
    return page


def decide(ctx: Context, review_id: str, decision: str) -> dict[str, Any]:
    """Merge the pair of an open review item, or keep them apart; returns the item."""
    if company_identity.is_review(review_id):
        return company_identity.decide(ctx, review_id, decision)
    review = merges.open_item(ctx, review_id, decision, store.get_review)
    now, by = ctx.now(), ctx.actor.name
    if decision == "reject":
        ctx.graph.write(store.decide_review, review_id, "rejected", decided_by=by, at=now)
        audit.record(ctx, "identity.kept_apart", "identity_review", review_id, "")
        return visibility.redact(ctx, _person_item(ctx, review_id))
    a, b = store.current_person(ctx.graph, review["a"]), store.current_person(ctx.graph, review["b"])
    if a is None or b is None:
        raise Conflict("One of the two people is no longer in the graph.", code="person_gone")
    if a == b:
        raise Conflict("The two are one person already.", code="same_person")
    records = {r["unique_id"]: r for r in store.person_records(ctx.graph, [a, b])}
    pair = [records.get(a) or {"unique_id": a}, records.get(b) or {"unique_id": b}]
    keep, absorbed = _keep_first(*pair)

    def work(tx) -> str:
        merge_id = store.merge_people(tx, keep["unique_id"], absorbed["unique_id"], weight=review["weight"],
                                      decided_by=by, at=now, why=f"review {review_id}: merge")
        store.decide_review(tx, review_id, "merged", decided_by=by, at=now, merge_id=merge_id)
        return merge_id

    merge_id = ctx.graph.write(work)
    audit.record(ctx, "identity.merged", "person", keep["unique_id"],
                 f"merge {merge_id}, weight {review['weight']:.1f}, review {review_id}")
    return visibility.redact(ctx, _person_item(ctx, review_id))


def _person_item(ctx: Context, review_id: str) -> dict[str, Any]:
    return {**_evidence_split(store.get_review(ctx.graph, review_id)), "kind": "person"}


def unmerge(ctx: Context, merge_id: str) -> dict[str, Any]:
    """Undo a merge: both people as they were before it, and kept apart from then on."""
    if company_identity.is_merge(merge_id):
        return company_identity.unmerge(ctx, merge_id)
    done = merges.undo(ctx, merge_id, get_merge=store.get_merge, unmerge=store.unmerge_people,
                       keep_apart=store.keep_apart, action="identity.unmerged", object_type="person")
    return visibility.redact(ctx, done)


def recent_merges(ctx: Context, limit: int = 50) -> list[dict[str, Any]]:
    """The latest merges still in force (to undo a wrong one), newest first; a person hidden
    until their client opts in is not named (their id and name are null)."""
    authorization.require(ctx, Action.REVIEW_IDENTITIES)
    merges = store.list_merges(ctx.graph, limit=limit)
    hidden = visibility.hidden_people(ctx, [m["keep_id"] for m in merges])
    # the absorbed half is no :Person now: it is hidden when the kept one is
    people = [{**m, "keep_id": None, "absorbed_id": None, "keep_name": None, "absorbed_name": None,
               "hidden": True, "kind": "person"} if m["keep_id"] in hidden
              else {**m, "hidden": False, "kind": "person"} for m in merges]
    both = [*people, *company_identity.recent_merges(ctx, limit=limit)]
    return sorted(both, key=lambda m: (m["at"], m["id"]), reverse=True)[:limit]


# ---- after an import (phase 3) -------------------------------------------------------------------

AFTER_IMPORT_SETTING = "REFERRALS_IDENTITY_AFTER_IMPORT"  # "0" (or false/no/off): imports run none


def after_import_enabled() -> bool:
    return os.environ.get(AFTER_IMPORT_SETTING, "1").strip().lower() not in ("0", "false", "no", "off")


def after_import(ctx: Context, landed: list[str], fmt: str, report: dict[str, Any], *,
                 since: datetime | None = None) -> dict[str, Any]:
    """Identity resolution for what an import created or changed, against everyone stored
    (docs/identity.md, "Incremental runs"): people the import re-created from a merged-away
    key go back onto the merged person (exact, no model); then the people the rows landed
    on (``landed``: graph.importing.ImportReport.landed_people; the rows a re-import left
    out as unchanged land nobody) are scored with the kept model against the stored people
    who share a blocking key with them, and merged or queued as a full run does. The
    answer goes into the import's report: {ran, note} when skipped; else {ran, people,
    candidates, pairs, merged, queued, new_reviews, held_for_review, skipped_decided,
    relanded, rekeyed, seconds, phases}. The candidates come from the blocking keys kept on
    each person (graph/identity_keys.py), by index, and the names' term frequencies from
    counts over everyone stored, by index. Then the companies the import created (after
    ``since``, its start) are linked against every stored one (``companies`` in the answer:
    {ran, note} or company_identity's resolve answer), whether or not the people's run had
    a model to run with."""
    authorization.require(ctx, Action.RESOLVE_IDENTITIES)
    started = time.perf_counter()
    if not after_import_enabled():
        return {"ran": False, "note": f"off ({AFTER_IMPORT_SETTING}=0)"}
    if not report.get("created") and not report.get("updated"):
        return {"ran": False, "note": "nothing created or changed"}
    if (fmt or "").strip().lower() == "interactions":
        return {"ran": False, "note": "interaction logs create and rename no one"}
    answer = _people_after_import(ctx, landed, started)
    answer["companies"] = _companies_after_import(ctx, since)
    return answer


def _companies_after_import(ctx: Context, since: datetime | None) -> dict[str, Any]:
    """Company linkage after an import (services/company_identity.py): the companies it
    created against every stored one (docs/identity.md "Companies"). A merge or undo running
    at the same time stops it; the import stands."""
    if since is None:
        return {"ran": False, "note": "the import's start is not known; run `referrals identity resolve`"}
    try:
        return {"ran": True, **company_identity.resolve(ctx, created_since=since)}
    except (Conflict, NotFound) as exc:
        return {"ran": False, "note": f"stopped ({exc.message}); run `referrals identity resolve`"}


def _people_after_import(ctx: Context, touched: list[str], started: float) -> dict[str, Any]:
    """after_import's people: their keys, candidates, scoring and merges (above)."""
    trained = store.load_model(ctx.graph)
    if trained is None:
        return {"ran": False, "note": "no trained identity model yet: run `referrals identity resolve` "
                                      "(or POST /api/v1/identity/resolutions) once"}
    if not touched:
        return {"ran": False, "note": "the import landed no people"}
    phases: dict[str, float] = {}
    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        now = time.perf_counter()
        phases[name] = round(now - clock[0], 2)
        clock[0] = now

    try:
        relanded = _reland(ctx, touched)
        lap("reland")
        model = _model()
        wanted = sorted({*touched, *relanded})
        if model.serves(trained):  # the candidates by the keys kept on each person
            rekeyed = reads.rekey_stale(ctx.graph, unless_current=True)
            lap("rekey")
            records = _candidates(ctx, wanted, model.rules_of(trained))
            lap("read")
            frequencies, population = term_frequencies(ctx, records)
            by_id = {r["unique_id"]: r for r in records}
            new = {i for i in wanted if i in by_id}
            lap("counts")
            result = model.score_candidates(records, new, trained=trained, frequencies=frequencies,
                                            population=population, evidence=True)
        else:  # a kept model with a rule the keys do not serve: everyone stored is read
            rekeyed = 0
            stored = reads.stored_records(ctx.graph)
            by_id = {r["unique_id"]: r for r in stored}
            new = {i for i in wanted if i in by_id}
            lap("read")
            result = model.resolve_incremental(stored, new, trained=trained, evidence=True)
        lap("score")
        counts = _apply(ctx, result, by_id, lambda _m: None, phases=phases)
        lap("write")
    except (Conflict, NotFound) as exc:  # a merge or undo ran at the same time: the import stands
        return {"ran": False, "note": f"stopped ({exc.message}); run `referrals identity resolve`"}
    return {"ran": True, "people": len(new), "candidates": max(result.records - len(new), 0),
            "pairs": len(result.pairs), **counts, "relanded": len(relanded), "rekeyed": rekeyed,
            "seconds": round(time.perf_counter() - started, 2), "phases": phases}


def _candidates(ctx: Context, ids: list[str], rules=None) -> list[dict[str, Any]]:
    """The people ``ids`` (not reps) and every stored person who shares a key of one of
    ``rules`` (the kept model's blocking rules; None: all) with one of them, read by the
    keys' indexes (graph.identity_reads.candidate_records)."""
    own = reads.candidate_records(ctx.graph, ids, [])
    return reads.candidate_records(ctx.graph, ids, [lookup_keys(r, rules) for r in own])


def term_frequencies(ctx: Context, records: list[dict[str, Any]]) -> tuple[dict[str, dict[str, float]], int]:
    """Term frequencies of the records' first and last names and phones among all stored
    people (a pair scores what a full run gives it), counted by the name and phone indexes;
    and how many people have a first name."""
    names = [split_name(r["name"]) for r in records]
    counts = reads.name_counts(ctx.graph, [f for f, _ in names if f], [v for _, v in names if v],
                               [r["phone"] for r in records if r.get("phone")])
    return _model().frequencies_from_counts(counts, counts["totals"]), counts["totals"]["first"]


def _reland(ctx: Context, ids: list[str]) -> list[str]:
    """People an import re-created from a merged-away person's own key go back onto the
    merged person (graph.identity.reland); audited, by merge, naming no one. Returns the
    merged people who got rows."""
    hits = store.relanding_candidates(ctx.graph, ids)

    def work(tx) -> None:
        for hit in hits:
            store.reland(tx, hit)
            audit.record_tx(tx, ctx, "identity.relanded", "person", hit["sid"],
                            f"imported rows keyed by a merged-away person, merges {', '.join(hit['chain'])}")

    if hits:
        ctx.graph.write(work)
    return [hit["sid"] for hit in hits]
