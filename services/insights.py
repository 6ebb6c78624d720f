"""Referral-asset insights for sales leaders: hubs and brokers among clients, single
points of failure, thin ICP territory (graph/insights.py, rules: referrals/insights.py).

One use case for the insights page and ``GET /insights/referral-network``: "ideal fit"
is read from the stored Ideal Client Profile, so both always agree with it.

A connector or gateway at a client that has not opted in is counted, never named: the
hub's `top_connector` and the single point of failure's `gateway` become
``{"id": null, "name": null, "hidden": true}`` (services/visibility.py).
"""

from __future__ import annotations

from typing import Any

from graph import icp_store
from graph import insights as store
from referrals.permissions import Action
from services import authorization, visibility
from services.context import Context

DEFAULT_FANOUT = store.DEFAULT_FANOUT
DEFAULT_MAX_NODES = store.DEFAULT_MAX_NODES


def referral_network(ctx: Context, *, limit: int = 20, fanout: int = DEFAULT_FANOUT,
                     max_nodes: int = DEFAULT_MAX_NODES) -> dict[str, Any]:
    """The network insights over a bounded subgraph (`fanout` strongest ties a person,
    at most `max_nodes` people), the top `limit` of each list."""
    authorization.require(ctx, Action.READ_PATHS)
    threshold = icp_store.current_profile(ctx.graph).ideal_threshold
    found = store.referral_network(ctx.graph, ideal_threshold=threshold, fanout=fanout,
                                   max_nodes=max_nodes, limit=limit)
    named = [h["top_connector"] for h in found["hubs"] if h.get("top_connector")]
    named += [s["gateway"] for s in found["single_points_of_failure"]]
    hidden = visibility.hidden_people(ctx, [p["id"] for p in named])
    for person in named:
        if person["id"] in hidden:
            person.update(id=None, name=None, hidden=True)
        else:
            person["hidden"] = False
    return found
