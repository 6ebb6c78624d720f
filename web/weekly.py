"""The account manager's weekly ask list (/weekly, services/weekly_asks.py): the week's best
referral asks across the clients they own, each with why now and a one-click ask (the
existing use case, services/asks.py). Managers and admins choose whose list."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from referrals.errors import Conflict, DomainError, Invalid, NotFound
from referrals.permissions import Action
from runtime.requests import current_context
from services import asks, authorization, weekly_asks
from web.blueprint import blp
from web.errors import domain_message


@blp.route("/weekly")
def weekly():
    ctx = current_context()
    owner = (request.args.get("owner") or "").strip() or None
    error = None
    try:
        plan = weekly_asks.weekly_asks(ctx, owner)
    except Invalid as exc:  # an unknown owner: say so above an empty list
        error, plan = exc.message, None
    can_choose = authorization.allowed(ctx.actor, Action.VIEW_TEAM)
    owners = weekly_asks.owners(ctx) if can_choose else []
    return render_template("weekly.html", plan=plan, error=error, owner=owner, owners=owners,
                           can_choose=can_choose)


@blp.route("/weekly/asks", methods=["POST"])
def weekly_ask():
    """One click from the weekly list: the same referral ask as on the client's page."""
    form = request.form
    owner = form.get("owner") or None
    back = url_for("web.weekly", owner=owner) + "#weekly-list"
    try:
        ask = asks.ask(current_context(), form.get("client_id") or "",
                       referrer_id=form.get("referrer_id") or "", target_id=form.get("target_id") or None,
                       account_manager_id=g.user["person_id"],
                       note=(form.get("note") or "").strip()[:5000] or None)
    except NotFound:
        flash("That client is gone; the list is fresh now.", "error")
        return redirect(back)
    except Conflict as exc:
        flash(f"Not asked: {domain_message(exc)}", "error")
        return redirect(back)
    except DomainError as exc:
        flash(f"The ask was not recorded: {exc.message}", "error")
        return redirect(back)
    if ask.get("merged"):
        flash("Not sent again: a colleague asked this person in the last week and is waiting for the "
              "answer; your ask was added to that conversation.", "info")
    else:
        flash("Referral ask recorded. Send the message, then record how it ends on the client's page.",
              "success")
    return redirect(back)
