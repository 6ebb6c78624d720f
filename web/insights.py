"""Insights for sales leaders: hubs and brokers, single points of failure, thin ICP
territory."""


from __future__ import annotations

from flask import (
    current_app,
    render_template,
)

from graph.db import UNAVAILABLE_ERRORS
from web.blueprint import (
    blp,
    page_graph,
    profile,
)


# ---- insights for sales leaders ------------------------------------------------------------
@blp.route("/insights")
def insights():
    """Hubs and brokers, single points of failure and thin ICP territory (graph/insights.py)."""
    from graph.insights import referral_network

    graph = page_graph()
    data = error = None
    try:
        data = referral_network(graph, ideal_threshold=profile().ideal_threshold, limit=20)
    except UNAVAILABLE_ERRORS:
        raise
    except Exception:  # the page still renders, with the error state
        current_app.logger.exception("referral-network insights failed")
        error = "The insights could not be computed just now; the error has been logged."
    return render_template("insights.html", data=data, error=error)
