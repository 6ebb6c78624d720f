"""Introductions (requests along real paths, the status workflow, qualification, touches)
and inquiries. Rules: docs/process.md rules 4-8; use cases: services/introductions.py.

Answers:
- 422 with ``errors[].pointer``: invalid fields, a path that is not a real chain of KNOWS
  ties from the requester to the target through a referrer (``/path``), qualified_out
  without a reason (``/reason``), meeting details on a move that is not a meeting.
- 409: ``introduced`` before the prospect said yes (``prospect_consent_required``:
  double opt-in, record it at ``/introductions/{id}/prospect-consent``), a move the
  workflow does not allow (``allowed`` lists the legal targets), moving
  to ``qualified`` before the lead is qualified (``missing``, ``questions``), a stale
  ``version`` / If-Match (``current_version``), a duplicate open request
  (``existing_id``), an ask over the client's limit (``alternatives``).
- 404: unknown introduction.
"""

from __future__ import annotations

from datetime import UTC

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import INCLUDE, Schema, fields, validate

from api.auth import requires
from api.common import PageQuery, etag, expected_version
from referrals.introductions import CONSENT_CHANNELS, ConsentAnswer, IntroStatus
from referrals.permissions import Action
from referrals.qualification import InquiryKind
from runtime.requests import current_context
from services import introductions

blp = Blueprint("introductions", __name__,
                description="Warm introduction requests, their workflow and history; inquiries "
                            "(kept apart: an inquiry is never a lead).")

STATUSES = [s.value for s in IntroStatus]


class IntroductionListArgs(PageQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    requester_id = fields.String(load_default=None)
    referrer_id = fields.String(load_default=None)
    target_id = fields.String(load_default=None)


class IntroductionIn(Schema):
    requester_id = fields.String(required=True, validate=validate.Length(min=1, max=200))
    target_id = fields.String(required=True, validate=validate.Length(min=1, max=200))
    path = fields.List(fields.String(validate=validate.Length(min=1, max=200)), required=True,
                       validate=validate.Length(min=1, max=10),
                       metadata={"description": "requester, referrer(s), target: consecutive people "
                                                "know each other (as GET /referral-paths answers)"})
    note = fields.String(load_default=None, validate=validate.Length(max=5000))
    actor = fields.String(load_default=None, validate=validate.Length(max=200))


class IntroductionOut(Schema):
    """The documented shape of an introduction (spec only: the answer is sent as the use case
    returns it, so fields added later appear before the spec names them)."""

    class Meta:
        unknown = INCLUDE

    id = fields.String()
    status = fields.String(validate=validate.OneOf(STATUSES))
    path = fields.List(fields.String())
    requester_id = fields.String()
    referrer_id = fields.String(metadata={"description": "the first person after the requester"})
    target_id = fields.String()
    note = fields.String(allow_none=True)
    version = fields.Integer(metadata={"description": "for If-Match on later changes (also the ETag)"})
    requested_at = fields.String(allow_none=True, metadata={"description": "ISO 8601"})


class TransitionIn(Schema):
    to = fields.String(required=True, validate=validate.OneOf(STATUSES))
    note = fields.String(load_default=None, validate=validate.Length(max=5000))
    assignment = fields.String(load_default=None, validate=validate.Length(max=2000),
                               metadata={"description": "meeting_held: what the buyer will do before "
                                                        "the next meeting"})
    next_meeting_at = fields.AwareDateTime(load_default=None, default_timezone=UTC,
                                           metadata={"description": "meeting_held: the next meeting"})
    reason = fields.String(load_default=None, validate=validate.Length(max=2000),
                           metadata={"description": "required for qualified_out"})
    version = fields.Integer(load_default=None, metadata={"description": "the version you read "
                                                                         "(or send If-Match)"})
    actor = fields.String(load_default=None, validate=validate.Length(max=200))


class ProspectConsentIn(Schema):
    answer = fields.String(required=True, validate=validate.OneOf([a.value for a in ConsentAnswer]),
                           metadata={"description": "the prospect's answer to 'may I introduce you?'"})
    channel = fields.String(required=True, validate=validate.OneOf(list(CONSENT_CHANNELS)),
                            metadata={"description": "how the prospect answered"})
    at = fields.AwareDateTime(load_default=None, default_timezone=UTC,
                              metadata={"description": "when they answered (default: now)"})
    note = fields.String(load_default=None, validate=validate.Length(max=2000))
    version = fields.Integer(load_default=None)
    actor = fields.String(load_default=None, validate=validate.Length(max=200))


class BantItemField(fields.Raw):
    """true / false / {"known": bool, "note": str}."""


class QualificationIn(Schema):
    budget = BantItemField(load_default=None)
    authority = BantItemField(load_default=None)
    need = BantItemField(load_default=None)
    timing = BantItemField(load_default=None)
    version = fields.Integer(load_default=None)


class TouchIn(Schema):
    direction = fields.String(required=True, validate=validate.OneOf(["outbound", "inbound"]),
                              metadata={"description": "outbound: we reached out; inbound: they replied"})
    channel = fields.String(load_default="email",
                            validate=validate.OneOf(["email", "call", "meeting", "message", "linkedin",
                                                     "other"]))
    at = fields.AwareDateTime(load_default=None, default_timezone=UTC)
    note = fields.String(load_default=None, validate=validate.Length(max=2000))
    actor = fields.String(load_default=None, validate=validate.Length(max=200))


class InquiryIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in InquiryKind]))
    at = fields.AwareDateTime(load_default=None, default_timezone=UTC)
    person_id = fields.String(load_default=None)
    company_id = fields.String(load_default=None)
    source = fields.String(load_default=None, validate=validate.Length(max=500))
    note = fields.String(load_default=None, validate=validate.Length(max=5000))


class InquiryListArgs(PageQuery):
    kind = fields.String(load_default=None, validate=validate.OneOf([k.value for k in InquiryKind]))


def _with_etag(body: dict, status: int = 200):
    return body, status, {"ETag": etag(body.get("version"))}


@blp.route("/introductions")
class Introductions(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.arguments(IntroductionListArgs, location="query")
    @blp.response(200)
    def get(self, args):
        """Introductions, newest first (filters: status, requester_id, referrer_id, target_id)."""
        return introductions.list_page(current_context(), **args)

    @requires(Action.WRITE_INTRODUCTIONS)
    @blp.arguments(IntroductionIn)
    @blp.response(201)
    @blp.doc(responses={"201": {"description": "Requested (ETag: its version)",
                                "content": {"application/json": {"schema": IntroductionOut}}}})
    @blp.alt_response(409, response="CONFLICT",
                      description="An open introduction to this target exists (`existing_id` names it)")
    def post(self, body):
        """Request a warm introduction along a path (requester ... referrer, target)."""
        intro = introductions.request(current_context(), requester_id=body["requester_id"],
                                      target_id=body["target_id"], path=body["path"],
                                      note=body.get("note"), acting_for=body.get("actor"))
        return _with_etag(intro, 201)


@blp.route("/introductions/<intro_id>")
class Introduction(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.response(200)
    def get(self, intro_id):
        """One introduction: requester, referrer, target, the history timeline, flags
        (``no_next_step``), allowed next moves and qualification."""
        return _with_etag(introductions.get(current_context(), intro_id))


@blp.route("/introductions/<intro_id>/transitions")
class Transitions(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.response(200)
    def get(self, intro_id):
        """The history timeline, oldest first."""
        intro = introductions.get(current_context(), intro_id)
        return {"items": intro["history"], "status": intro["status"], "version": intro["version"]}

    @requires(Action.WRITE_INTRODUCTIONS)
    @blp.arguments(TransitionIn)
    @blp.response(201)
    def post(self, body, intro_id):
        """Move the introduction. Illegal moves 409 (with `allowed`); qualified_out needs a
        `reason` (422); `qualified` needs ICP fit, budget and need (409 with `missing`);
        a meeting without `assignment` and a later `next_meeting_at` is recorded and
        flagged ``no_next_step``; a stale `version` / If-Match is 409."""
        result = introductions.move(
            current_context(), intro_id, body["to"], note=body.get("note"),
            assignment=body.get("assignment"), next_meeting_at=body.get("next_meeting_at"),
            reason=body.get("reason"), expected_version=expected_version(body.get("version")),
            acting_for=body.get("actor"))
        return result, 201, {"ETag": etag(result["introduction"]["version"])}


@blp.route("/introductions/<intro_id>/prospect-consent")
class ProspectConsent(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.response(200)
    def get(self, intro_id):
        """The prospect's recorded answers (double opt-in), oldest first."""
        return {"items": introductions.prospect_answers(current_context(), intro_id)}

    @requires(Action.WRITE_INTRODUCTIONS)
    @blp.arguments(ProspectConsentIn)
    @blp.response(201)
    def post(self, body, intro_id):
        """Double opt-in: record the prospect's yes or no (when, through which channel)
        while the introduction is asked or accepted. `introduced` is refused (409
        `prospect_consent_required`) until they said yes; a no closes the introduction
        as declined with the reason. 409 `consent_not_expected` in any other status."""
        result = introductions.record_prospect_answer(
            current_context(), intro_id, body["answer"], channel=body["channel"], at=body.get("at"),
            note=body.get("note"), expected_version=expected_version(body.get("version")),
            acting_for=body.get("actor"))
        return result, 201, {"ETag": etag(result["introduction"]["version"])}


@blp.route("/introductions/<intro_id>/qualification")
class Qualification(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.response(200)
    def get(self, intro_id):
        """BANT answers and whether the lead is qualified (ICP fit >= threshold, budget and
        need known); what is missing and the questions that would fill the gaps."""
        intro = introductions.get(current_context(), intro_id, with_history=False)
        return _with_etag({"introduction_id": intro_id, "version": intro["version"],
                           **intro["qualification"]})

    @requires(Action.WRITE_INTRODUCTIONS)
    @blp.arguments(QualificationIn)
    @blp.response(200)
    def put(self, body, intro_id):
        """Set budget / authority / need / timing (each true, false or {known, note});
        fields left out become unknown."""
        version = body.pop("version", None)
        bant = {k: v for k, v in body.items() if v is not None}
        return _with_etag(introductions.set_qualification(current_context(), intro_id, bant,
                                                          expected_version=expected_version(version)))


@blp.route("/introductions/<intro_id>/touches")
class Touches(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.response(200)
    def get(self, intro_id):
        """Touches logged on the introduction, oldest first."""
        return {"items": introductions.touches(current_context(), intro_id)}

    @requires(Action.WRITE_INTRODUCTIONS)
    @blp.arguments(TouchIn)
    @blp.response(201)
    def post(self, body, intro_id):
        """Log a touch (email, call...): outbound from us or inbound from them. Eight or more
        outbound touches with no reply make the item a one-way chase in the review."""
        return introductions.record_touch(current_context(), intro_id, direction=body["direction"],
                                          channel=body.get("channel"), at=body.get("at"),
                                          note=body.get("note"), acting_for=body.get("actor"))


@blp.route("/inquiries")
class Inquiries(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.arguments(InquiryListArgs, location="query")
    @blp.response(200)
    def get(self, args):
        """Inquiries, newest first. None of them is a lead."""
        return introductions.inquiries(current_context(), **args)

    @requires(Action.WRITE_INTRODUCTIONS)
    @blp.arguments(InquiryIn)
    @blp.response(201)
    def post(self, body):
        """Record an inquiry (download, demo_view, list, webinar, other): kept apart from
        introductions and opportunities, never counted as a lead."""
        return introductions.record_inquiry(current_context(), kind=body["kind"], at=body.get("at"),
                                            person_id=body.get("person_id"),
                                            company_id=body.get("company_id"), source=body.get("source"),
                                            note=body.get("note"))
