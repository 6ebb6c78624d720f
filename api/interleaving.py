"""GET /insights/interleaving: the interleaving experiment's report (services/interleaving.py).

The find page interleaves the hand-set ranking (team a) with the learned one (team b)
while the learned model is warm; the path a rep requests an introduction from is credited
to the ranking that placed it. This says which ranking wins, by how much, and how sure
(a Wilson interval). Same permission as the other insights (paths:read).
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import requires
from referrals.permissions import Action
from runtime.requests import current_context
from services import interleaving

blp = Blueprint("interleaving", __name__,
                description="The find page's interleaving experiment: hand-set against learned ranking.")


class InterleavingArgs(Schema):
    days = fields.Integer(load_default=None, validate=validate.Range(1, 3650),
                          metadata={"description": "Only lists shown in the last N days (default: all)."})
    confidence = fields.Float(load_default=0.95, validate=validate.Range(0.5, 0.999),
                              metadata={"description": "Confidence level of the interval."})


class InterleavingOut(Schema):
    impressions = fields.Integer(metadata={"description": "Interleaved lists shown (a reload of the same "
                                                          "list is the same one)."})
    clicks = fields.Integer(metadata={"description": "Introductions requested from those lists."})
    a_wins = fields.Integer(metadata={"description": "Lists where more requested paths came from the "
                                                     "hand-set ranking (team a)."})
    b_wins = fields.Integer(metadata={"description": "Lists where more came from the learned "
                                                     "ranking (team b)."})
    ties = fields.Integer(metadata={"description": "Lists with requests where both placed as many; lists "
                                                   "with no request count in neither."})
    learned_share = fields.Float(metadata={"description": "b_wins / (a_wins + b_wins); 0.5 with none."})
    ci_low = fields.Float(metadata={"description": "Wilson interval of learned_share, low end."})
    ci_high = fields.Float(metadata={"description": "Wilson interval of learned_share, high end."})
    winner = fields.String(allow_none=True, metadata={
        "description": "learned or hand_set when the interval excludes 0.5, else null."})
    verdict = fields.String(metadata={"description": "The report in one sentence."})
    confidence = fields.Float()
    days = fields.Integer(allow_none=True)


@blp.route("/insights/interleaving")
class InterleavingReport(MethodView):
    @requires(Action.READ_PATHS)
    @blp.arguments(InterleavingArgs, location="query")
    @blp.response(200, InterleavingOut)
    def get(self, args):
        """Which ranking reps request introductions from: hand-set or learned."""
        return interleaving.report(current_context(), days=args["days"], confidence=args["confidence"])
