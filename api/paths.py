"""Ranked referral paths (reps) and referral opportunities (account managers)."""

from __future__ import annotations

import time

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import requires
from referrals.permissions import Action
from runtime.requests import current_context
from search.paths import MAX_HOPS_ALLOWED
from services import opportunities, paths

blp = Blueprint("referral_paths", __name__, description="Warm introduction paths, ranked and explained")


class PathArgs(Schema):
    target = fields.String(required=True, validate=validate.Length(min=1, max=200),
                           metadata={"description": "A person id, or a company id (every current employee)."})
    from_ = fields.String(data_key="from", validate=validate.Length(min=1, max=200),
                          metadata={"description": "The asking rep (default: every rep on the team); "
                                                   "anyone not one of our reps is a 422 naming `from`."})
    max_hops = fields.Integer(load_default=3, validate=validate.Range(1, MAX_HOPS_ALLOWED))
    limit = fields.Integer(load_default=10, validate=validate.Range(1, 50))
    per_referrer = fields.Integer(load_default=1, validate=validate.Range(1, 5),
                                  metadata={"description": "Paths allowed through one referrer."})


class OpportunityArgs(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))
    max_hops = fields.Integer(load_default=2, validate=validate.Range(1, 2))


class CompanyOut(Schema):
    id = fields.String()
    name = fields.String(allow_none=True)
    status = fields.String(allow_none=True)
    icp_score = fields.Float(allow_none=True)
    health = fields.Float(allow_none=True)


class PathNode(Schema):
    id = fields.String(allow_none=True, metadata={"description": "null when hidden"})
    name = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    company = fields.Nested(CompanyOut, allow_none=True)
    role = fields.String(metadata={"description": "source, connector, referrer or target"})
    hidden = fields.Boolean(metadata={"description": "A person at a client that has not opted in"})


class PathEdge(Schema):
    from_ = fields.String(data_key="from", allow_none=True)
    to = fields.String(allow_none=True)
    strength = fields.Float(metadata={"description": "Confirmed strength when a person confirmed it"})
    confirmed = fields.Boolean(metadata={"description": "A person on the tie confirmed or corrected it"})


class WeakestLink(Schema):
    from_ = fields.String(data_key="from", allow_none=True)
    to = fields.String(allow_none=True)
    strength = fields.Float()


class Confidence(Schema):
    value = fields.Float(metadata={"description": "0..1: how much evidence is behind the score"})
    level = fields.String(metadata={"description": "high, medium or low"})
    confirmed_ties = fields.Integer()
    interactions = fields.Integer()


class Explanation(Schema):
    terms = fields.Dict(keys=fields.String(), values=fields.Float())
    summary = fields.String()
    tier = fields.String(metadata={"description": "strong, medium or weak (from the score)"})
    weakest_link = fields.Nested(WeakestLink)
    confidence = fields.Nested(Confidence)


class ReferralPath(Schema):
    score = fields.Float()
    hops = fields.Integer()
    counts_only = fields.Boolean(metadata={
        "description": "People on it are hidden until their client opts in; it cannot be requested."})
    usable = fields.Boolean(metadata={"description": "Can be used to request an introduction"})
    nodes = fields.List(fields.Nested(PathNode))
    edges = fields.List(fields.Nested(PathEdge))
    explanation = fields.Nested(Explanation)


class RunnerUpOut(Schema):
    summary = fields.String()
    why_lost = fields.String()
    reason = fields.String(metadata={"description": "rank, diversity or consent"})
    score = fields.Float()
    hops = fields.Integer()
    tier = fields.String()
    counts_only = fields.Boolean()


class ConsideredOut(Schema):
    employees = fields.Integer(metadata={
        "description": "The company's current employees who may be contacted."})
    searched = fields.Integer(metadata={
        "description": "How many of them the search reached through the company's entry points "
                       "(its employees' strongest ties, and the asking side's own ties first)."})


class PathsOut(Schema):
    target = fields.String()
    source = fields.String(allow_none=True)
    max_hops = fields.Integer()
    paths = fields.List(fields.Nested(ReferralPath))
    runner_up = fields.Nested(RunnerUpOut, allow_none=True, metadata={
        "description": "The best path not shown as usable, and why it lost (null: none)."})
    considered = fields.Nested(ConsideredOut, allow_none=True, metadata={
        "description": "For a company target, the employees the search looked at (null for a person)."})
    took_ms = fields.Float()


class EvidenceOut(Schema):
    claim = fields.String(metadata={"description": "One claim the draft rests on, in words."})
    source = fields.String(metadata={
        "description": "Where it comes from: interactions, linkedin, import, confirmation, "
                       "employment, client or icp (docs/workflow.md, \"Drafted asks\")."})


class OpportunityOut(Schema):
    target = fields.Nested(PathNode)
    referrer = fields.Nested(PathNode)
    score = fields.Float()
    hops = fields.Integer()
    path = fields.Nested(ReferralPath)
    ask = fields.String(metadata={"description": "A drafted ask for the client person ('' if counts-only)."})
    subject = fields.String(metadata={"description": "A subject line for the ask ('' if counts-only)."})
    blurb = fields.String(metadata={
        "description": "A short paragraph, in the client person's voice, they can forward to the "
                       "prospect (or to the person in between) ('' if counts-only)."})
    evidence = fields.List(fields.Nested(EvidenceOut), metadata={
        "description": "The claims the ask and blurb make, each with its source; nothing is "
                       "claimed that the data does not support ([] if counts-only)."})
    usable = fields.Boolean(metadata={
        "description": "False: the client has not opted in to being asked, so its people are hidden "
                       "(referrer and path counts-only) and there is no drafted ask."})


class OpportunitiesOut(Schema):
    client = fields.Nested(CompanyOut)
    opportunities = fields.List(fields.Nested(OpportunityOut))
    took_ms = fields.Float()


@blp.route("/referral-paths")
@requires(Action.READ_PATHS)
@blp.arguments(PathArgs, location="query")
@blp.response(200, PathsOut)
def referral_paths(args):
    """Ranked warm paths from the asking rep (or every rep) to a person or a company.

    Each path runs source -> ... -> referrer -> target over real KNOWS ties, at most
    `max_hops` long, with no do-not-contact person and no repeated person; by default one
    path per referrer. `explanation.terms` holds every factor of the score;
    `explanation.weakest_link`, `.tier` and `.confidence` explain it in short, and
    `runner_up` says why the best path not shown (or shown counts-only) lost. A path through
    a client that has not opted in (PUT /companies/{id}/consent) is counts-only.
    The order is the ranking's own, best score first: the find page's interleaving
    experiment (docs/ranking.md) never applies here.
    """
    started = time.perf_counter()
    found = paths.find_paths(current_context(), args["target"], args.get("from_"), max_hops=args["max_hops"],
                             limit=args["limit"], per_referrer=args["per_referrer"])
    return {**found, "took_ms": round((time.perf_counter() - started) * 1000, 1)}


@blp.route("/clients/<string:client_id>/referral-opportunities")
@requires(Action.READ_PATHS)
@blp.arguments(OpportunityArgs, location="query")
@blp.response(200, OpportunitiesOut)
def client_opportunities(args, client_id):
    """For an account manager: prospects this client's people can reach, best first."""
    started = time.perf_counter()
    found = opportunities.client_opportunities(current_context(), client_id, limit=args["limit"],
                                               max_hops=args["max_hops"])
    return {**found, "took_ms": round((time.perf_counter() - started) * 1000, 1)}
