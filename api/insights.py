"""Referral-asset insights for sales leaders (graph/insights.py, referrals/insights.py).

``GET /insights/referral-network``: clients that are hubs or brokers into the ICP market
(stored centrality + reach into ideal-fit prospect companies), single points of failure
(prospect companies every warm path reaches through one person), and thin territory
(ICP segments with many ideal-fit prospects and few warm paths). Bounded: a subgraph
around reps and clients (`fanout` strongest ties per person, `max_nodes` people).
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import requires
from referrals.permissions import Action
from runtime.requests import current_context
from services import insights
from services.insights import DEFAULT_FANOUT, DEFAULT_MAX_NODES

blp = Blueprint("insights", __name__, description="Referral-asset insights for sales leaders.")


class InsightArgs(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 200))
    fanout = fields.Integer(load_default=DEFAULT_FANOUT, validate=validate.Range(1, 100))
    max_nodes = fields.Integer(load_default=DEFAULT_MAX_NODES, validate=validate.Range(10, 200_000))


@blp.route("/insights/referral-network")
class ReferralNetwork(MethodView):
    @requires(Action.READ_PATHS)
    @blp.arguments(InsightArgs, location="query")
    @blp.response(200)
    def get(self, args):
        """Hubs and brokers, single points of failure and thin ICP territory."""
        return insights.referral_network(current_context(), **args)
