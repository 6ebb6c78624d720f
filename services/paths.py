"""Referral paths: find the ranked warm paths to a person or company, and present them.

One use case per action (``find_paths``, ``draft_for_path``) and the one presentation of
a path that the API, the pages and the opportunities share (``path_json``): people whose
client has not opted in are hidden there (counts-only), whoever asks. Which people those
are is asked of services/visibility.py (the reads' one filter) on top of the path facts.
Search: graph/paths.py (storage) over search/paths.py; calibration: graph/calibration.py.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from graph.calibration import finder_for
from graph.consent import search_ends
from graph.paths import PathFinder
from referrals.consent import hidden_people
from referrals.drafting import DraftFacts, draft
from referrals.errors import Invalid, NotFound
from referrals.explain import confidence, strength_tier, weakest_link, why_lost
from referrals.permissions import Action
from referrals.scoring import PersonFacts, ScoredPath
from search.paths import Neighbourhood, PathQuery, PathResult, RunnerUp
from services import authorization, drafting, metrics, visibility
from services.context import Context

NOT_A_REP = ("from must be the id of one of our reps (a person with is_rep); "
             "leave it out to search from every rep.")


def find_paths(ctx: Context, target: str, source: str | None = None, *, max_hops: int = 3,
               limit: int = 10, per_referrer: int = 1) -> dict[str, Any]:
    """Ranked warm paths from `source` (default: every rep) to a person or company.

    {target, source, max_hops, paths, runner_up, considered}; `considered` for a company
    target is {employees, searched}: its current employees who may be contacted, and how
    many of them the search reached through the company's entry points (null for a
    person). NotFound for an unknown target (a person hidden until their client opts in
    reads the same), Invalid (field "from") for a source that is not one of our reps,
    Invalid (field "target", "max_hops") for one that cannot be searched.
    The outcome-calibrated model is blended in by ``ctx.rules.calibration_weight``.
    """
    query, result, hidden = checked_search(ctx, ranked_finder(ctx), target, source, max_hops=max_hops,
                                           limit=limit, per_referrer=per_referrer)
    return present(ctx, query, result, hidden=hidden)


def checked_search(ctx: Context, finder: PathFinder, target: str, source: str | None = None, *,
                   max_hops: int = 3, limit: int = 10, per_referrer: int = 1
                   ) -> tuple[PathQuery, PathResult, Mapping[str, str]]:
    """The checks (permission, ends, consent), the search with `finder` and who on it is
    hidden, in one read transaction: (the search run, its result, the hidden people). The
    API and the find page (services/interleaving.py) both search through it."""
    authorization.require(ctx, Action.READ_PATHS)
    asked = PathQuery(target=target, source=source, max_hops=max_hops, limit=limit,
                      per_referrer=per_referrer, today=ctx.now().date(),
                      tie_half_life_days=ctx.rules.tie_half_life_days)

    def check(source_is_rep: bool, now: str, hidden: bool) -> PathQuery:
        return _checked(asked, source_is_rep, now, hidden)

    query, result, hidden = finder.find_checked(asked, check)
    # it read them for everyone on the candidate paths, which hold every path shown (the
    # ranking picks among them); anyone else shown is asked here, never shown unchecked
    if not people_in(result) <= {n for nodes, _cost in result.candidates for n in nodes}:
        hidden = visibility.hidden_people(ctx, people_in(result))
    return query, result, hidden


def warm_up(ctx: Context, target: str, source: str) -> None:
    """A rep's search to a person run each way a request's can run, before the first request
    (a gunicorn worker's warm-up): as usual, then with the join's statement unscreened
    (PathFinder.screen_bound 0), so that every statement it may make has its plan. Neo4j
    plans a statement at its first run: on a freshly started server the first
    FACTS_AND_HIDDEN took 310-475 ms (docs/operations.md, "Overload", Warm-up)."""
    find_paths(ctx, target, source, max_hops=3, limit=5)
    unscreened = ranked_finder(ctx)
    unscreened.screen_bound = 0
    checked_search(ctx, unscreened, target, source, max_hops=3, limit=5)


def path_query(ctx: Context, target: str, source: str | None = None, *, max_hops: int = 3,
               limit: int = 10, per_referrer: int = 1) -> PathQuery:
    """The search `find_paths` runs, after its checks (permission, ends, consent); the
    interleaving experiment (services/interleaving.py) runs it through two finders."""
    authorization.require(ctx, Action.READ_PATHS)
    asked = PathQuery(target=target, source=source, max_hops=max_hops, limit=limit,
                      per_referrer=per_referrer, today=ctx.now().date(),
                      tie_half_life_days=ctx.rules.tie_half_life_days)
    # one statement: the source, the target now (a merged-away id: who they are now,
    # docs/identity.md) and whether that person is hidden (services/visibility.py)
    return _checked(asked, *search_ends(ctx.graph, source, target))


def _checked(asked: PathQuery, source_is_rep: bool, now: str, hidden: bool) -> PathQuery:
    """The search to run for what the ends read said, or the error to answer."""
    if asked.source is not None and not source_is_rep:
        # a path starts at one of us: anyone else as the source would show their own ties
        raise Invalid(NOT_A_REP, field="from")
    if hidden:
        raise NotFound(f"No person or company has the id {asked.target!r}.", field="target")
    return replace(asked, target=now)


def ranked_finder(ctx: Context, calibration_weight: float | None = None) -> PathFinder:
    """The finder of the ranking shown: hand-set, blended with the learned model by the
    weight (default ``ctx.rules.calibration_weight``); the stages' timers
    (services/metrics.py) wrap its steps, results unchanged."""
    weight = ctx.rules.calibration_weight if calibration_weight is None else calibration_weight
    # block=False: a request never waits for the model's fit (seconds); it is refitted
    # in the background and the hand-set ranking serves until the first fit is done
    return metrics.instrument(finder_for(ctx.graph, weight, ctx.rules.calibration_min_outcomes,
                                         block=False), metrics.PATH_STAGES)


def present(ctx: Context, query: PathQuery, result: PathResult,
            hidden: Mapping[str, str] | None = None) -> dict[str, Any]:
    """`find_paths`'s answer for one search's result; `hidden`: who on it is hidden, when
    already read (services/visibility.py), else read here."""
    with metrics.stage("present"):
        if hidden is None:
            hidden = visibility.hidden_people(ctx, people_in(result))
        paths, runner = paths_json(result, hidden=hidden)
    return answer(query, result, paths, runner)


def answer(query: PathQuery, result: PathResult, paths: list[dict], runner: dict | None) -> dict[str, Any]:
    scope = result.scope
    return {"target": query.target, "source": query.source, "max_hops": query.max_hops,
            "paths": paths, "runner_up": runner,
            "considered": None if scope is None else {"employees": scope.employees,
                                                      "searched": scope.searched}}


def draft_for_path(ctx: Context, path_ids: list[str]) -> str:
    """The ask the requester sends the first person on a path ("" when someone is gone, or
    is hidden until their client opts in: the note would name them). The whole draft, with
    its blurb and evidence: services/drafting.py."""
    return drafting.draft_for_path(ctx, path_ids).ask


# ---- presentation: one shape for the API, the pages and the opportunities ------------------
def draft_ask(referrer: PersonFacts, target: PersonFacts, via: PersonFacts | None) -> str:
    """The note asking `referrer` to introduce us to `target` (through `via`) with the
    default template and no tie evidence read (referrals/drafting.py: a colleague only
    when the data says they work at the same company)."""
    chain = (referrer, target) if via is None else (referrer, via, target)
    return draft(DraftFacts(chain=chain)).ask


def company_json(f: PersonFacts | None) -> dict | None:
    if f is None or f.company_id is None:
        return None
    return {"id": f.company_id, "name": f.company_name, "status": f.status,
            "icp_score": f.company_icp, "health": f.company_health}


def node_json(person_id: str, role: str, facts: dict[str, PersonFacts], hidden: bool = False) -> dict:
    if hidden:
        return {"id": None, "name": None, "title": None, "company": None, "role": role, "hidden": True}
    f = facts.get(person_id) or PersonFacts(id=person_id)
    return {"id": person_id, "name": f.display_name, "title": f.title, "company": company_json(f),
            "role": role, "hidden": False}


def counts_only_summary(path: ScoredPath, hidden: set[str]) -> str:
    people = "person" if len(hidden) == 1 else "people"
    return (f"A {strength_tier(path.score)} path of {path.hops} hops through {len(hidden)} {people} at a "
            "client that has not opted in to being asked; the names show once the client opts in.")


def path_json(path: ScoredPath, facts: dict[str, PersonFacts], hood: Neighbourhood | None = None,
              hidden: Collection[str] = frozenset()) -> dict:
    """One path for the API and the page; people whose client has not opted in are hidden
    (counts-only: tier, hops, tie strengths, no names, ids or score terms): those the path
    facts say, and any of ``hidden`` (services/visibility.py) past the source, the target
    too (a company target's employee at such a client)."""
    hidden = _hidden_on(path, facts, hidden)
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
        "nodes": [node_json(n, role, facts, n in hidden)
                  for n, role in zip(path.nodes, path.roles, strict=True)],
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


def runner_up_json(runner: RunnerUp | None, facts: dict[str, PersonFacts],
                   hidden: Collection[str] = frozenset()) -> dict | None:
    """{summary, why_lost, reason, score, hops, tier, counts_only} for the best path that lost."""
    if runner is None:
        return None
    path = runner.path
    hidden = _hidden_on(path, facts, hidden)
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


def paths_json(result: PathResult, hidden: Collection[str] = frozenset()) -> tuple[list[dict], dict | None]:
    return ([path_json(p, result.facts, result.hood, hidden) for p in result.paths],
            runner_up_json(result.runner_up, result.facts, hidden))


def _hidden_on(path: ScoredPath, facts: dict[str, PersonFacts], hidden: Collection[str]) -> set[str]:
    return hidden_people(path.nodes, facts) | {n for n in path.nodes[1:] if n in hidden}


def people_in(result: PathResult) -> set[str]:
    found = {n for p in result.paths for n in p.nodes}
    if result.runner_up is not None:
        found |= set(result.runner_up.path.nodes)
        if result.runner_up.winner is not None:
            found |= set(result.runner_up.winner.nodes)
    return found
