"""The identity review page (issue #16): the queue with the evidence for and against each
pair, Merge / Keep apart, and the latest merges with Undo. Use cases: services/identity.py
(managers and admins: docs/permissions.md)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from referrals.errors import Conflict, Invalid, NotFound
from runtime.requests import current_context
from services import identity
from web.blueprint import blp


@blp.route("/identity/reviews")
def identity_reviews():
    ctx = current_context()
    page = identity.review_queue(ctx, limit=50, cursor=request.args.get("cursor") or None)
    return render_template("identity.html", page=page, merges=identity.recent_merges(ctx, limit=20))


@blp.route("/identity/reviews/<review_id>/decision", methods=["POST"])
def identity_decide(review_id: str):
    decision = request.form.get("decision") or ""
    try:
        item = identity.decide(current_context(), review_id, decision)
    except (Invalid, NotFound, Conflict) as exc:  # a refusal (Forbidden) is the 403 page
        flash(exc.message, "error")
    else:
        one = "one company" if item.get("kind") == "company" else "one person"
        flash(f"Merged: {one} now." if item["status"] == "merged" else "Kept apart.", "success")
    return redirect(url_for("web.identity_reviews"))


@blp.route("/identity/merges/<merge_id>/undo", methods=["POST"])
def identity_undo(merge_id: str):
    try:
        identity.unmerge(current_context(), merge_id)
    except (Invalid, NotFound, Conflict) as exc:  # a refusal (Forbidden) is the 403 page
        flash(exc.message, "error")
    else:
        flash("Merge undone: both are back as they were, and kept apart from now on.", "success")
    return redirect(url_for("web.identity_reviews"))
