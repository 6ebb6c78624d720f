"""Erasure (admin only, issue #15): POST /people/{id}/erasure erases a person, GET
/erasures lists the erasures, DELETE /erasures/{id} lifts one so imports may create the
person again. Use cases: services/erasure.py; what is removed: docs/security.md.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from api.auth import requires
from referrals.permissions import Action
from runtime.requests import current_context
from services import erasure

blp = Blueprint("erasure", __name__,
                description="Erasure: a person removed from every path, ask and introduction "
                            "(a tombstone id in their place), and kept out of later imports.")


class Removed(Schema):
    ties = fields.Integer()
    employments = fields.Integer()
    external_ids = fields.Integer()
    goodwill_entries = fields.Integer()
    introduction_links = fields.Integer()
    ask_links = fields.Integer()
    introductions_rewritten = fields.Integer()
    asks_rewritten = fields.Integer()
    records_rewritten = fields.Integer(metadata={"description": "every stored record that named them"})
    merged_halves = fields.Integer(metadata={
        "description": "records identity resolution had merged into them, erased with them"})


class Erased(Schema):
    erasure_id = fields.String(required=True)
    tombstone_id = fields.String(required=True, metadata={"description": "the id that replaced theirs"})
    erased_at = fields.String()
    erased_by = fields.String()
    keys = fields.Integer(metadata={"description": "identifying keys kept, hashed, to refuse re-imports"})
    removed = fields.Nested(Removed)


class ErasureOut(Schema):
    id = fields.String(required=True)
    tombstone_id = fields.String()
    erased_at = fields.String()
    erased_by = fields.String()
    lifted_at = fields.String(allow_none=True)
    lifted_by = fields.String(allow_none=True)
    keys = fields.Integer()


class ErasureList(Schema):
    items = fields.List(fields.Nested(ErasureOut))


@blp.route("/people/<person_id>/erasure")
class PersonErasure(MethodView):
    @requires(Action.ERASE)
    @blp.response(201, Erased)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, person_id: str):
        """Erase the person (409 `signs_in` while a web sign-in is theirs)."""
        return erasure.erase(current_context(), person_id)


@blp.route("/erasures")
class Erasures(MethodView):
    @requires(Action.ERASE)
    @blp.response(200, ErasureList)
    def get(self):
        """Every erasure, newest first (lifted ones too)."""
        return {"items": erasure.list_erasures(current_context())}


@blp.route("/erasures/<erasure_id>")
class ErasureRecord(MethodView):
    @requires(Action.ERASE)
    @blp.response(200, ErasureOut)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def delete(self, erasure_id: str):
        """Lift the erasure: later imports and POST /people may create the person again
        (nothing erased comes back)."""
        return erasure.lift(current_context(), erasure_id)
