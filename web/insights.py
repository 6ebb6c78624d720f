"""Insights for sales leaders: hubs and brokers, single points of failure, thin ICP
territory; how old the centrality is, and how good the ranking learned from outcomes is
(its reliability curve, drawn here as inline SVG: no chart library)."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template

from graph.db import UNAVAILABLE_ERRORS
from runtime.requests import current_context
from services import insights as insights_service
from services import interleaving
from web.blueprint import blp

# the reliability chart's geometry (SVG user units): the plot area inside the margins
CHART = {"width": 360, "height": 300, "left": 48, "right": 16, "top": 16, "bottom": 44}


@blp.route("/insights")
def insights():
    """Hubs and brokers, single points of failure and thin ICP territory (services/insights.py)."""
    data = error = None
    ctx = current_context()
    try:
        data = insights_service.referral_network(ctx, limit=20)
    except UNAVAILABLE_ERRORS:
        raise
    except Exception:  # the page still renders, with the error state
        current_app.logger.exception("referral-network insights failed")
        error = "The insights could not be computed just now; the error has been logged."
    central = calibration = chart = None
    try:
        central = insights_service.centrality_age(ctx)
        calibration = insights_service.calibration_quality(ctx)
        chart = reliability_chart(calibration["bins"])
    except UNAVAILABLE_ERRORS:
        raise
    except Exception:  # these blocks are extras: the page renders without them
        current_app.logger.exception("calibration or centrality insights failed")
    return render_template("insights.html", data=data, error=error, centrality=central,
                           centrality_age=age_text(central["age_seconds"] if central else None),
                           calibration=calibration, chart=chart,
                           interleaving=_interleaving())


def age_text(seconds: int | None) -> str:
    """'never', 'just now', '12 min ago', '3 h ago', '2 days ago'."""
    if seconds is None:
        return "never"
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def reliability_chart(bins: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Coordinates for the reliability curve (predicted on x, observed on y, both 0..1):
    the plot box, ticks, the diagonal, and one point per bin (its radius grows with the
    bin's count). None when there are no bins (the cold model's empty state)."""
    if not bins:
        return None
    c = CHART
    w = c["width"] - c["left"] - c["right"]
    h = c["height"] - c["top"] - c["bottom"]

    def x(v: float) -> float:
        return round(c["left"] + w * min(1.0, max(0.0, v)), 1)

    def y(v: float) -> float:
        return round(c["top"] + h * (1 - min(1.0, max(0.0, v))), 1)

    biggest = max(b["count"] for b in bins) or 1
    points = [{"x": x(b["predicted"]), "y": y(b["observed"]),
               "r": round(3 + 5 * (b["count"] / biggest) ** 0.5, 1), **b} for b in bins]
    ticks = [{"value": t / 4, "label": f"{t * 25}%", "x": x(t / 4), "y": y(t / 4)} for t in range(5)]
    return {**c, "x0": x(0), "x1": x(1), "y0": y(0), "y1": y(1), "points": points, "ticks": ticks,
            "line": " ".join(f"{p['x']},{p['y']}" for p in points)}


def _interleaving() -> dict | None:
    """The ranking experiment's one-line summary (services/interleaving.py); None if it failed."""
    try:
        return interleaving.report(current_context())
    except UNAVAILABLE_ERRORS:
        raise
    except Exception:  # the rest of the page still renders
        current_app.logger.exception("interleaving report failed")
        return None
