"""Introductions (requests along real paths, the status workflow, qualification, touches)
and inquiries. Rules: docs/process.md rules 4-8; storage: graph/introductions.py.

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
from marshmallow import Schema, fields, validate

from api.app import get_graph
from api.auth import require_scope
from api.common import etag, expected_version
from api.problems import problem
from api.workflow_support import (
    actor,
    dispatch,
    goodwill_policy,
    now,
    register_errors,
    setting,
)
from graph import consent, icp_store
from graph import introductions as store
from referrals.introductions import CONSENT_CHANNELS, ConsentAnswer, IntroStatus
from referrals.qualification import InquiryKind

blp = Blueprint("introductions", __name__,
                description="Warm introduction requests, their workflow and history; inquiries "
                            "(kept apart: an inquiry is never a lead).")
register_errors(blp)

STATUSES = [s.value for s in IntroStatus]


class PageArgs(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))
    cursor = fields.String(load_default=None, validate=validate.Length(max=2000))


class IntroductionListArgs(PageArgs):
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


class InquiryListArgs(PageArgs):
    kind = fields.String(load_default=None, validate=validate.OneOf([k.value for k in InquiryKind]))


def _with_etag(body: dict, status: int = 200):
    return body, status, {"ETag": etag(body.get("version"))}


@blp.route("/introductions")
class Introductions(MethodView):
    @require_scope("read")
    @blp.arguments(IntroductionListArgs, location="query")
    @blp.response(200)
    def get(self, args):
        """Introductions, newest first (filters: status, requester_id, referrer_id, target_id)."""
        return store.list_introductions(get_graph(), **args)

    @require_scope("write")
    @blp.arguments(IntroductionIn)
    @blp.response(201)
    def post(self, body):
        """Request a warm introduction along a path (requester ... referrer, target)."""
        graph = get_graph()
        waiting = consent.people_needing_consent(graph, list(body["path"]))
        if waiting:
            # names stay hidden until the client opts in (issue 9): say how many, not who
            return problem(409, f"{len(waiting)} person(s) on this path work at a client that has not "
                                "agreed to be used as a connector yet; ask the client to opt in first "
                                "(PUT /api/v1/companies/{id}/consent).", title="Client consent needed",
                           code="client_consent_required")
        intro = store.create_introduction(
            graph, requester_id=body["requester_id"], target_id=body["target_id"], path=body["path"],
            actor=actor(body.get("actor")), now=now(), note=body.get("note"),
            profile=icp_store.current_profile(graph))
        dispatch("introduction.created", {"introduction_id": intro["id"], "status": intro["status"],
                                            "requester_id": intro["requester_id"],
                                            "referrer_id": intro["referrer_id"],
                                            "target_id": intro["target_id"], "version": intro["version"]})
        return _with_etag(intro, 201)


@blp.route("/introductions/<intro_id>")
class Introduction(MethodView):
    @require_scope("read")
    @blp.response(200)
    def get(self, intro_id):
        """One introduction: requester, referrer, target, the history timeline, flags
        (``no_next_step``), allowed next moves and qualification."""
        graph = get_graph()
        return _with_etag(store.get_introduction(graph, intro_id, profile=icp_store.current_profile(graph)))


@blp.route("/introductions/<intro_id>/transitions")
class Transitions(MethodView):
    @require_scope("read")
    @blp.response(200)
    def get(self, intro_id):
        """The history timeline, oldest first."""
        intro = store.get_introduction(get_graph(), intro_id)
        return {"items": intro["history"], "status": intro["status"], "version": intro["version"]}

    @require_scope("write")
    @blp.arguments(TransitionIn)
    @blp.response(201)
    def post(self, body, intro_id):
        """Move the introduction. Illegal moves 409 (with `allowed`); qualified_out needs a
        `reason` (422); `qualified` needs ICP fit, budget and need (409 with `missing`);
        a meeting without `assignment` and a later `next_meeting_at` is recorded and
        flagged ``no_next_step``; a stale `version` / If-Match is 409."""
        graph = get_graph()
        result = store.transition(
            graph, intro_id, body["to"], actor=actor(body.get("actor")), now=now(), note=body.get("note"),
            assignment=body.get("assignment"), next_meeting_at=body.get("next_meeting_at"),
            reason=body.get("reason"), expected_version=expected_version(body.get("version")),
            profile=icp_store.current_profile(graph),
            max_per_quarter=setting("REFERRAL_ASKS_PER_QUARTER"), policy=goodwill_policy())
        intro = result["introduction"]
        dispatch("introduction.status_changed", {
            "introduction_id": intro_id, "from": result["event"]["from"], "to": result["event"]["to"],
            "actor": result["event"]["actor"], "at": result["event"]["at"], "version": intro["version"],
            "flags": result["event"]["flags"], "referrer_id": intro["referrer_id"],
            "target_id": intro["target_id"]})
        return result, 201, {"ETag": etag(intro["version"])}


@blp.route("/introductions/<intro_id>/prospect-consent")
class ProspectConsent(MethodView):
    @require_scope("read")
    @blp.response(200)
    def get(self, intro_id):
        """The prospect's recorded answers (double opt-in), oldest first."""
        return {"items": store.list_consents(get_graph(), intro_id)}

    @require_scope("write")
    @blp.arguments(ProspectConsentIn)
    @blp.response(201)
    def post(self, body, intro_id):
        """Double opt-in: record the prospect's yes or no (when, through which channel)
        while the introduction is asked or accepted. `introduced` is refused (409
        `prospect_consent_required`) until they said yes; a no closes the introduction
        as declined with the reason. 409 `consent_not_expected` in any other status."""
        graph = get_graph()
        result = store.record_consent(
            graph, intro_id, body["answer"], channel=body["channel"], at=body.get("at"),
            actor=actor(body.get("actor")), now=now(), note=body.get("note"),
            expected_version=expected_version(body.get("version")),
            profile=icp_store.current_profile(graph))
        intro = result["introduction"]
        if result.get("event"):
            dispatch("introduction.status_changed", {
                "introduction_id": intro_id, "from": result["event"]["from"], "to": result["event"]["to"],
                "actor": result["event"]["actor"], "at": result["event"]["at"],
                "version": intro["version"], "flags": result["event"]["flags"],
                "referrer_id": intro["referrer_id"], "target_id": intro["target_id"]})
        return result, 201, {"ETag": etag(intro["version"])}


@blp.route("/introductions/<intro_id>/qualification")
class Qualification(MethodView):
    @require_scope("read")
    @blp.response(200)
    def get(self, intro_id):
        """BANT answers and whether the lead is qualified (ICP fit >= threshold, budget and
        need known); what is missing and the questions that would fill the gaps."""
        graph = get_graph()
        intro = store.get_introduction(graph, intro_id, with_history=False,
                                       profile=icp_store.current_profile(graph))
        return _with_etag({"introduction_id": intro_id, "version": intro["version"],
                           **intro["qualification"]})

    @require_scope("write")
    @blp.arguments(QualificationIn)
    @blp.response(200)
    def put(self, body, intro_id):
        """Set budget / authority / need / timing (each true, false or {known, note});
        fields left out become unknown."""
        graph = get_graph()
        version = body.pop("version", None)
        bant = {k: v for k, v in body.items() if v is not None}
        state = store.set_qualification(graph, intro_id, bant, now=now(),
                                        expected_version=expected_version(version),
                                        profile=icp_store.current_profile(graph))
        return _with_etag(state)


@blp.route("/introductions/<intro_id>/touches")
class Touches(MethodView):
    @require_scope("read")
    @blp.response(200)
    def get(self, intro_id):
        """Touches logged on the introduction, oldest first."""
        return {"items": store.list_touches(get_graph(), intro_id)}

    @require_scope("write")
    @blp.arguments(TouchIn)
    @blp.response(201)
    def post(self, body, intro_id):
        """Log a touch (email, call...): outbound from us or inbound from them. Eight or more
        outbound touches with no reply make the item a one-way chase in the review."""
        return store.record_touch(get_graph(), intro_id, direction=body["direction"],
                                  channel=body.get("channel"), at=body.get("at") or now(),
                                  actor=actor(body.get("actor")), note=body.get("note"))


@blp.route("/inquiries")
class Inquiries(MethodView):
    @require_scope("read")
    @blp.arguments(InquiryListArgs, location="query")
    @blp.response(200)
    def get(self, args):
        """Inquiries, newest first. None of them is a lead."""
        return store.list_inquiries(get_graph(), **args)

    @require_scope("write")
    @blp.arguments(InquiryIn)
    @blp.response(201)
    def post(self, body):
        """Record an inquiry (download, demo_view, list, webinar, other): kept apart from
        introductions and opportunities, never counted as a lead."""
        return store.create_inquiry(get_graph(), kind=body["kind"], at=body.get("at"), now=now(),
                                    person_id=body.get("person_id"), company_id=body.get("company_id"),
                                    source=body.get("source"), note=body.get("note"))
