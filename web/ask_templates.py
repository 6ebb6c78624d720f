"""The team's ask templates (/ask-templates, services/ask_templates.py): everyone who reads
paths sees them with a preview on a made-up sample; sales managers and admins edit them,
preview the edit, and save it. A bad template (unknown placeholder, stray `$`) comes back
with the text as typed and the message naming the field."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from referrals.drafting import KINDS
from referrals.errors import Invalid
from referrals.permissions import Action
from runtime.requests import current_context
from services import ask_templates, authorization
from web.blueprint import blp


def _page(ctx, *, texts=None, preview=None, error=None, status: int = 200):
    current = ask_templates.current(ctx)
    can_edit = authorization.allowed(ctx.actor, Action.EDIT_ASK_TEMPLATES)
    return render_template("ask_templates.html", current=current, error=error, can_edit=can_edit,
                           texts={**current["templates"], **(texts or {})},
                           preview=preview or current["preview"]), status


@blp.route("/ask-templates")
def ask_templates_page():
    return _page(current_context())


@blp.route("/ask-templates", methods=["POST"])
def ask_templates_save():
    ctx = current_context()
    authorization.require(ctx, Action.EDIT_ASK_TEMPLATES)  # preview too: it is part of editing
    # the kinds the form sent (blank: back to the default); none at all is a 422
    texts = {k: v.replace("\r\n", "\n") for k in KINDS if (v := request.form.get(k)) is not None}
    try:
        if request.form.get("op") == "preview":
            return _page(ctx, texts=texts, preview=ask_templates.preview(ctx, texts))
        ask_templates.save(ctx, texts)
    except Invalid as exc:
        return _page(ctx, texts=texts, error=exc, status=422)
    flash("Templates saved: every draft from now on uses them.", "success")
    return redirect(url_for("web.ask_templates_page"))
