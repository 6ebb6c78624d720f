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


# ---- the learned ranking's quality (issue #17) ------------------------------------------------
class ReliabilityBinOut(Schema):
    lower = fields.Float(required=True, metadata={"description": "The bin's lowest predicted chance."})
    upper = fields.Float(required=True)
    predicted = fields.Float(required=True, metadata={"description": "Mean predicted chance of success."})
    observed = fields.Float(required=True, metadata={"description": "Share that succeeded."})
    count = fields.Integer(required=True)


class CalibrationQualityOut(Schema):
    status = fields.String(required=True, metadata={
        "description": "cold (too few outcomes to fit; no figures), learning (fitted, below "
                       "warm_outcomes: the ranking is the hand-set one) or warm (it moves the ranking)"})
    outcomes = fields.Integer(required=True, metadata={"description": "Decided introductions learned from."})
    successes = fields.Integer(required=True, metadata={"description": "Of them: meeting held (still "
                                                                       "worked) or won."})
    base_rate = fields.Float(allow_none=True)
    log_loss = fields.Float(allow_none=True, metadata={"description": "Out of fold (cross-validated)."})
    base_rate_log_loss = fields.Float(allow_none=True, metadata={
        "description": "Always predicting the base rate: the model should be lower."})
    brier = fields.Float(allow_none=True)
    base_rate_brier = fields.Float(allow_none=True)
    folds = fields.Integer(required=True)
    bins = fields.List(fields.Nested(ReliabilityBinOut), required=True, metadata={
        "description": "The reliability curve: predicted against observed success, per bin."})
    warm_outcomes = fields.Integer(required=True, metadata={
        "description": "Decided introductions needed before it moves the ranking."})
    weight = fields.Float(required=True, metadata={"description": "The configured weight (0..1)."})
    applied_weight = fields.Float(required=True, metadata={
        "description": "The weight in use now (0: the hand-set ranking)."})


@blp.route("/insights/calibration")
class CalibrationQuality(MethodView):
    @requires(Action.READ_PATHS)
    @blp.response(200, CalibrationQualityOut)
    def get(self):
        """How good the ranking learned from outcomes is: log loss, Brier, reliability bins."""
        return insights.calibration_quality(current_context())
