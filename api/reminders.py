"""Reminders (issue #17): the caller's own, raised by `referrals tick`.

- ``GET /reminders``: open reminders, the soonest due first, each with `text` (its
  reason in one sentence), `kind`, `due_on`, `overdue` and the ids it is about.
- ``POST /reminders/{id}/dismiss``: dismiss one (another person's id answers 404).

A partner's key acts for nobody and has none. Use case: services/reminders.py.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from api.auth import requires
from referrals.permissions import Action
from runtime.requests import current_context
from services import reminders

blp = Blueprint("reminders", __name__, description="Your reminders: thank-yous due, unanswered "
                                                   "asks, meetings with no next step, stale items.")


@blp.route("/reminders")
class Reminders(MethodView):
    @requires(Action.HANDLE_REMINDERS)
    @blp.response(200)
    def get(self):
        """The caller's open reminders, the soonest due first."""
        return {"items": reminders.mine(current_context())}


@blp.route("/reminders/<reminder_id>/dismiss")
class Dismiss(MethodView):
    @requires(Action.DISMISS_REMINDERS)
    @blp.response(200)
    def post(self, reminder_id):
        """Dismiss one of the caller's reminders."""
        return reminders.dismiss(current_context(), reminder_id)
