"""Errors on the pages, mapped once: an error page (404, 403, 503, 504, 500, an expired
form) or, for a domain error on a form, the message a person reads."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from graph.db import UNAVAILABLE_ERRORS, QueryTimeout
from referrals.errors import Conflict, DomainError, Forbidden, NotFound
from web.blueprint import blp, when
from web.security import safe_next


def error_page(status: int, title: str, message: str, hint: str | None = None):
    if request.path.startswith("/app/"):
        response = jsonify({"error": title, "detail": message})
        response.status_code = status
        return response
    return render_template("error.html", title=title, message=message, hint=hint), status


@blp.errorhandler(CSRFError)
def _csrf_error(exc: CSRFError):
    return error_page(400, "This form has expired",
                       "The page was open too long or came from somewhere else, so it was not sent.",
                       "Go back, reload the page and send the form again.")


@blp.errorhandler(404)
def _not_found(_exc):
    return error_page(404, "Not found", "There is nothing at this address.",
                       "Check the link, or start again from Find an intro.")


@blp.errorhandler(403)
def _forbidden(exc):
    said = getattr(exc, "message", None)  # the use case's words: what this role may not do
    return error_page(403, "Not for this account", said or "Your role cannot open this page.",
                       "Sign in with another account, or ask an admin to change your role.")


def _db_down(_exc):
    return error_page(503, "The graph database is not answering",
                       "We could not reach the relationship graph just now.",
                       "Wait a few seconds and reload the page. If it keeps happening, tell whoever "
                       "runs the service (the database may be restarting).")


for _exc_type in UNAVAILABLE_ERRORS:
    blp.register_error_handler(_exc_type, _db_down)


@blp.errorhandler(QueryTimeout)
def _too_slow(_exc: QueryTimeout):
    return error_page(504, "That took too long",
                       "The relationship graph could not answer in time, so we stopped the search.",
                       "Try again, or narrow it down (fewer hops, a more specific name).")


@blp.errorhandler(DomainError)
def _domain_error(exc: DomainError):
    """What a view did not handle itself: a missing thing is the not-found page, a refused
    action the not-for-this-account page, anything else goes back with the message."""
    if isinstance(exc, NotFound):
        return _not_found(exc)
    if isinstance(exc, Forbidden):
        return _forbidden(exc)
    if request.method == "GET" or request.path.startswith("/app/"):
        return error_page(409 if isinstance(exc, Conflict) else 422, "That did not work",
                          domain_message(exc), "Go back and try again.")
    flash(domain_message(exc), "error")
    return redirect(_back())


def _back() -> str:
    """The page the form was sent from, when it is one of ours; else Find an intro."""
    came_from = urlsplit(request.referrer or "")
    if came_from.netloc != request.host:
        return url_for("web.home")
    return safe_next(came_from.path + (f"?{came_from.query}" if came_from.query else ""))


@blp.errorhandler(Exception)
def _unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return exc
    current_app.logger.exception("unhandled error on a web page")
    return error_page(500, "Something went wrong on our side",
                       "The page could not be shown; the error has been logged.",
                       "Reload the page. If it happens again, tell whoever runs the service.")


def domain_message(exc: DomainError) -> str:
    message = exc.message
    if exc.details.get("code") == "prospect_consent_required":
        return ("the prospect has not said yes yet. Double opt-in: record their answer under "
                "\u201cThe prospect's answer\u201d first; names are shared only after their yes.")
    if exc.details.get("code") == "ask_cooldown":
        until = exc.details.get("cooldown_until")
        return (f"the referrer is resting: they were asked recently (the whole team shares one ask "
                f"every {exc.details.get('cooldown_days')} days per person). Ask again from "
                f"{when(until) if until else 'later'}.")
    alternatives = exc.details.get("alternatives")
    if alternatives:
        names = ", ".join(a["name"] for a in alternatives[:3])
        message += f" Clients you could ask instead: {names}."
    if exc.details.get("questions"):
        message += " Ask: " + " ".join(exc.details["questions"])
    return message


