"""The weekly pipeline review with one-click qualify-out."""


from __future__ import annotations

from datetime import timedelta

from flask import (
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from graph.workflow_common import NotFound, WorkflowError
from runtime.requests import current_context
from services import introductions
from web.blueprint import (
    blp,
    now,
    page_graph,
    rules,
)
from web.errors import domain_message


# ---- pipeline review -----------------------------------------------------------------------
@blp.route("/pipeline")
def pipeline():
    from graph import introductions as store
    from referrals.review import build_review

    graph = page_graph()
    mine = request.args.get("mine") == "1"
    requester = g.user["person_id"] if mine else None
    rows = store.review_items(graph, requester)
    by_id = {r["id"]: r for r in rows}
    days = rules().stale_after_days
    touches = rules().one_way_touches
    review = build_review(rows, now=now(), stale_after=timedelta(days=days),
                          one_way_touches=touches).to_dict()
    groups = []
    for key, title, blurb in (
        ("stale", "Stale", f"No stage change for {days} days or more."),
        ("one_way", "One-way chases", f"{touches} or more touches from us and no reply."),
        ("no_next_step", "No next step", "A meeting ended without an assignment and a next meeting."),
    ):
        flags = review[key]
        for flag in flags:
            flag["version"] = by_id.get(flag["item_id"], {}).get("version")
        groups.append({"key": key, "title": title, "blurb": blurb, "flags": flags})
    early_ids = review["early_interest"]["item_ids"]
    early = [by_id[i] for i in early_ids if i in by_id]
    recent = store.list_introductions(graph, requester_id=requester, limit=15)["items"]
    return render_template("pipeline.html", review=review, groups=groups, early=early, mine=mine,
                           recent=recent, titles={r["id"]: r.get("title") for r in rows})


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
    except WorkflowError as exc:
        flash(f"Not qualified out: {domain_message(exc)}", "error")
    else:
        flash("Qualified out. It is closed with your reason and can be reopened from its page.", "success")
    return redirect(url_for("web.pipeline", mine=request.form.get("mine") or None))
