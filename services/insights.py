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

from graph import calibration as calibration_store
from graph import icp_store
from graph import insights as store
from referrals.permissions import Action
from services import authorization, centrality, visibility
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


# ---- how good the learned ranking is, and how old the centrality (issue #17) --------------
def calibration_quality(ctx: Context) -> dict[str, Any]:
    """The learned model's quality on the stored outcomes (graph/calibration.py
    ``quality_report``: out-of-fold log loss and Brier against the base rate's, reliability
    bins), with where it stands: ``status`` cold (too few outcomes to fit: no figures),
    learning (fitted, below the warm threshold: the ranking is still the hand-set one) or
    warm (it moves the ranking by ``applied_weight``); ``warm_outcomes`` the threshold and
    ``weight`` the configured weight. Names nobody: counts and rates only."""
    authorization.require(ctx, Action.READ_PATHS)
    report = dict(calibration_store.quality_report(ctx.graph))
    n, wins = report["outcomes"], report["successes"]
    fitted = report["log_loss"] is not None
    warm = fitted and n >= ctx.rules.calibration_min_outcomes and 0 < wins < n
    weight = ctx.rules.calibration_weight
    report.update(status="warm" if warm else "learning" if fitted else "cold",
                  warm_outcomes=ctx.rules.calibration_min_outcomes, weight=weight,
                  applied_weight=round(min(1.0, weight) * min(1.0, n / 200), 4) if warm and weight > 0
                  else 0.0)
    return report


def centrality_age(ctx: Context) -> dict[str, Any]:
    """When centrality was last computed ({computed_at, age_seconds, people, changed_since};
    None values: never), for the insights page."""
    authorization.require(ctx, Action.READ_PATHS)
    return centrality.state(ctx.graph)
