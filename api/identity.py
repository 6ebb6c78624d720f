"""Identity resolution (issue #16, docs/identity.md): run it, read the review queue with
the evidence for and against each pair, decide a pair, undo a merge. Use cases:
services/identity.py; who may: docs/permissions.md (managers, admins, keys with imports:run).
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import requires
from referrals.paging import DEFAULT_LIMIT, MAX_LIMIT
from referrals.permissions import Action
from runtime.requests import current_context
from services import company_identity, identity

blp = Blueprint("identity", __name__,
                description="Identity resolution: one person, one node across LinkedIn, CRMs and "
                            "interaction logs; the review queue and undoing a merge.")


class CompanyResolutionOut(Schema):
    companies = fields.Integer(metadata={"description": "companies read"})
    pairs = fields.Integer(metadata={"description": "candidate pairs at or above the review threshold"})
    merged = fields.Integer(metadata={"description": "merges made without asking (the same domain, "
                                                     "p >= 0.99, nothing against)"})
    queued = fields.Integer(metadata={"description": "company pairs in the review queue after this run"})
    new_reviews = fields.Integer()
    skipped_decided = fields.Integer(metadata={"description": "pairs a person decided before"})
    seconds = fields.Float()


class ResolutionOut(Schema):
    people = fields.Integer(metadata={"description": "people read (our reps are left out)"})
    pairs = fields.Integer(metadata={"description": "pairs scored at or above the review threshold"})
    merged = fields.Integer(metadata={"description": "merges made without asking (p >= 0.99)"})
    queued = fields.Integer(metadata={"description": "pairs in the review queue after this run"})
    new_reviews = fields.Integer()
    held_for_review = fields.Integer(
        metadata={"description": "sure pairs queued for a do-not-contact conflict"})
    skipped_decided = fields.Integer(metadata={"description": "pairs a person decided before"})
    trained = fields.Boolean(metadata={"description": "true: trained now; false: the kept model"})
    companies = fields.Nested(CompanyResolutionOut,
                              metadata={"description": "the company linkage, run after the people"})
    seconds = fields.Float()


class ResolutionIn(Schema):
    retrain = fields.Boolean(load_default=False,
                             metadata={"description": "train the model again instead of the kept one"})


class Evidence(Schema):
    comparison = fields.String(metadata={"description": "people: first_name, last_name, email, handle, "
                                                        "linkedin, company, title or phone; companies: "
                                                        "domain, name, words or people"})
    level = fields.String(metadata={"description": "what the two records share on it"})
    weight = fields.Float(metadata={"description": "bits: > 0 for one person, < 0 against"})


class EvidenceSplit(Schema):
    for_ = fields.List(fields.Nested(Evidence), data_key="for", attribute="for")
    against = fields.List(fields.Nested(Evidence))


class PersonSide(Schema):
    id = fields.String(allow_none=True)
    name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    linkedin_url = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    company = fields.String(allow_none=True)
    company_domain = fields.String(allow_none=True)
    do_not_contact = fields.Boolean(allow_none=True)
    hidden = fields.Boolean(metadata={"description": "true: hidden until their client opts in"})


class CompanySide(Schema):
    id = fields.String(allow_none=True)
    name = fields.String(allow_none=True)
    domain = fields.String(allow_none=True)
    status = fields.String(allow_none=True)
    people = fields.Integer(allow_none=True, metadata={"description": "people who work there"})


class ReviewOut(Schema):
    id = fields.String()
    kind = fields.String(metadata={"description": "person (person_a, person_b) or company (company_a, "
                                                  "company_b)"})
    a = fields.String(allow_none=True)
    b = fields.String(allow_none=True)
    probability = fields.Float()
    weight = fields.Float()
    reason = fields.String(metadata={"description": "review, or do_not_contact (a sure pair held back); "
                                                    "companies: review, names_differ (one domain, names "
                                                    "apart) or status_differs"})
    status = fields.String(metadata={"description": "open, merged or rejected"})
    created_at = fields.DateTime(allow_none=True)
    decided_by = fields.String(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    merge_id = fields.String(allow_none=True,
                             metadata={"description": "undo it with POST /identity/merges/{id}/undo"})
    evidence = fields.Nested(EvidenceSplit)
    person_a = fields.Nested(PersonSide, allow_none=True)
    person_b = fields.Nested(PersonSide, allow_none=True)
    company_a = fields.Nested(CompanySide, allow_none=True)
    company_b = fields.Nested(CompanySide, allow_none=True)


class ReviewPage(Schema):
    items = fields.List(fields.Nested(ReviewOut))
    next_cursor = fields.String(allow_none=True)


class ReviewArgs(Schema):
    limit = fields.Integer(load_default=DEFAULT_LIMIT, validate=validate.Range(1, MAX_LIMIT))
    cursor = fields.String(load_default=None)
    status = fields.String(load_default="open", validate=validate.OneOf(("open", "merged", "rejected")))


class DecisionIn(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(identity.DECISIONS),
                             metadata={"description": "merge: one person; reject: keep apart"})


class UndoOut(Schema):
    merge_id = fields.String()
    moved_back = fields.Integer()
    review_id = fields.String(metadata={"description": "the pair, now kept apart"})
    keep_id = fields.String(allow_none=True)
    absorbed_id = fields.String(allow_none=True)


@blp.route("/identity/resolutions")
class Resolutions(MethodView):
    @requires(Action.RESOLVE_IDENTITIES)
    @blp.arguments(ResolutionIn, required=False)
    @blp.response(200, ResolutionOut)
    @blp.alt_response(409, response="CONFLICT", description="too few people, or nothing to train on")
    def post(self, body: dict[str, Any] | None = None):
        """Resolve every person now: merge the sure pairs, queue the likely ones."""
        return identity.resolve(current_context(), retrain=bool((body or {}).get("retrain")))


@blp.route("/identity/company-resolutions")
class CompanyResolutions(MethodView):
    @requires(Action.RESOLVE_IDENTITIES)
    @blp.response(200, CompanyResolutionOut)
    def post(self):
        """Link the companies only (a full resolution does this first): merge the sure pairs,
        queue the likely ones. Needs no trained model."""
        return company_identity.resolve(current_context())


@blp.route("/identity/reviews")
class Reviews(MethodView):
    @requires(Action.REVIEW_IDENTITIES)
    @blp.arguments(ReviewArgs, location="query")
    @blp.response(200, ReviewPage)
    def get(self, args: dict[str, Any]):
        """The review queue, likeliest first, with both people and the evidence."""
        return identity.review_queue(current_context(), **args)


@blp.route("/identity/reviews/<review_id>/decision")
class Decision(MethodView):
    @requires(Action.REVIEW_IDENTITIES)
    @blp.arguments(DecisionIn)
    @blp.response(200, ReviewOut)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, body: dict[str, Any], review_id: str):
        """Merge the pair, or keep them apart (409 when already decided)."""
        return identity.decide(current_context(), review_id, body["decision"])


@blp.route("/identity/merges/<merge_id>/undo")
class Undo(MethodView):
    @requires(Action.REVIEW_IDENTITIES)
    @blp.response(200, UndoOut)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def post(self, merge_id: str):
        """Undo a merge (a person's, or a company's: ids mc-...): both as they were, with their
        relationships; later runs keep them apart."""
        return identity.unmerge(current_context(), merge_id)
