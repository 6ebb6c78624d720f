"""Company linkage as use cases (issue #16, docs/identity.md "Companies"): score pairs of
Company nodes that are probably one company, merge the sure ones (the same domain exactly and
nothing against), queue the likely ones in the identity review queue (``kind: "company"``),
decide a queued pair, undo a merge.

Who may: the people's actions (``Action.RESOLVE_IDENTITIES`` to run, ``REVIEW_IDENTITIES`` to
decide and undo); every merge and undo is audited with the merge id. services/identity.py
calls in here from its full run, its review queue, decide and undo.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from graph import company_identity as store
from graph.audit import new_event
from graph.identity import append_audit
from identity import companies as linkage
from referrals.errors import Conflict
from referrals.permissions import Action
from services import audit, authorization, merges
from services.context import Context


def is_review(review_id: str) -> bool:
    return review_id.startswith("rc-")


def is_merge(merge_id: str) -> bool:
    return merge_id.startswith("mc-")


def resolve(ctx: Context, progress: Callable[[str], None] | None = None, *,
            created_since: datetime | None = None) -> dict[str, Any]:
    """Link every company: {companies, pairs, merged, queued, new_reviews, skipped_decided,
    seconds}. Sure pairs are merged (chains into one company), likely ones queued, pairs a
    person decided are left as they decided. ``created_since`` (the run after an import):
    only the pairs with a company created since then, compared against every stored one
    ({ran: False, note} when there is none)."""
    authorization.require(ctx, Action.RESOLVE_IDENTITIES)
    say = progress or (lambda _m: None)
    started = time.perf_counter()
    only, everyone = None, None
    if created_since is not None:  # the new ones with their people; the rest only where they may pair
        only = set(store.created_since(ctx.graph, created_since))
        if not only:
            return {"ran": False, "note": "no new companies"}
        everyone = store.company_names(ctx.graph)
        new = store.company_records(ctx.graph, sorted(only))
        records = new + store.company_records(ctx.graph, sorted(linkage.partners(new, everyone) - only))
    else:
        records = store.company_records(ctx.graph)
    by_id = {r["id"]: dict(r) for r in records}
    pairs = linkage.link(records, only, everyone)
    decided = store.decided_pairs(ctx.graph) if pairs else set()
    into: dict[str, str] = {}  # absorbed id -> the id it went into (this run)

    def current(cid: str) -> str:
        while cid in into:
            cid = into[cid]
        return cid

    merges, queue, skipped = [], [], 0
    for pair in pairs:
        if frozenset((pair.a, pair.b)) in decided:
            skipped += 1
            continue
        ra, rb = by_id[current(pair.a)], by_id[current(pair.b)]
        if ra["id"] == rb["id"]:
            continue
        if pair.decision == "auto":
            keep, absorbed = linkage.keep_first(ra, rb)
            merges.append((keep["id"], absorbed["id"], pair))
            into[absorbed["id"]] = keep["id"]
            keep["people"] = (keep.get("people") or 0) + (absorbed.get("people") or 0)
            for f in ("domain", "status"):
                keep[f] = keep.get(f) or absorbed.get(f)
            continue
        queue.append({"a": pair.a, "b": pair.b, "probability": pair.probability, "weight": pair.weight,
                      "evidence": json.dumps(pair.evidence), "reason": pair.reason})
    now, actor = ctx.now(), ctx.actor

    def work(tx) -> None:
        events = []
        for keep_id, absorbed_id, pair in merges:
            why = f"auto: same domain, match probability {pair.probability:.4f} >= {linkage.AUTO}"
            merge_id = store.merge_companies(tx, keep_id, absorbed_id, weight=pair.weight,
                                             decided_by=actor.name, at=now, why=why)
            store.close_open_review(tx, pair.a, pair.b, merge_id=merge_id, decided_by=actor.name, at=now)
            events.append(new_event(at=now, action="identity.company_merged", object_type="company",
                                    object_id=keep_id, summary=f"merge {merge_id}, weight {pair.weight:.1f}, "
                                    "automatic", actor=actor.name, actor_kind=actor.kind, actor_id=actor.id))
        append_audit(tx, events)

    if merges:
        ctx.graph.write(work)
    created = ctx.graph.write(store.save_reviews, queue, at=now) if queue else 0
    say(f"companies: {len(records):,} read, {len(pairs):,} pairs, merged {len(merges):,}, "
        f"queued {len(queue):,} ({created:,} new)")
    return {"companies": len(records), "pairs": len(pairs), "merged": len(merges), "queued": len(queue),
            "new_reviews": created, "skipped_decided": skipped,
            "seconds": round(time.perf_counter() - started, 2)}


def _evidence_split(review: dict[str, Any]) -> dict[str, Any]:
    items = review.get("evidence") or []
    review["evidence"] = {"for": [e for e in items if e["weight"] > 0],
                          "against": [e for e in items if e["weight"] < 0]}
    return review


def reviews(ctx: Context, *, status: str, limit: int,
            after: tuple[float, str] | None) -> list[dict[str, Any]]:
    """Company review items in the queue's order (the caller checked the permission)."""
    rows = store.list_reviews(ctx.graph, status=status, limit=limit, after=after)
    return [_evidence_split(r) for r in rows]


def decide(ctx: Context, review_id: str, decision: str) -> dict[str, Any]:
    """Merge the two companies of an open review item, or keep them apart; returns the item."""
    review = merges.open_item(ctx, review_id, decision, store.get_review)
    now, by = ctx.now(), ctx.actor.name
    if decision == "reject":
        ctx.graph.write(store.decide_review, review_id, "rejected", decided_by=by, at=now)
        audit.record(ctx, "identity.companies_kept_apart", "identity_review", review_id, "")
        return _evidence_split(store.get_review(ctx.graph, review_id))
    a, b = review["company_a"], review["company_b"]
    if a is None or b is None:
        raise Conflict("One of the two companies is no longer in the graph.", code="company_gone")
    if a["id"] == b["id"]:
        raise Conflict("The two are one company already.", code="same_company")
    keep, absorbed = linkage.keep_first(a, b)

    def work(tx) -> str:
        merge_id = store.merge_companies(tx, keep["id"], absorbed["id"], weight=review["weight"],
                                         decided_by=by, at=now, why=f"review {review_id}: merge")
        store.decide_review(tx, review_id, "merged", decided_by=by, at=now, merge_id=merge_id)
        return merge_id

    merge_id = ctx.graph.write(work)
    audit.record(ctx, "identity.company_merged", "company", keep["id"],
                 f"merge {merge_id}, weight {review['weight']:.1f}, review {review_id}")
    return _evidence_split(store.get_review(ctx.graph, review_id))


def unmerge(ctx: Context, merge_id: str) -> dict[str, Any]:
    """Undo a company merge: both companies as they were, and kept apart from then on."""
    return merges.undo(ctx, merge_id, get_merge=store.get_merge, unmerge=store.unmerge_companies,
                       keep_apart=store.keep_apart, action="identity.company_unmerged", object_type="company")


def recent_merges(ctx: Context, limit: int = 50) -> list[dict[str, Any]]:
    """The latest company merges in force, newest first (companies are never hidden)."""
    authorization.require(ctx, Action.REVIEW_IDENTITIES)
    return [{**m, "hidden": False, "kind": "company"} for m in store.list_merges(ctx.graph, limit=limit)]
