"""Sign-in and sign-out (the users: services/users.py)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for

from runtime.requests import current_context
from services import users
from web import security
from web.blueprint import blp


@blp.route("/signin", methods=["GET", "POST"])
def signin():
    error = None
    email = ""
    if request.method == "POST":
        email = (request.form.get("email") or "").strip()
        password = request.form.get("password") or ""
        user = users.authenticate(current_context(), email, password) if email and password else None
        if user is None:
            error = "That email and password do not match an account. Check them and try again."
        else:
            next_url = security.safe_next(request.form.get("next"))
            session.clear()  # a fresh session on sign-in (no fixation)
            session["user_id"] = user["id"]
            session.permanent = True
            if next_url == url_for("web.home") and user["role"] == "account_manager":
                next_url = url_for("web.clients")
            return redirect(next_url)
    status = 401 if error else 200
    return render_template("signin.html", error=error, email=email,
                           next=request.values.get("next", "")), status


@blp.route("/signout", methods=["POST"])
def signout():
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("web.signin"))
