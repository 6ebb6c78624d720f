"""GET/PUT /icp: the Ideal Client Profile (docs/process.md rule 1).

PUT replaces the whole profile (admin scope), validates it with
referrals.icp.profile_from_dict (422 naming the field: ``/criteria/1/op``), stores it and
rescores every company's `icp_score`, `icp_met`, `icp_missed`. It takes the version it
is based on (If-Match or `version`) and answers 409 when the profile moved on.
"""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from api.auth import requires
from api.common import etag, expected_version
from api.problems import problem
from referrals.icp import OPS, profile_to_dict
from referrals.permissions import Action
from runtime.requests import current_context
from services import icp

blp = Blueprint("icp", __name__, description="The Ideal Client Profile: weighted criteria over company "
                                             "attributes; changing it rescores every company.")

_EXAMPLE = {
    "ideal_threshold": 0.7, "min_health": 0.6,
    "criteria": [
        {"attribute": "industry", "op": "in", "value": ["software", "fintech"], "weight": 3},
        {"attribute": "employees", "op": "between", "value": [200, 5000], "weight": 3},
        {"attribute": "industry", "op": "not_in", "value": ["government"], "weight": 1, "must_have": True},
    ],
}


class CriterionIn(Schema):
    attribute = fields.String(required=True, metadata={"example": "industry"})
    op = fields.String(required=True, validate=validate.OneOf(sorted(OPS)))
    value = fields.Raw(required=True, metadata={"description": "a list for in/not_in, [low, high] "
                                                                 "for between, else one value"})
    weight = fields.Float(load_default=1.0)
    must_have = fields.Boolean(load_default=False)


class IcpIn(Schema):
    """The documented body of PUT /icp (spec only: referrals.icp.profile_from_dict validates
    it, naming the field of any error)."""

    ideal_threshold = fields.Float(metadata={"example": 0.7})
    min_health = fields.Float(metadata={"example": 0.6})
    criteria = fields.List(fields.Nested(CriterionIn), required=True)
    version = fields.Integer(metadata={"description": "the version this change is based on "
                                                      "(or If-Match); 409 when it moved on"})


def _body(stored: dict) -> dict:
    return {**profile_to_dict(stored["profile"]), "version": stored["version"],
            "updated_at": stored["updated_at"].isoformat() if stored["updated_at"] else None,
            "updated_by": stored["updated_by"]}


@blp.route("/icp")
class Icp(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.response(200)
    def get(self):
        """The current profile (the built-in default, version 0, until one is saved)."""
        stored = icp.current(current_context())
        return _body(stored), 200, {"ETag": etag(stored["version"])}

    @requires(Action.MANAGE_ICP)
    @blp.doc(requestBody={"required": True, "content": {"application/json": {"schema": IcpIn,
                                                                           "example": _EXAMPLE}}})
    @blp.response(200)
    def put(self):
        """Replace the profile and rescore every company.

        Criteria ops: in, not_in, between (inclusive), eq, gte, lte. Optional `version`
        (or If-Match) guards against overwriting someone else's change.
        """
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            abort(400, message="The body must be a JSON object: the profile.")
        body_version = data.pop("version", None)
        for ignored in ("updated_at", "updated_by"):
            data.pop(ignored, None)
        if body_version is not None and (not isinstance(body_version, int) or isinstance(body_version, bool)):
            return problem(422, "version: must be an integer",
                           errors=[{"pointer": "/version", "detail": "must be an integer"}])
        saved = icp.replace(current_context(), data, expected_version=expected_version(body_version))
        body = _body(saved)
        body["rescored"] = saved["rescored"]
        return body, 200, {"ETag": etag(saved["version"])}
