"""Server-rendered pages for reps, account managers and sales managers.

    /                      Find an intro (reps' home): search, ranked paths beside a drawing  web/find.py
    /introductions/<id>    one introduction: drafted ask, timeline, next step             web/introductions.py
    /clients, /clients/<id>  account managers: clients, their opportunities and asks      web/clients.py
    /pipeline              the weekly review with one-click qualify-out                   web/pipeline.py
    /weekly                account managers: the week's best referral asks across clients web/weekly.py
    /reminders             everyone's own reminders (count in the navigation), dismiss  web/reminders.py
    /insights              sales leaders: hubs and brokers, single points of failure      web/insights.py
    /identity/reviews      managers: pairs that may be one person, merges to undo         web/identity.py
    /ask-templates         the team's words for drafted asks (managers edit), a preview  web/ask_templates.py
    /app/search            JSON for the search box (session-authenticated, GET only)     web/search.py
    /signin, /signout      web/auth.py; sign-in checks, CSRF and headers: web/security.py

Views parse the form, call a use case (services/) and render; domain errors become a
message in one place (web/errors.py).
"""

from flask import Flask

from web import (
    admin,
    ask_templates,
    auth,
    clients,
    errors,
    find,
    identity,
    insights,
    introductions,
    pipeline,
    reminders,
    search,
    weekly,
)
from web.blueprint import blp

PAGE_AREAS = (admin, ask_templates, auth, clients, errors, find, identity, insights, introductions, pipeline,
              search, weekly, reminders)  # routes on blp


def register(app: Flask) -> None:
    app.register_blueprint(blp)


__all__ = ["register"]
