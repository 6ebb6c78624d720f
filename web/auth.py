"""Sign-in and sign-out (the users and the sign-in throttle: services/users.py)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for

from runtime.requests import current_context, sign_in_policy
from services import users
from web import security
from web.blueprint import blp


def _wait_words(seconds: int) -> str:
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}" if seconds > 60 else f"{seconds} seconds"


@blp.route("/signin", methods=["GET", "POST"])
def signin():
    error = None
    email = ""
    status = 200
    headers: dict[str, str] = {}
    if request.method == "POST":
        email = (request.form.get("email") or "").strip()
        password = request.form.get("password") or ""
        try:
            # remote_addr is the socket's peer unless REFERRALS_TRUSTED_PROXIES says a proxy
            # in front sets X-Forwarded-For (server/app.py applies ProxyFix then)
            user = users.sign_in(current_context(), email, password, address=request.remote_addr,
                                 policy=sign_in_policy()) if email and password else None
        except users.TooManySignIns as exc:
            status, headers = 429, {"Retry-After": str(exc.retry_after)}
            error = ("Too many failed sign-ins for this account or from this network. For your "
                     f"security, wait {_wait_words(exc.retry_after)} and try again, or ask an "
                     "admin to reset your password.")
        else:
            if user is None:
                status = 401
                error = "That email and password do not match an account. Check them and try again."
            else:
                next_url = security.safe_next(request.form.get("next"))
                security.start_session(user)
                if next_url == url_for("web.home") and user["role"] == "account_manager":
                    next_url = url_for("web.clients")
                return redirect(next_url)
    return render_template("signin.html", error=error, email=email,
                           next=request.values.get("next", "")), status, headers


@blp.route("/signout", methods=["POST"])
def signout():
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("web.signin"))
