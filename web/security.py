"""Sessions, sign-in, CSRF and security headers for the web pages (never for /api/v1,
which authenticates every request with an API key and keeps its own rules).

- Every web route needs a signed-in user except the sign-in page and static assets;
  pages redirect to /signin, the small JSON routes under /app/ answer 401.
- Every POST to a web route carries a CSRF token (flask-wtf), checked in the web
  blueprint only: CSRF is not checked app-wide, so API-key clients are unaffected.
- Web responses carry a strict Content-Security-Policy (no inline script or style),
  X-Content-Type-Options, frame-ancestors 'none' / X-Frame-Options and Referrer-Policy.
"""

from __future__ import annotations

import logging
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, g, jsonify, redirect, request, session, url_for
from flask_wtf.csrf import CSRFProtect

from graph.db import UNAVAILABLE_ERRORS
from runtime.requests import current_context, set_actor
from services import users
from services.context import Actor, Context

log = logging.getLogger("referrals.web")

csrf = CSRFProtect()

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
PUBLIC_ENDPOINTS = {"web.signin", "web.static"}


def init_app(app: Flask) -> None:
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)  # checked by the web blueprint only
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # valid as long as the session
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", 12 * 3600)
    csrf.init_app(app)
    _shared_secret(app)

    @app.after_request
    def baseline_headers(response):
        # harmless everywhere (API included): no MIME sniffing, no framing, no referrer leaks
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def _shared_secret(app: Flask) -> None:
    """Sessions must verify on every worker: without REFERRALS_SECRET_KEY each gunicorn
    worker would draw its own random key (signing users out and failing CSRF at random),
    so the workers share one random key kept in Neo4j, created by the first to start."""
    if app.config.get("SECRET_KEY_FROM_SETTINGS") or app.config.get("TESTING"):
        return
    graph = app.extensions.get("graph")
    if graph is None:
        return
    try:
        secret = users.session_secret(Context(graph=graph))
    except UNAVAILABLE_ERRORS:  # keep the per-process key; sessions then stick to one worker
        log.warning("Neo4j unavailable at start: web sessions use a per-process key "
                    "(set REFERRALS_SECRET_KEY when running several workers)")
        return
    if secret:
        app.config["SECRET_KEY"] = secret


def add_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    if request.endpoint != "web.static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def load_user() -> dict[str, Any] | None:
    user_id = session.get("user_id")
    if not user_id:
        return None
    user = users.get_user(current_context(), user_id)
    if user is None:  # deleted since: sign out
        session.clear()
    return user


def require_sign_in():
    """before_request of the web blueprint: who is signed in, and CSRF on writes."""
    g.user = None
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        if request.method == "POST":
            csrf.protect()
        return None
    g.user = load_user()
    if g.user is None:
        if request.path.startswith("/app/"):
            response = jsonify({"error": "sign_in_required",
                                "detail": "Your session has ended; sign in again."})
            response.status_code = 401
            return response
        return redirect(url_for("web.signin", next=request.full_path.rstrip("?")))
    set_actor(Actor(kind="user", id=g.user["id"], name=g.user["email"], role=g.user.get("role"),
                    person_id=g.user.get("person_id")))
    if request.method == "POST":
        csrf.protect()
    return None


def safe_next(target: str | None) -> str:
    """Only a path on this site (never //host or http://...) is followed after sign-in."""
    if not target:
        return url_for("web.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return url_for("web.home")
    return target


def role_required(*roles: str):
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if g.user is None or g.user["role"] not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorate
