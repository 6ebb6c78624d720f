"""GET /audit: the audit trail a manager reads (who created, changed, deleted, imported,
changed consent, roles or keys, and when), newest first. PUT /companies/{id}/owner:
assign a client's account manager. Use cases: services/audit.py, services/ownership.py.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import requires
from referrals.permissions import Action
from runtime.requests import current_context
from services import audit, ownership

blp = Blueprint("audit", __name__, description="The audit trail, and who owns each client.")


class AuditArgs(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    cursor = fields.String(load_default=None, metadata={"description": "next_cursor of the last page"})
    object_id = fields.String(load_default=None, metadata={"description": "entries about this id"})
    action = fields.String(load_default=None, validate=validate.Length(max=100),
                           metadata={"description": "an action or its prefix, e.g. `person.`"})
    actor = fields.String(load_default=None, validate=validate.Length(max=320),
                          metadata={"description": "entries by this actor (email or key name)"})


class AuditEntry(Schema):
    id = fields.String()
    at = fields.DateTime()
    action = fields.String(metadata={"description": "<thing>.<verb>, e.g. consent.changed"})
    object_type = fields.String()
    object_id = fields.String(allow_none=True)
    summary = fields.String()
    actor = fields.String(metadata={"description": "the real actor: a sign-in's email or a key's name"})
    actor_kind = fields.String(metadata={"description": "user, key or system"})
    actor_id = fields.String()


class AuditPage(Schema):
    items = fields.List(fields.Nested(AuditEntry))
    next_cursor = fields.String(allow_none=True)


class OwnerIn(Schema):
    email = fields.Email(required=True, allow_none=True,
                         metadata={"description": "the account manager's sign-in email; null: nobody"})


class OwnerOut(Schema):
    company_id = fields.String()
    user_id = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    role = fields.String(allow_none=True)
    since = fields.DateTime(allow_none=True)
    by = fields.String(allow_none=True)


@blp.route("/audit")
class AuditTrail(MethodView):
    @requires(Action.READ_AUDIT)
    @blp.arguments(AuditArgs, location="query")
    @blp.response(200, AuditPage)
    def get(self, args: dict[str, Any]):
        """Entries newest first; filter by object id, action prefix or actor."""
        return audit.trail(current_context(), **args)


@blp.route("/companies/<company_id>/owner")
class CompanyOwner(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.response(200, OwnerOut)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, company_id: str):
        """Who owns the client (owner fields null when nobody)."""
        return ownership.owner(current_context(), company_id)

    @requires(Action.ASSIGN_OWNER)
    @blp.arguments(OwnerIn)
    @blp.response(200, OwnerOut)
    @blp.alt_response(404, response="NOT_FOUND")
    def put(self, body: dict[str, Any], company_id: str):
        """Make an account manager (by sign-in email) the client's owner; null for nobody."""
        return ownership.assign(current_context(), company_id, body.get("email"))
