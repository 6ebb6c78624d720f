"""Ranked referral paths (reps) and referral opportunities (account managers)."""

from __future__ import annotations

import time
from datetime import date

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import require_scope
from api.problems import problem
from graph.opportunities import referral_opportunities
from graph.paths import MAX_HOPS_ALLOWED, PathFinder, PathQuery, PathQueryError
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
    id = fields.String()
    name = fields.String()
    title = fields.String(allow_none=True)
    company = fields.Nested(CompanyOut, allow_none=True)
    role = fields.String(metadata={"description": "source, connector, referrer or target"})


class PathEdge(Schema):
    from_ = fields.String(data_key="from")
    to = fields.String()
    strength = fields.Float()


class Explanation(Schema):
    terms = fields.Dict(keys=fields.String(), values=fields.Float())
    summary = fields.String()


class ReferralPath(Schema):
    score = fields.Float()
    hops = fields.Integer()
    nodes = fields.List(fields.Nested(PathNode))
    edges = fields.List(fields.Nested(PathEdge))
    explanation = fields.Nested(Explanation)


class PathsOut(Schema):
    target = fields.String()
    source = fields.String(allow_none=True)
    max_hops = fields.Integer()
    paths = fields.List(fields.Nested(ReferralPath))
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


def _node(person_id: str, role: str, facts: dict[str, PersonFacts]) -> dict:
    f = facts.get(person_id) or PersonFacts(id=person_id)
    return {"id": person_id, "name": f.display_name, "title": f.title, "company": _company(f), "role": role}


def path_json(path: ScoredPath, facts: dict[str, PersonFacts]) -> dict:
    return {
        "score": path.score,
        "hops": path.hops,
        "nodes": [_node(n, role, facts) for n, role in zip(path.nodes, path.roles, strict=True)],
        "edges": [{"from_": a, "to": b, "strength": s}
                  for a, b, s in zip(path.nodes, path.nodes[1:], path.strengths, strict=False)],
        "explanation": {"terms": path.terms, "summary": path.summary},
    }


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
    path per referrer. `explanation.terms` holds every factor of the score.
    """
    started = time.perf_counter()
    query = PathQuery(target=args["target"], source=args.get("from_"), max_hops=args["max_hops"],
                      limit=args["limit"], per_referrer=args["per_referrer"], today=date.today())
    from api.app import get_graph

    try:
        paths, facts = PathFinder(get_graph()).find(query)
    except PathQueryError as exc:
        return _query_error(exc)
    return {"target": query.target, "source": query.source, "max_hops": query.max_hops,
            "paths": [path_json(p, facts) for p in paths],
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
    from api.app import get_graph

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
            "score": path.score, "hops": path.hops - 1, "path": path_json(path, facts),
            "ask": draft_ask(facts[referrer_id], facts[path.nodes[-1]], via),
        })
    return {"client": {"id": client["id"], "name": client["name"], "status": client["status"]},
            "opportunities": items, "took_ms": round((time.perf_counter() - started) * 1000, 1)}
