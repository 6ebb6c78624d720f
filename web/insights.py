"""Insights for sales leaders: hubs and brokers, single points of failure, thin ICP
territory."""

from __future__ import annotations

from flask import current_app, render_template

from graph.db import UNAVAILABLE_ERRORS
from runtime.requests import current_context
from services import insights as insights_service
from web.blueprint import blp


@blp.route("/insights")
def insights():
    """Hubs and brokers, single points of failure and thin ICP territory (services/insights.py)."""
    data = error = None
    try:
        data = insights_service.referral_network(current_context(), limit=20)
    except UNAVAILABLE_ERRORS:
        raise
    except Exception:  # the page still renders, with the error state
        current_app.logger.exception("referral-network insights failed")
        error = "The insights could not be computed just now; the error has been logged."
    return render_template("insights.html", data=data, error=error)
