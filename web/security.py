"""Sessions, sign-in, CSRF and security headers for the web pages (never for /api/v1,
which authenticates every request with an API key and keeps its own rules).

- Every web route needs a signed-in user except the sign-in page and static assets;
  pages redirect to /signin, the small JSON routes under /app/ answer 401.
- Every POST to a web route carries a CSRF token (flask-wtf), checked in the web
  blueprint only: CSRF is not checked app-wide, so API-key clients are unaffected.
- Web responses carry a strict Content-Security-Policy (no inline script or style),
  X-Content-Type-Options, frame-ancestors 'none' / X-Frame-Options and Referrer-Policy;
  with REFERRALS_HTTPS also Strict-Transport-Security (the cookie flags: server/app.py).
- A session names the user and their `session_version`; when the user's version has
  moved on (a new password, a revoke) the session ends on its next request.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, g, jsonify, redirect, request, session, url_for
from flask_wtf.csrf import CSRFProtect

from runtime.requests import current_context, set_actor
from services import users
from services.context import Actor

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

    @app.after_request
    def baseline_headers(response):
        # harmless everywhere (API included): no MIME sniffing, no framing, no referrer leaks
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def add_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    if request.endpoint != "web.static":
        response.headers.setdefault("Cache-Control", "no-store")
    if current_app.config.get("REFERRALS_HTTPS"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def start_session(user: dict[str, Any]) -> None:
    """A fresh session for `user` (no fixation), tied to their current session version."""
    session.clear()
    session["user_id"] = user["id"]
    session["session_version"] = user.get("session_version", 0)
    session.permanent = True


def load_user() -> dict[str, Any] | None:
    user_id = session.get("user_id")
    if not user_id:
        return None
    user = users.get_user(current_context(), user_id)
    if user is None or session.get("session_version") != user.get("session_version", 0):
        session.clear()  # deleted, or signed out everywhere since (new password, revoked)
        return None
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
