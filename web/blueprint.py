"""The pages' blueprint: sign-in and security hooks, and the template filters every
page area shares. Views get the clock, the rules and the actor from the request's
context (`runtime.requests.current_context()`) through the use cases they call."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Blueprint, g

from web import security

blp = Blueprint("web", __name__, template_folder="templates", static_folder="static",
                static_url_path="/static")

IDEAL_FIT = 0.7
DEFAULT_HOPS = 3
STATUS_LABELS = {
    "requested": "Requested", "asked": "Asked", "accepted": "Accepted", "declined": "Declined",
    "introduced": "Introduced", "meeting_held": "Meeting held", "qualified": "Qualified",
    "qualified_out": "Qualified out", "won": "Won", "lost": "Lost", "withdrawn": "Withdrawn",
}


@blp.record_once
def _init(state) -> None:
    security.init_app(state.app)
    state.app.jinja_env.globals["IDEAL_FIT"] = IDEAL_FIT  # macros are imported without context


blp.before_request(security.require_sign_in)
blp.after_request(security.add_security_headers)


@blp.app_template_filter("pct")
def pct(value: float | None) -> str:
    return "–" if value is None else f"{round(float(value) * 100)}%"


@blp.app_template_filter("status_label")
def status_label(value: str | None) -> str:
    return STATUS_LABELS.get(value or "", (value or "").replace("_", " ").capitalize())


@blp.app_template_filter("when")
def when(value: Any) -> str:
    if value in (None, ""):
        return "–"
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value.strftime("%-d %b %Y, %H:%M")
    if isinstance(value, date):
        return value.strftime("%-d %b %Y")
    return str(value)


@blp.app_context_processor
def _globals() -> dict[str, Any]:
    return {"current_user": getattr(g, "user", None)}
