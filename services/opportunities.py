"""Referral opportunities for an account manager: whom a client's people can introduce us to.

The search and its scoring (with the client's ask timing) are in graph/opportunities.py;
this is the one use case the API and the client page call, and the one presentation of
an opportunity: the path as services.paths shows it, and the drafted ask.

A client that has not opted in (referrals/consent.py) gets no exemption for its own
people: until it opts in, each opportunity is counts-only (referrer hidden, no drafted
ask, `usable` false), like any path through them (services/visibility.py).
"""

from __future__ import annotations

from typing import Any

from graph.opportunities import referral_opportunities
from referrals.drafting import Draft
from referrals.permissions import Action
from referrals.tie_strength import TieStrengthParams
from services import authorization, drafting, visibility
from services.context import Context
from services.paths import node_json, path_json


def client_opportunities(ctx: Context, client_id: str, *, limit: int = 20,
                         max_hops: int = 2) -> dict[str, Any]:
    """{client: {id, name, status, timing}, opportunities: [...]}, best first.

    Each opportunity: `target` and `referrer` as path nodes, `score`, `hops` (from the
    client person), `path` (the client's own people are never hidden: the account manager
    asks them directly), the draft (`ask`: the note to the referrer, `subject`, `blurb`: a
    paragraph the referrer can forward, `evidence`: [{claim, source}] behind its claims:
    services/drafting.py), and the people's facts for the pages:
    `referrer_facts`, `target_facts`, `via_facts` (the connector, or None; all three None
    for a counts-only opportunity, whose `usable` is false and draft empty).
    NotFound for an unknown company, Invalid (field "id") for one that is not a client.
    """
    authorization.require(ctx, Action.READ_PATHS)
    client, opportunities, facts = referral_opportunities(
        ctx.graph, client_id, limit=limit, max_hops=max_hops, today=ctx.now().date(),
        tie_params=TieStrengthParams(half_life_days=ctx.rules.tie_half_life_days))
    hidden = visibility.hidden_people(ctx, {n for o in opportunities for n in o.path.nodes})
    items = []
    usable = []
    for opportunity in opportunities:
        path = opportunity.path
        # path: [our team, referrer (the client person), (connector), target]
        referrer_id, target_id = path.nodes[1], path.nodes[-1]
        shown = path_json(path, facts, hidden=hidden)
        if shown["counts_only"]:  # someone on it waits for their client's consent: name no one
            items.append({
                "target": node_json(target_id, "target", facts, target_id in hidden),
                "referrer": node_json(referrer_id, "referrer", facts, True),
                "score": path.score, "hops": path.hops - 1, "path": shown, "usable": False,
                **NO_DRAFT, "referrer_facts": None, "target_facts": None, "via_facts": None})
            continue
        via = facts.get(path.nodes[2]) if path.hops == 3 else None
        items.append({
            "target": node_json(target_id, "target", facts),
            "referrer": node_json(referrer_id, "referrer", facts),
            "score": path.score, "hops": path.hops - 1, "path": shown, "usable": True,
            "referrer_facts": facts[referrer_id], "target_facts": facts[target_id], "via_facts": via,
        })
        usable.append((items[-1], path.nodes[1:]))
    # the drafts, in one batch: the ties behind each hop, the targets' fit, who asks
    drafted = drafting.drafts(ctx, [chain for _item, chain in usable], facts=facts, hidden=hidden)
    for (item, _chain), draft in zip(usable, drafted, strict=True):
        item.update(draft_fields(draft))
    return {"client": client, "opportunities": items}


NO_DRAFT = {"ask": "", "subject": "", "blurb": "", "evidence": []}


def draft_fields(draft: Draft) -> dict[str, Any]:
    """A draft as an opportunity's fields: `ask` (the note to the referrer), `subject`,
    `blurb` (for the referrer to forward) and `evidence` ([{claim, source}])."""
    shown = draft.to_dict()
    return {"ask": shown["ask"], "subject": shown["subject"], "blurb": shown["blurb"],
            "evidence": shown["evidence"]}
