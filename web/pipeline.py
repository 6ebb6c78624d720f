"""The weekly pipeline review page (services/pipeline.py) with one-click qualify-out."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for

from referrals.errors import DomainError, NotFound
from runtime.requests import current_context
from services import introductions
from services import pipeline as review_cases
from web.blueprint import blp
from web.errors import domain_message


@blp.route("/pipeline")
def pipeline():
    ctx = current_context()
    mine = request.args.get("mine") == "1"
    page = review_cases.review_page(ctx, requester_id=g.user["person_id"] if mine else None)
    review, settings = page["review"], page["review"]["settings"]
    groups = []
    for key, title, blurb in (
        ("stale", "Stale", f"No stage change for {settings['stale_after_days']} days or more."),
        ("one_way", "One-way chases",
         f"{settings['one_way_touches']} or more touches from us and no reply."),
        ("no_next_step", "No next step", "A meeting ended without an assignment and a next meeting."),
    ):
        flags = review[key]
        for flag in flags:
            flag["version"] = page["versions"].get(flag["item_id"])
        groups.append({"key": key, "title": title, "blurb": blurb, "flags": flags})
    return render_template("pipeline.html", review=review, groups=groups, early=page["early"],
                           mine=mine, recent=page["recent"], titles=page["titles"])


@blp.route("/pipeline/<intro_id>/qualify-out", methods=["POST"])
def qualify_out(intro_id: str):
    reason = (request.form.get("reason") or "").strip()
    if not reason:
        flash("Give a reason to qualify out (it is what a reopened deal starts from).", "error")
        return redirect(url_for("web.pipeline", mine=request.form.get("mine") or None))
    version = request.form.get("version")
    try:
        introductions.move(current_context(), intro_id, "qualified_out", reason=reason,
                           expected_version=int(version) if version and version.isdigit() else None)
    except NotFound:
        abort(404)
    except DomainError as exc:
        flash(f"Not qualified out: {domain_message(exc)}", "error")
    else:
        flash("Qualified out. It is closed with your reason and can be reopened from its page.", "success")
    return redirect(url_for("web.pipeline", mine=request.form.get("mine") or None))
