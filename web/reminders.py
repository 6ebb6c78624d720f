"""Reminders (/reminders, services/reminders.py): the signed-in person's own, with dismiss,
and the count in the navigation on every page."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for

from graph.db import UNAVAILABLE_ERRORS, QueryTimeout
from referrals.errors import DomainError, NotFound
from runtime.requests import current_context
from services import reminders as reminder_cases
from web.blueprint import blp

KIND_LABELS = {"thank_you_due": "Thank-you due", "ask_unanswered": "No answer yet",
               "no_next_step": "No next step", "stale": "Stale"}


@blp.app_context_processor
def _reminder_count():
    def reminder_count() -> int | None:
        """The navigation's badge; None (no badge) when it cannot be read: a page never
        fails for it (the error page itself shows the navigation)."""
        if not getattr(g, "user", None):
            return None
        try:
            return reminder_cases.count(current_context())
        except (*UNAVAILABLE_ERRORS, QueryTimeout, DomainError):
            return None
    return {"reminder_count": reminder_count}


@blp.route("/reminders")
def reminders():
    items = reminder_cases.mine(current_context())
    return render_template("reminders.html", items=items, labels=KIND_LABELS)


@blp.route("/reminders/<reminder_id>/dismiss", methods=["POST"])
def dismiss_reminder(reminder_id: str):
    try:
        reminder_cases.dismiss(current_context(), reminder_id)
    except NotFound:
        abort(404)
    flash("Dismissed.", "success")
    return redirect(url_for("web.reminders"))


@blp.route("/reminders/<reminder_id>/thanks", methods=["POST"])
def record_thanks(reminder_id: str):
    """A thank-you reminder's one click: the thank-you is recorded (a give-back)."""
    try:
        out = reminder_cases.record_thanks(current_context(), reminder_id)
    except NotFound:
        abort(404)
    balance = out.get("goodwill_balance")
    flash("Thank-you recorded" + (f"; their goodwill balance is now {balance:+g}." if balance is not None
                                  else "."), "success")
    return redirect(url_for("web.reminders"))
