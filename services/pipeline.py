"""The weekly pipeline review (docs/process.md rules 5-7), for one requester or the team.

Early interest (requested, asked, accepted) is ONE group with a count and one question,
never a list to chase. Past the early stage: `stale` (no status change for
ctx.rules.stale_after_days), `one_way` (ctx.rules.one_way_touches outbound touches and no
reply) and `no_next_step` (a meeting without an assignment and a next meeting). Each flag
carries the honest question and `action`: the one call that qualifies the item out.

Rules: referrals/review.py; storage: graph/introductions.review_items.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from graph import introductions as store
from referrals.permissions import Action
from referrals.review import build_review
from services import authorization, introductions, visibility
from services.context import Context

API_PREFIX = "/api/v1"  # the qualify-out action names the API's own transition call
FLAG_GROUPS = ("stale", "one_way", "no_next_step")
RECENT = 15  # introductions the page lists under the review


def review(ctx: Context, *, requester_id: str | None = None, stale_after_days: int | None = None,
           one_way_touches: int | None = None, as_of: datetime | None = None) -> dict[str, Any]:
    """The review as the API and the CLI answer it: referrals.review's groups, each flag
    with its qualify-out `action` (method, path, body with the version read), and the
    `settings` used. Thresholds left out come from ctx.rules; `as_of` defaults to now."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return _review(ctx, requester_id, stale_after_days, one_way_touches, as_of)[0]


HIDDEN_TITLE = "An introduction through a client that has not opted in"


def review_page(ctx: Context, *, requester_id: str | None = None) -> dict[str, Any]:
    """What the pipeline page shows: `review` (as `review`), `versions` and `titles` per
    item, `early` (the early-interest items themselves) and `recent` introductions."""
    authorization.require(ctx, Action.READ_PEOPLE)
    body, rows = _review(ctx, requester_id, None, None, None)
    by_id = {r["id"]: r for r in rows}
    recent = introductions.list_page(ctx, requester_id=requester_id, limit=RECENT)["items"]
    return {"review": body, "versions": {i: r.get("version") for i, r in by_id.items()},
            "titles": {i: r.get("title") for i, r in by_id.items()},
            "early": [by_id[i] for i in body["early_interest"]["item_ids"] if i in by_id],
            "recent": recent}


def _review(ctx: Context, requester_id: str | None, stale_after_days: int | None,
            one_way_touches: int | None, as_of: datetime | None) -> tuple[dict[str, Any], list[dict]]:
    days = stale_after_days or ctx.rules.stale_after_days
    touches = one_way_touches or ctx.rules.one_way_touches
    rows = store.review_items(ctx.graph, requester_id)
    # a title names the target and the referrer: one hidden until their client opts in is
    # not named (services/visibility.py)
    hidden = visibility.hidden_people(ctx, [r.get(k) for r in rows for k in ("referrer_id", "target_id")])
    for row in rows:
        if row.get("referrer_id") in hidden or row.get("target_id") in hidden:
            row["title"] = HIDDEN_TITLE
    versions = {r["id"]: r.get("version") for r in rows}
    body = build_review(rows, now=as_of or ctx.now(), stale_after=timedelta(days=days),
                        one_way_touches=touches).to_dict()
    for group in FLAG_GROUPS:
        for flag in body[group]:
            offer = flag.get("offer")
            flag["action"] = None if offer is None else {
                "method": "POST",
                "path": f"{API_PREFIX}/introductions/{flag['item_id']}/transitions",
                "body": {"to": offer["to"], "reason": offer["suggested_reason"],
                         "version": versions.get(flag["item_id"])},
            }
    body["settings"] = {"stale_after_days": days, "one_way_touches": touches}
    return body, rows
