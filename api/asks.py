"""Referral asks for account managers (docs/process.md rules 2-3; graph/asks.py).

- ``POST /clients/{id}/referral-asks``: ask a person at a client for an introduction.
  The fourth ask to one client's people in a rolling quarter (limit: app config
  REFERRAL_ASKS_PER_QUARTER, default 3) is held back with 409, the reason and
  `alternatives` (other ideal, happy clients with room to ask). With `introduction_id`
  the tracked introduction moves requested -> asked. Goodwill per person (shared by the
  team, referrals/goodwill.py): a person with an open ask from the last week is not asked
  again: 200 with `merged: true` and `merged_into` (the first ask); a person at their
  budget (1 ask per 30 days) is held back with 409 `ask_cooldown` and `cooldown_until`.
- ``GET /clients/{id}/referral-asks``: the client's asks, newest first, and the quarter's count.
- ``POST /referral-asks/{id}/outcome``: made_intro, declined or no_answer; answers the
  thank-you due date (2 days for a made intro) and the referrer's updated record.
- ``GET /referrers/{id}/record``: a referrer's record (what ranking rewards).
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import requires
from api.common import PageQuery
from referrals.asks import AskOutcome
from referrals.permissions import Action
from runtime.requests import current_context
from services import asks

blp = Blueprint("referral_asks", __name__, description="Referral asks to clients, with ask fatigue and "
                                                       "outcomes that feed the referrer's record.")


class AskIn(Schema):
    referrer_id = fields.String(required=True, validate=validate.Length(min=1, max=200),
                                metadata={"description": "the person at the client who is asked"})
    target_id = fields.String(load_default=None, metadata={"description": "whom they are asked to introduce"})
    account_manager_id = fields.String(load_default=None)
    introduction_id = fields.String(load_default=None,
                                    metadata={"description": "the tracked introduction this ask is for"})
    note = fields.String(load_default=None, validate=validate.Length(max=5000))
    actor = fields.String(load_default=None, validate=validate.Length(max=200))


class OutcomeIn(Schema):
    outcome = fields.String(required=True, validate=validate.OneOf([o.value for o in AskOutcome]))
    note = fields.String(load_default=None, validate=validate.Length(max=5000))
    actor = fields.String(load_default=None, validate=validate.Length(max=200))


@blp.route("/clients/<client_id>/referral-asks")
class ClientAsks(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.arguments(PageQuery, location="query")
    @blp.response(200)
    def get(self, args, client_id):
        """The client's referral asks, newest first, with this quarter's count and limit."""
        return asks.for_client(current_context(), client_id, limit=args["limit"], cursor=args["cursor"])

    @requires(Action.ASK_CLIENTS)
    @blp.arguments(AskIn)
    @blp.response(201)
    def post(self, body, client_id):
        """Ask a person at this client for an introduction (409 when the client has been
        asked enough this quarter: the reason and other clients to ask instead)."""
        ask = asks.ask(current_context(), client_id, referrer_id=body["referrer_id"],
                       target_id=body.get("target_id"), account_manager_id=body.get("account_manager_id"),
                       introduction_id=body.get("introduction_id"), note=body.get("note"),
                       acting_for=body.get("actor"))
        if ask.get("merged"):  # not sent: attached to the open ask from earlier this week
            return ask, 200
        return ask


@blp.route("/referral-asks/<ask_id>")
class Ask(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.response(200)
    def get(self, ask_id):
        """One referral ask."""
        return asks.get(current_context(), ask_id)


@blp.route("/referral-asks/<ask_id>/outcome")
class AskOutcomeView(MethodView):
    @requires(Action.ASK_CLIENTS)
    @blp.arguments(OutcomeIn)
    @blp.response(200)
    def post(self, body, ask_id):
        """Record how the ask ended; a made introduction is to be thanked by `thank_you_due`."""
        return asks.record_outcome(current_context(), ask_id, body["outcome"], note=body.get("note"),
                                   acting_for=body.get("actor"))


@blp.route("/referrers/<person_id>/record")
class ReferrerRecord(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.response(200)
    def get(self, person_id):
        """A referrer's record: asks, made, declined, no answer, accepted, won."""
        return asks.referrer_record(current_context(), person_id)
