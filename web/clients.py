"""Account managers: clients by fit and health, a client's referral opportunities,
asks, give-backs and ask-timing signals. Use cases: services/clients.py (the pages),
services/asks.py, services/goodwill.py, services/ask_timing.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, session, url_for

from referrals.errors import Conflict, DomainError, Invalid, NotFound
from runtime.requests import current_context
from services import ask_timing, asks, goodwill, ownership
from services import clients as client_cases
from web.blueprint import blp, when


@blp.route("/clients")
def clients():
    ctx = current_context()
    listing = client_cases.client_list(ctx, request.args.get("view"))
    return render_template("clients.html", **listing, max_asks=ctx.rules.asks_per_quarter)


@blp.route("/clients/<client_id>/owner", methods=["POST"])
def assign_owner(client_id: str):
    email = (request.form.get("email") or "").strip()
    try:
        out = ownership.assign(current_context(), client_id, email or None)
    except NotFound:
        abort(404)
    except Invalid as exc:  # a refusal (Forbidden) is the 403 page
        flash(exc.message, "error")
    else:
        flash(f"{out['email']} now owns this client." if out["email"] else "This client has no owner now.",
              "success")
    return redirect(url_for("web.client", client_id=client_id))


@blp.route("/clients/<client_id>")
def client(client_id: str):
    try:
        page = client_cases.page(current_context(), client_id)
    except NotFound:
        abort(404)
    return render_template("client.html", **page, held=session.pop("ask_held", None),
                           give_kinds=GIVE_KIND_LABELS)


# What the account manager picks from (referrals.goodwill.GiveKind, with its weight said).
GIVE_KIND_LABELS = {
    "referral_sent": "We sent them a referral (counts 2 asks)",
    "case_study": "We featured them: case study, talk (counts 1)",
    "thanks": "A thank-you note or gift (counts 0.5)",
    "other": "Something else (counts 0.5)",
}


@blp.route("/clients/<client_id>/give-backs", methods=["POST"])
def record_give_back(client_id: str):
    """Record what we gave back to one of the client's people; the goodwill ledger
    (referrals/goodwill.py) and so the ranking take it into account at once."""
    ctx = current_context()
    form = request.form
    person_id = form.get("person_id") or ""
    note = (form.get("note") or "").strip() or None
    try:
        result = goodwill.give_back(ctx, person_id, kind=form.get("kind") or "",
                                    note=note[:2000] if note else None)
    except NotFound:
        abort(404)
    except DomainError as exc:
        flash(f"The give-back was not recorded: {exc.message}", "error")
        return redirect(url_for("web.client", client_id=client_id))
    name = client_cases.names(ctx, {person_id}).get(person_id, "them")
    balance = result.get("goodwill_balance")
    standing = ("in credit" if balance > 0 else "even" if balance == 0 else "we still owe them") \
        if balance is not None else "updated"
    flash(f"Recorded what we gave {name}. Their goodwill balance is now {balance:+g} ({standing}).",
          "success")
    return redirect(url_for("web.client", client_id=client_id) + "#opp-list")


@blp.route("/clients/<client_id>/ask-timing", methods=["POST"])
def record_ask_timing(client_id: str):
    """Set the client's ask-timing signals (an empty field clears that signal)."""
    values: dict[str, Any] = {}
    form = request.form
    for field_name, label in (("renewal_on", "Renewal date"), ("last_win_on", "Recent win")):
        text = (form.get(field_name) or "").strip()
        try:
            values[field_name] = date.fromisoformat(text) if text else None
        except ValueError:
            flash(f"{label}: enter a date as YYYY-MM-DD (got {text[:40]!r}). Nothing was changed.", "error")
            return redirect(url_for("web.client", client_id=client_id) + "#timing-form")
    text = (form.get("satisfaction") or "").strip().rstrip("%")
    try:
        percent = float(text) if text else None
        if percent is not None and not 0 <= percent <= 100:
            raise ValueError
    except ValueError:
        flash(f"Satisfaction: enter a percentage from 0 to 100 (got {text[:40]!r}). Nothing was changed.",
              "error")
        return redirect(url_for("web.client", client_id=client_id) + "#timing-form")
    values["satisfaction"] = None if percent is None else round(percent / 100, 4)
    try:
        ask_timing.set_signals(current_context(), client_id, values)
    except NotFound:
        abort(404)
    flash("Ask-timing signals saved.", "success")
    return redirect(url_for("web.client", client_id=client_id) + "#timing-form")


@blp.route("/clients/<client_id>/asks", methods=["POST"])
def ask_for_referral(client_id: str):
    ctx = current_context()
    form = request.form
    referrer_id = form.get("referrer_id") or ""
    try:
        ask = asks.ask(ctx, client_id, referrer_id=referrer_id,
                       target_id=form.get("target_id") or None, account_manager_id=g.user["person_id"],
                       note=(form.get("note") or "").strip() or None)
    except NotFound:
        abort(404)
    except Conflict as exc:
        referrer = client_cases.names(ctx, {referrer_id}).get(referrer_id, "This person")
        if exc.details.get("code") == "ask_cooldown":
            until = exc.details.get("cooldown_until")
            n, days = exc.details.get("asks_in_window"), exc.details.get("cooldown_days")
            reason = (f"{referrer} was asked {n} time{'s' if n != 1 else ''} in the last {days} days, by "
                      f"you or a colleague. The team shares one budget per person, so let them rest "
                      f"until {when(until) if until else 'later'} and ask someone else meanwhile.")
            session["ask_held"] = {"kind": "cooldown", "reason": reason, "alternatives": []}
        else:
            session["ask_held"] = {"kind": "fatigue", "reason": exc.message,
                                   "alternatives": exc.details.get("alternatives") or [],
                                   "asks_in_quarter": exc.details.get("asks_in_quarter"),
                                   "max_per_quarter": exc.details.get("max_per_quarter")}
        return redirect(url_for("web.client", client_id=client_id))
    except DomainError as exc:
        flash(f"The ask was not recorded: {exc.message}", "error")
        return redirect(url_for("web.client", client_id=client_id))
    if ask.get("merged"):
        by = ask.get("first_asked_by")
        known = client_cases.names(ctx, {referrer_id, by} - {None})
        who = known.get(by, by) if by else "a colleague"
        referrer = known.get(referrer_id, "This person")
        flash(f"Not sent again: {referrer} was already asked by {who} on {when(ask.get('first_asked_at'))} "
              "and has not answered yet. Your ask was added to that conversation (nothing new goes "
              f"to {referrer}); talk to {who} before following up.", "info")
        return redirect(url_for("web.client", client_id=client_id) + "#asks")
    flash("Referral ask recorded. Send the message, then record how it ends.", "success")
    return redirect(url_for("web.client", client_id=client_id) + "#asks")
