"""The admin page (sign-ins, roles, API keys) and the audit trail page. Use cases:
services/access.py and services/audit.py; who may see them is theirs to say."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, session, url_for

from referrals.errors import Conflict, Invalid, NotFound
from runtime.requests import current_context
from services import access, audit, keys
from web.blueprint import blp


@blp.route("/admin")
def admin():
    page = access.overview(current_context())
    return render_template("admin.html", **page, new_key=session.pop("new_key", None))


def _act(change: Callable[[], Any], said: Callable[[Any], str | None]):
    """Run one admin change and go back to the admin page with what happened; a refusal
    (Forbidden) is not caught here: it is the 403 page."""
    try:
        done = change()
    except (Invalid, NotFound, Conflict) as exc:
        flash(exc.message, "error")
    else:
        message = said(done)
        if message:
            flash(message, "success")
    return redirect(url_for("web.admin"))


@blp.route("/admin/users", methods=["POST"])
def admin_save_user():
    form = request.form
    return _act(lambda: access.save_user(
        current_context(), email=form.get("email") or "", role=form.get("role") or "",
        person_id=(form.get("person_id") or "").strip(), password=form.get("password") or "",
        replace=form.get("replace") == "1"),
        lambda user: f"{user['email']} signs in as {user['role']}.")


@blp.route("/admin/users/sign-out", methods=["POST"])
def admin_sign_out_user():
    return _act(lambda: access.sign_out_everywhere(current_context(), request.form.get("email") or ""),
                lambda user: f"{user['email']} is signed out everywhere.")


@blp.route("/admin/users/remove", methods=["POST"])
def admin_remove_user():
    return _act(lambda: access.remove_user(current_context(), request.form.get("email") or ""),
                lambda user: f"{user['email']} can no longer sign in; {user['keys_revoked']} of their "
                             "keys revoked.")


def _keep_key_for_one_view(created: tuple[dict[str, Any], str]) -> None:
    record, plaintext = created  # shown once on the next page, never stored in plain text
    session["new_key"] = {"id": record["id"], "name": record["name"], "key": plaintext}


@blp.route("/admin/keys", methods=["POST"])
def admin_create_key():
    form = request.form
    return _act(lambda: keys.create(current_context(), (form.get("name") or "").strip(),
                                    form.getlist("scope"), for_email=form.get("for") or None),
                _keep_key_for_one_view)


@blp.route("/admin/keys/<key_id>/revoke", methods=["POST"])
def admin_revoke_key(key_id: str):
    return _act(lambda: keys.revoke(current_context(), key_id),
                lambda record: f"Key {key_id} ({record.get('name') or ''}) is revoked.")


@blp.route("/audit")
def audit_trail():
    args = request.args
    page = audit.trail(current_context(), limit=50, cursor=args.get("cursor") or None,
                       object_id=args.get("object_id") or None, action=args.get("action") or None,
                       actor=args.get("actor") or None)
    return render_template("audit.html", page=page, filters={
        k: args.get(k, "") for k in ("object_id", "action", "actor")})
