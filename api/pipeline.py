"""GET /pipeline/review: the weekly review (docs/process.md rules 5-7).

Early interest (requested, asked, accepted) comes back as ONE group with a count and one
question, never as a list to chase. Past the early stage: `stale` (no status change for
`stale_after_days`, 42 by default, app config REVIEW_STALE_AFTER_DAYS), `one_way`
(`one_way_touches` or more outbound touches and no reply, 8 by default,
REVIEW_ONE_WAY_TOUCHES) and `no_next_step` (a meeting without an assignment and a next
meeting). Each flag carries the honest question and `action`: the one call that
qualifies the item out (POST it as is, or edit the reason). Use case: services/pipeline.py.
"""

from __future__ import annotations

from datetime import UTC

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import requires
from referrals.permissions import Action
from runtime.requests import current_context
from services import pipeline

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


@blp.route("/pipeline/review")
class PipelineReview(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.arguments(ReviewArgs, location="query")
    @blp.response(200)
    def get(self, args):
        """The weekly review of every introduction (or one requester's)."""
        return pipeline.review(current_context(), requester_id=args.get("requester_id"),
                               stale_after_days=args.get("stale_after_days"),
                               one_way_touches=args.get("one_way_touches"), as_of=args.get("as_of"))
