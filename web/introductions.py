"""One introduction: drafted ask, timeline, the next move, the prospect's answer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for

from referrals.errors import DomainError, NotFound
from runtime.requests import current_context
from services import drafting, introductions, people
from web.blueprint import blp, status_label
from web.errors import domain_message

TRANSITION_HELP = {
    "asked": "You sent the ask to the first person on the path.",
    "accepted": "They agreed to make the introduction.",
    "declined": "They would rather not (it can be reopened later).",
    "introduced": "The introduction was made.",
    "meeting_held": "You met: record the buyer's assignment and the next meeting.",
    "qualified": "Fits the ideal client profile, with a known budget and need.",
    "qualified_out": "An honest 'not now': give the reason.",
    "won": "Deal won.", "lost": "Deal lost.", "withdrawn": "You no longer want this introduction.",
    "requested": "Reopen the request.",
}


@blp.route("/introductions/<intro_id>")
def introduction(intro_id: str):
    ctx = current_context()
    try:
        intro = introductions.get(ctx, intro_id)
    except NotFound:
        abort(404)
    draft = None
    if intro["status"] == "requested":  # the ask with its blurb and evidence (services/drafting.py)
        draft = drafting.draft_for_path(ctx, intro["path"] or []).to_dict()
    people_on_path = [people.label(ctx, pid) or {"id": pid, "name": "Unknown person"}
                      for pid in intro["path"] or []]
    consents = introductions.prospect_answers(ctx, intro_id)
    return render_template("introduction.html", intro=intro, draft=draft, people=people_on_path,
                           help=TRANSITION_HELP, form=session.pop("intro_form", None),
                           timeline=_timeline(intro.get("history") or [], consents),
                           consent=_consent_state(intro), channels=CONSENT_CHANNEL_LABELS)


CONSENT_CHANNEL_LABELS = {"email": "Email", "call": "Phone call", "meeting": "Meeting",
                          "message": "Message (chat, SMS)", "linkedin": "LinkedIn",
                          "in_person": "In person", "other": "Other"}


def _consent_state(intro: dict[str, Any]) -> dict[str, Any]:
    """Double opt-in on the page: whether the prospect's answer can be recorded now, what
    they said, and why `introduced` is not offered yet (None when it is, or does not apply)."""
    answer = intro.get("prospect_consent")
    status = intro["status"]
    target = (intro.get("target") or {}).get("name") or "the prospect"
    referrer = (intro.get("referrer") or {}).get("name") or "the referrer"
    blocked = None
    if status == "asked" and answer != "yes":
        blocked = (f"Introduced comes later: first {referrer} accepts, then {target} says yes to "
                   "the introduction (double opt-in). Record the prospect's answer when you have it.")
    elif status == "accepted" and answer != "yes":
        blocked = (f"Not offered yet: {target} has not said yes. Double opt-in: {referrer} asks "
                   f"{target} first, and names are shared only after their yes. Record their "
                   "answer in \u201cThe prospect's answer\u201d.")
    return {"answer": answer, "at": intro.get("prospect_consent_at"),
            "channel": intro.get("prospect_consent_channel"),
            "can_record": status in ("asked", "accepted"), "introduced_blocked": blocked,
            "target": target, "referrer": referrer}


def _timeline(history: list[dict[str, Any]], consents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Moves and the prospect's recorded answers together, newest first."""
    entries = [{**e, "kind": "move"} for e in history]
    entries += [{**c, "kind": "consent"} for c in consents]
    def key(entry: dict[str, Any]) -> tuple[str, int]:
        at = entry.get("recorded_at") if entry["kind"] == "consent" else entry.get("at")
        return (str(at or ""), 0 if entry["kind"] == "consent" else 1)
    return sorted(entries, key=key, reverse=True)


@blp.route("/introductions/<intro_id>/transitions", methods=["POST"])
def record_transition(intro_id: str):
    form = request.form
    to = (form.get("to") or "").strip()
    next_meeting = None
    if form.get("next_meeting_at"):
        try:
            next_meeting = datetime.fromisoformat(form["next_meeting_at"]).replace(tzinfo=UTC)
        except ValueError:
            return _transition_failed(intro_id, "The next meeting is not a date and time.")
    version = form.get("version")
    try:
        introductions.move(
            current_context(), intro_id, to, note=form.get("note") or None,
            assignment=(form.get("assignment") or None) if to == "meeting_held" else None,
            next_meeting_at=next_meeting if to == "meeting_held" else None,
            reason=(form.get("reason") or None) if to == "qualified_out" else None,
            expected_version=int(version) if version and version.isdigit() else None)
    except NotFound:
        abort(404)
    except DomainError as exc:
        return _transition_failed(intro_id, domain_message(exc))
    flash(f"Recorded: {status_label(to)}.", "success")
    return redirect(url_for("web.introduction", intro_id=intro_id))


@blp.route("/introductions/<intro_id>/prospect-consent", methods=["POST"])
def record_prospect_consent(intro_id: str):
    """Double opt-in: the prospect's yes or no (channel, note) while asked or accepted."""
    form = request.form
    answer = (form.get("answer") or "").strip()
    if answer not in ("yes", "no"):
        return _consent_failed(intro_id, "Choose the prospect's answer: yes or no.")
    channel = (form.get("channel") or "").strip()
    if channel not in CONSENT_CHANNEL_LABELS:
        return _consent_failed(intro_id, "Choose how the prospect answered.")
    version = form.get("version")
    try:
        result = introductions.record_prospect_answer(
            current_context(), intro_id, answer, channel=channel,
            note=(form.get("consent_note") or "").strip()[:2000] or None,
            expected_version=int(version) if version and version.isdigit() else None)
    except NotFound:
        abort(404)
    except DomainError as exc:
        return _consent_failed(intro_id, domain_message(exc))
    target = ((result.get("introduction") or {}).get("target") or {}).get("name") or "The prospect"
    if answer == "yes":
        flash(f"Recorded: {target} said yes. Once the referrer has accepted, you can record the "
              "introduction.", "success")
    else:
        flash(f"Recorded: {target} said no, so no names are shared. The introduction is closed as "
              "declined with their answer as the reason.", "success")
    return redirect(url_for("web.introduction", intro_id=intro_id))


def _consent_failed(intro_id: str, message: str):
    flash(f"Answer not recorded: {message}", "error")
    session["intro_form"] = {k: v for k, v in request.form.items() if k != "csrf_token"}
    return redirect(url_for("web.introduction", intro_id=intro_id))


def _transition_failed(intro_id: str, message: str):
    flash(f"Not recorded: {message}", "error")
    session["intro_form"] = {k: v for k, v in request.form.items() if k != "csrf_token"}
    return redirect(url_for("web.introduction", intro_id=intro_id))
