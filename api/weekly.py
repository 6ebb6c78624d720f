"""GET /weekly-asks: the account manager's weekly ask list (issue #17).

Across the clients the caller owns (managers and admins: `?owner=EMAIL`, anyone's), the
best (client person, prospect) asks this week, ranked with each client's ask timing,
fatigue and goodwill (referrals/weekly.py), each with `why_now` and `ask_request`: the
POST /clients/{id}/referral-asks that asks. Use case: services/weekly_asks.py.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import requires
from referrals.permissions import Action
from runtime.requests import current_context
from services import weekly_asks

blp = Blueprint("weekly", __name__, description="The account manager's weekly ask list: the best "
                                                "referral asks this week across the clients they own.")


class WeeklyArgs(Schema):
    owner = fields.String(load_default=None, validate=validate.Length(max=320),
                          metadata={"description": "whose list, by sign-in email (managers and "
                                                   "admins); default: the caller's own"})
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))
    per_client = fields.Integer(load_default=2, validate=validate.Range(1, 10),
                                metadata={"description": "asks per client this week at most"})


@blp.route("/weekly-asks")
class WeeklyAsks(MethodView):
    @requires(Action.PLAN_ASKS)
    @blp.arguments(WeeklyArgs, location="query")
    @blp.response(200)
    def get(self, args):
        """The week's best referral asks across the owner's clients, with why now."""
        return weekly_asks.weekly_asks(current_context(), args.get("owner"), limit=args["limit"],
                                       per_client=args["per_client"])
