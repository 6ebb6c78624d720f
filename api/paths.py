"""Ranked referral paths (reps) and referral opportunities (account managers)."""

from __future__ import annotations

import time
from datetime import date

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import require_scope
from api.problems import problem
from graph.calibration import finder_for
from graph.opportunities import referral_opportunities
from graph.paths import MAX_HOPS_ALLOWED, Neighbourhood, PathQuery, PathQueryError, PathResult, RunnerUp
from referrals.consent import hidden_people
from referrals.explain import confidence, strength_tier, weakest_link, why_lost
from referrals.scoring import PersonFacts, ScoredPath

blp = Blueprint("referral_paths", __name__, description="Warm introduction paths, ranked and explained")


class PathArgs(Schema):
    target = fields.String(required=True, validate=validate.Length(min=1, max=200),
                           metadata={"description": "A person id, or a company id (every current employee)."})
    from_ = fields.String(data_key="from", validate=validate.Length(min=1, max=200),
                          metadata={"description": "The asking rep (default: every rep on the team)."})
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


class PathsOut(Schema):
    target = fields.String()
    source = fields.String(allow_none=True)
    max_hops = fields.Integer()
    paths = fields.List(fields.Nested(ReferralPath))
    runner_up = fields.Nested(RunnerUpOut, allow_none=True, metadata={
        "description": "The best path not shown as usable, and why it lost (null: none)."})
    took_ms = fields.Float()


class OpportunityOut(Schema):
    target = fields.Nested(PathNode)
    referrer = fields.Nested(PathNode)
    score = fields.Float()
    hops = fields.Integer()
    path = fields.Nested(ReferralPath)
    ask = fields.String(metadata={"description": "A drafted ask for the client person."})


class OpportunitiesOut(Schema):
    client = fields.Nested(CompanyOut)
    opportunities = fields.List(fields.Nested(OpportunityOut))
    took_ms = fields.Float()


def _company(f: PersonFacts | None) -> dict | None:
    if f is None or f.company_id is None:
        return None
    return {"id": f.company_id, "name": f.company_name, "status": f.status,
            "icp_score": f.company_icp, "health": f.company_health}


def _node(person_id: str, role: str, facts: dict[str, PersonFacts], hidden: bool = False) -> dict:
    if hidden:
        return {"id": None, "name": None, "title": None, "company": None, "role": role, "hidden": True}
    f = facts.get(person_id) or PersonFacts(id=person_id)
    return {"id": person_id, "name": f.display_name, "title": f.title, "company": _company(f), "role": role,
            "hidden": False}


def counts_only_summary(path: ScoredPath, hidden: set[str]) -> str:
    people = "person" if len(hidden) == 1 else "people"
    return (f"A {strength_tier(path.score)} path of {path.hops} hops through {len(hidden)} {people} at a "
            "client that has not opted in to being asked; the names show once the client opts in.")


def path_json(path: ScoredPath, facts: dict[str, PersonFacts], hood: Neighbourhood | None = None,
              exempt: frozenset[str] | set[str] = frozenset()) -> dict:
    """One path for the API and the page; people whose client has not opted in are hidden
    (counts-only: tier, hops, tie strengths, no names, ids or score terms). ``exempt``:
    people never hidden here (a client's own people on its referral opportunities: the
    account manager asks them directly)."""
    hidden = hidden_people(path.nodes, facts) - set(exempt)
    evidence = [hood.tie_evidence(a, b) if hood else None
                for a, b in zip(path.nodes, path.nodes[1:], strict=False)]

    def show(n: str) -> str | None:
        return None if n in hidden else n

    link = weakest_link(path.nodes, path.strengths)
    return {
        "score": path.score,
        "hops": path.hops,
        "counts_only": bool(hidden),
        "usable": not hidden,
        "nodes": [_node(n, role, facts, n in hidden) for n, role in zip(path.nodes, path.roles, strict=True)],
        "edges": [{"from_": show(a), "to": show(b), "strength": s, "confirmed": bool(e and e.confirmed)}
                  for a, b, s, e in zip(path.nodes, path.nodes[1:], path.strengths, evidence, strict=False)],
        "explanation": {
            "terms": {} if hidden else path.terms,
            "summary": counts_only_summary(path, hidden) if hidden else path.summary,
            "tier": strength_tier(path.score),
            "weakest_link": {"from_": show(link["from"]), "to": show(link["to"]),
                             "strength": link["strength"]},
            "confidence": confidence(path.nodes, evidence, facts),
        },
    }


def runner_up_json(runner: RunnerUp | None, facts: dict[str, PersonFacts]) -> dict | None:
    """{summary, why_lost, reason, score, hops, tier, counts_only} for the best path that lost."""
    if runner is None:
        return None
    path = runner.path
    hidden = hidden_people(path.nodes, facts)
    referrer = facts.get(path.referrer) if path.referrer else None
    if runner.winner is None:
        line = ("No path can be requested yet: every one runs through a client that has not opted in."
                if runner.reason == "consent" else "It is the only other path.")
    elif hidden and runner.reason == "rank":
        line = (f"Scores {path.score:.2f} against {runner.winner.score:.2f} for path #{runner.winner_rank}; "
                "it also runs through a client that has not opted in.")
    else:
        line = why_lost(path, runner.winner, runner.reason, winner_rank=runner.winner_rank,
                        referrer_name=None if hidden or referrer is None else referrer.display_name)
    return {"summary": counts_only_summary(path, hidden) if hidden else path.summary, "why_lost": line,
            "reason": runner.reason, "score": path.score, "hops": path.hops,
            "tier": strength_tier(path.score), "counts_only": bool(hidden)}


def paths_json(result: PathResult) -> tuple[list[dict], dict | None]:
    return ([path_json(p, result.facts, result.hood) for p in result.paths],
            runner_up_json(result.runner_up, result.facts))


def _query_error(exc: PathQueryError):
    pointer = "/" + exc.field
    return problem(exc.status, str(exc), errors=[{"pointer": pointer, "detail": str(exc)}]
                   if exc.status == 422 else None)


@blp.route("/referral-paths")
@require_scope("read")
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
    """
    started = time.perf_counter()
    query = PathQuery(target=args["target"], source=args.get("from_"), max_hops=args["max_hops"],
                      limit=args["limit"], per_referrer=args["per_referrer"], today=date.today())
    from runtime.requests import current_graph as get_graph

    try:
        result = finder_for(get_graph()).find_explained(query)
    except PathQueryError as exc:
        return _query_error(exc)
    paths, runner = paths_json(result)
    return {"target": query.target, "source": query.source, "max_hops": query.max_hops,
            "paths": paths, "runner_up": runner,
            "took_ms": round((time.perf_counter() - started) * 1000, 1)}


def draft_ask(referrer: PersonFacts, target: PersonFacts, via: PersonFacts | None) -> str:
    first = referrer.first_name
    who = target.display_name + (f" ({target.title} at {target.company_name})" if target.company_name else "")
    if via is None:
        return (f"Hi {first}, you know {who}. Would you be open to introducing us? "
                "A short note from you saying why we should talk is all it takes.")
    return (f"Hi {first}, we'd love to meet {who}. Your colleague {via.display_name} knows them; "
            "would you be comfortable asking for an introduction?")


@blp.route("/clients/<string:client_id>/referral-opportunities")
@require_scope("read")
@blp.arguments(OpportunityArgs, location="query")
@blp.response(200, OpportunitiesOut)
def client_opportunities(args, client_id):
    """For an account manager: prospects this client's people can reach, best first."""
    started = time.perf_counter()
    from runtime.requests import current_graph as get_graph

    try:
        client, opportunities, facts = referral_opportunities(
            get_graph(), client_id, limit=args["limit"], max_hops=args["max_hops"])
    except PathQueryError as exc:
        return _query_error(exc)
    items = []
    for opportunity in opportunities:
        path = opportunity.path
        referrer_id = path.nodes[1]
        via = facts.get(path.nodes[2]) if path.hops == 3 else None
        items.append({
            "target": _node(path.nodes[-1], "target", facts),
            "referrer": _node(referrer_id, "referrer", facts),
            "score": path.score, "hops": path.hops - 1,
            "path": path_json(path, facts, exempt={referrer_id}),
            "ask": draft_ask(facts[referrer_id], facts[path.nodes[-1]], via),
        })
    return {"client": {"id": client["id"], "name": client["name"], "status": client["status"]},
            "opportunities": items, "took_ms": round((time.perf_counter() - started) * 1000, 1)}
