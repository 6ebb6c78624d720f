"""GET /pipeline/review: the weekly review (docs/process.md rules 5-7).

Early interest (requested, asked, accepted) comes back as ONE group with a count and one
question, never as a list to chase. Past the early stage: `stale` (no status change for
`stale_after_days`, 42 by default, app config REVIEW_STALE_AFTER_DAYS), `one_way`
(`one_way_touches` or more outbound touches and no reply, 8 by default,
REVIEW_ONE_WAY_TOUCHES) and `no_next_step` (a meeting without an assignment and a next
meeting). Each flag carries the honest question and `action`: the one call that
qualifies the item out (POST it as is, or edit the reason).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import require_scope
from api.common import API_PREFIX
from api.workflow_support import now, setting
from graph import introductions as store
from referrals.review import build_review
from runtime.requests import current_graph as get_graph

blp = Blueprint("pipeline", __name__, description="The weekly pipeline review: early interest as one "
                                                  "group; stale, one-way and no-next-step items with "
                                                  "the honest question and a one-call qualify-out.")


class ReviewArgs(Schema):
    stale_after_days = fields.Integer(load_default=None, validate=validate.Range(1, 3650),
                                      metadata={"description": "default 42 (six weeks)"})
    one_way_touches = fields.Integer(load_default=None, validate=validate.Range(1, 1000),
                                     metadata={"description": "default 8"})
    requester_id = fields.String(load_default=None, metadata={"description": "one rep's pipeline"})
    as_of = fields.AwareDateTime(load_default=None, default_timezone=UTC,
                                 metadata={"description": "review as of this time (default now)"})


def review(graph, *, as_of: datetime, stale_after: timedelta, one_way_touches: int,
           requester_id: str | None = None) -> dict[str, Any]:
    """The review as JSON, each flag with its qualify-out action (shared with the CLI)."""
    rows = store.review_items(graph, requester_id)
    versions = {r["id"]: r.get("version") for r in rows}
    result = build_review(rows, now=as_of, stale_after=stale_after, one_way_touches=one_way_touches)
    body = result.to_dict()
    for group in ("stale", "one_way", "no_next_step"):
        for flag in body[group]:
            offer = flag.get("offer")
            flag["action"] = None if offer is None else {
                "method": "POST",
                "path": f"{API_PREFIX}/introductions/{flag['item_id']}/transitions",
                "body": {"to": offer["to"], "reason": offer["suggested_reason"],
                         "version": versions.get(flag["item_id"])},
            }
    body["settings"] = {"stale_after_days": stale_after.days, "one_way_touches": one_way_touches}
    return body


@blp.route("/pipeline/review")
class PipelineReview(MethodView):
    @require_scope("read")
    @blp.arguments(ReviewArgs, location="query")
    @blp.response(200)
    def get(self, args):
        """The weekly review of every introduction (or one requester's)."""
        days = args.get("stale_after_days") or setting("REVIEW_STALE_AFTER_DAYS")
        touches = args.get("one_way_touches") or setting("REVIEW_ONE_WAY_TOUCHES")
        return review(get_graph(), as_of=args.get("as_of") or now(), stale_after=timedelta(days=days),
                      one_way_touches=touches, requester_id=args.get("requester_id"))
