"""Drafted asks (issue #17): the use case every page and API answer that shows a draft
calls. It gathers the facts referrals/drafting.py needs (the people, the ties behind each
hop, the target company's fit, who asks) in a few batched reads and renders the team's
templates (services/ask_templates.py).

A chain is the people from the referrer to the target, in path order (a path without
its first node, our side). A person hidden until their client opts in
(services/visibility.py) is never named: a chain with one gets an empty draft, as does
a chain whose person or tie is gone (the path no longer holds).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from graph import draft_facts, icp_store
from graph.paths import PathFinder
from referrals.drafting import Draft, DraftFacts, FitFacts, TieFacts, draft, fit_facts
from referrals.permissions import Action
from referrals.scoring import PersonFacts
from referrals.tie_strength import TieStrengthParams
from services import ask_templates, authorization, visibility
from services.context import Context

EMPTY = Draft()


def draft_for_path(ctx: Context, path_ids: Sequence[str]) -> Draft:
    """The draft for a path [our rep, referrer, ..., target], asked by the rep."""
    authorization.require(ctx, Action.READ_PATHS)
    if len(path_ids) < 3:  # a rep who knows the target needs no one to introduce them
        return EMPTY
    return drafts(ctx, [list(path_ids[1:])], requester_id=path_ids[0])[0]


def drafts(ctx: Context, chains: Sequence[Sequence[str]], *,
           facts: Mapping[str, PersonFacts] | None = None, requester_id: str | None = None,
           hidden: Collection[str] | None = None) -> list[Draft]:
    """One draft per chain (referrer, ..., target), in order. `facts`: people's facts the
    caller already has (the rest are read); `requester_id`: who asks (default: the
    signed-in person); `hidden`: people the caller already knows are hidden (else asked)."""
    authorization.require(ctx, Action.READ_PATHS)
    chains = [list(c) for c in chains]
    if not chains:
        return []
    everyone = {p for c in chains for p in c}
    hidden = set(visibility.hidden_people(ctx, everyone) if hidden is None else hidden)
    usable = [len(c) >= 2 and not (set(c) & hidden) for c in chains]
    today = ctx.now().date()
    requester_id = requester_id or ctx.actor.person_id
    people = dict(facts or {})
    missing = ({p for c, ok in zip(chains, usable, strict=True) if ok for p in c}
               | ({requester_id} if requester_id else set())) - people.keys()
    if missing:
        people.update(PathFinder(ctx.graph).facts(missing, today))
    ties = draft_facts.ties(ctx.graph, [(a, b) for c, ok in zip(chains, usable, strict=True) if ok
                                        for a, b in zip(c, c[1:], strict=False)],
                            today, TieStrengthParams(half_life_days=ctx.rules.tie_half_life_days))
    fits = _fits(ctx, {people[c[-1]].company_id for c, ok in zip(chains, usable, strict=True)
                       if ok and c[-1] in people})
    templates = ask_templates.texts(ctx.graph)
    requester = people.get(requester_id) if requester_id else None
    out = []
    for chain, ok in zip(chains, usable, strict=True):
        found = _facts(chain, people, ties, fits, requester, today) if ok else None
        out.append(draft(found, templates) if found is not None else EMPTY)
    return out


def _facts(chain: list[str], people: Mapping[str, PersonFacts], ties: Mapping[frozenset[str], TieFacts],
           fits: Mapping[str, FitFacts], requester: PersonFacts | None, today) -> DraftFacts | None:
    if any(p not in people for p in chain):
        return None
    hops = [ties.get(frozenset((a, b))) for a, b in zip(chain, chain[1:], strict=False)]
    if any(t is None for t in hops):
        return None
    target = people[chain[-1]]
    return DraftFacts(chain=tuple(people[p] for p in chain), ties=tuple(hops),
                      fit=fits.get(target.company_id or ""), requester=requester, today=today)


def _fits(ctx: Context, company_ids: set[str | None]) -> dict[str, FitFacts]:
    ids = {c for c in company_ids if c}
    if not ids:
        return {}
    profile = icp_store.stored_profile(ctx.graph)["profile"]
    attributes = sorted({c.attribute for c in profile.criteria})
    out = {}
    for company_id, row in draft_facts.companies(ctx.graph, ids, attributes).items():
        fit = fit_facts(row["name"], profile, row["attrs"])
        if fit is not None:
            out[company_id] = fit
    return out
