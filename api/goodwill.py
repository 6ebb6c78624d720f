"""The goodwill ledger per connector and the ask-timing signals per client (issue 9).

- ``GET /people/{id}/goodwill``: asks sent to the person (with the asks merged into
  them), what we gave back, `goodwill_balance`, `ask_cooldown_until` and what would
  happen to an ask now (send / merge / cooldown). Rules: referrals/goodwill.py.
- ``POST /people/{id}/goodwill``: record what we gave back (`referral_sent`,
  `case_study`, `thanks`, `other`); answers the entry and the new balance.
- ``GET /companies/{id}/ask-timing``: the client's timing signals and multiplier.
- ``PUT /companies/{id}/ask-timing``: set `renewal_on`, `satisfaction` (0..1),
  `last_win_on` (null clears one). Rules: referrals/ask_timing.py.

Use cases: services/goodwill.py, services/ask_timing.py.
"""

from __future__ import annotations

from datetime import UTC

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import requires
from referrals.goodwill import GiveKind
from referrals.permissions import Action
from runtime.requests import current_context
from services import ask_timing, goodwill

blp = Blueprint("goodwill", __name__, description="Goodwill per connector (ask budget, cooldown, merged "
                                                  "asks, what we gave back) and ask timing per client.")


class GiveIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in GiveKind]),
                         metadata={"description": "referral_sent (weight 2), case_study (1), thanks (0.5), "
                                                  "other (0.5)"})
    at = fields.AwareDateTime(load_default=None, default_timezone=UTC)
    note = fields.String(load_default=None, validate=validate.Length(max=2000))
    actor = fields.String(load_default=None, validate=validate.Length(max=200))


class TimingIn(Schema):
    renewal_on = fields.Date(allow_none=True, metadata={"description": "the next renewal"})
    satisfaction = fields.Float(allow_none=True, validate=validate.Range(0, 1),
                                metadata={"description": "0..1 (a normalised NPS / CSAT)"})
    last_win_on = fields.Date(allow_none=True, metadata={"description": "a recent win with us"})


@blp.route("/people/<person_id>/goodwill")
class Goodwill(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.response(200)
    def get(self, person_id):
        """The person's goodwill ledger, balance, cooldown and the verdict for an ask now."""
        return goodwill.ledger(current_context(), person_id)

    @requires(Action.WRITE_PEOPLE)
    @blp.arguments(GiveIn)
    @blp.response(201)
    def post(self, body, person_id):
        """Record something we gave back to the person; answers the new balance."""
        return goodwill.give_back(current_context(), person_id, kind=body["kind"], at=body.get("at"),
                                  note=body.get("note"), acting_for=body.get("actor"))


@blp.route("/companies/<company_id>/ask-timing")
class AskTiming(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.response(200)
    def get(self, company_id):
        """The client's ask-timing signals and the multiplier they give its opportunities."""
        return ask_timing.get(current_context(), company_id)

    @requires(Action.ASK_CLIENTS)
    @blp.arguments(TimingIn)
    @blp.response(200)
    def put(self, body, company_id):
        """Set renewal_on / satisfaction / last_win_on (fields left out are kept, null clears)."""
        return ask_timing.set_signals(current_context(), company_id, body)
