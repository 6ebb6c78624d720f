"""Consent and confirmations: a client opts in before its people are asked to connect
us, and a person confirms, corrects or hides their own tie (services/consent.py)."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import requires
from referrals.consent import Consent
from referrals.permissions import Action
from runtime.requests import current_context
from services import consent

blp = Blueprint("consent", __name__, description="Client consent to being asked, and confirmed ties")


class ConsentIn(Schema):
    connector_consent = fields.String(required=True, validate=validate.OneOf([c.value for c in Consent]),
                                      metadata={"description": "opted_in, not_asked or declined"})
    actor = fields.String(validate=validate.Length(min=1, max=200),
                          metadata={"description": "Who recorded it (default: the API key's name)."})


class ConsentOut(Schema):
    company_id = fields.String()
    name = fields.String(allow_none=True)
    status = fields.String(allow_none=True)
    connector_consent = fields.String(metadata={"description": "not_asked when never stored"})
    stored = fields.Boolean(metadata={"description": "False: the default, nobody recorded an answer"})
    by = fields.String(allow_none=True)
    at = fields.DateTime(allow_none=True)


class ConfirmationIn(Schema):
    action = fields.String(required=True, validate=validate.OneOf(consent.TIE_ACTIONS))
    strength = fields.Float(allow_none=True, validate=validate.Range(0, 1, min_inclusive=False),
                            metadata={"description": "Required to correct; optional to confirm."})
    by = fields.String(validate=validate.Length(min=1, max=200),
                       metadata={"description": "The person confirming: one of the two ends."})


class ConfirmationOut(Schema):
    a = fields.String()
    b = fields.String()
    action = fields.String()
    strength = fields.Float(metadata={"description": "The strength ranking uses (confirmed first)."})
    inferred_strength = fields.Float(allow_none=True)
    confirmed_strength = fields.Float(allow_none=True)
    confirmed = fields.Boolean()
    hidden = fields.Boolean()
    confirmed_by = fields.String(allow_none=True)
    confirmed_at = fields.DateTime(allow_none=True)


@blp.route("/companies/<string:company_id>/consent", methods=["GET"])
@requires(Action.READ_PEOPLE)
@blp.response(200, ConsentOut)
def get_consent(company_id):
    """Whether a client lets us ask its people to connect us (default: not asked)."""
    return consent.get(current_context(), company_id)


@blp.route("/companies/<string:company_id>/consent", methods=["PUT"])
@requires(Action.MANAGE_CONSENT)
@blp.arguments(ConsentIn)
@blp.response(200, ConsentOut)
def put_consent(body, company_id):
    """Record a client's answer. Until it is `opted_in`, a path through its people is
    shown counts-only (strength tier and hops, people hidden) and cannot be requested."""
    return consent.set_consent(current_context(), company_id, body["connector_consent"],
                               acting_for=body.get("actor"))


@blp.route("/relationships/<string:a>/<string:b>/confirmation", methods=["POST"])
@requires(Action.WRITE_PEOPLE)
@blp.arguments(ConfirmationIn)
@blp.response(200, ConfirmationOut)
def confirm(body, a, b):
    """A person's word on their own tie: confirm (optionally with a strength), correct (a
    strength), or hide it. Confirmed strengths take precedence in ranking; hidden ties
    are never used."""
    return consent.confirm_tie(current_context(), a, b, body["action"], strength=body.get("strength"),
                               by=body.get("by"))
