"""Account managers: clients by fit and health, a client's referral opportunities,
asks, give-backs and ask-timing signals."""


from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from graph.workflow_common import Conflict, NotFound, WorkflowError
from runtime.requests import current_context
from services import asks
from web.blueprint import (
    actor_name,
    blp,
    goodwill_policy,
    names_of,
    now,
    page_graph,
    rules,
    when,
)


# ---- account managers ----------------------------------------------------------------------
def _quarter(today: date) -> tuple[date, date]:
    from graph.asks import quarter_start

    return quarter_start(today), today


@blp.route("/clients")
def clients():
    from web.store import clients as load_clients

    start, end = _quarter(now().date())
    rows = load_clients(page_graph(), start, end)
    return render_template("clients.html", clients=rows,
                           max_asks=rules().asks_per_quarter)


@blp.route("/clients/<client_id>")
def client(client_id: str):
    from api.paths import draft_ask, path_json
    from graph import asks as ask_store
    from graph.opportunities import referral_opportunities
    from graph.paths import PathQueryError
    from web.store import company

    graph = page_graph()
    found = company(graph, client_id)
    if found is None:
        abort(404)
    error = None
    items = []
    try:
        _client, opportunities, facts = referral_opportunities(graph, client_id, limit=20,
                                                               today=now().date())
    except PathQueryError as exc:
        error, opportunities, facts = str(exc), [], {}
    for opportunity in opportunities:
        path = opportunity.path
        referrer_id = path.nodes[1]
        via = facts.get(path.nodes[2]) if path.hops == 3 else None
        items.append({"path": path_json(path, facts), "referrer": facts[referrer_id],
                      "target": facts[path.nodes[-1]], "via": via, "score": path.score,
                      "ask": draft_ask(facts[referrer_id], facts[path.nodes[-1]], via)})
    max_asks = rules().asks_per_quarter
    asks = ask_store.list_asks(graph, client_id, limit=10, today=now().date(), max_per_quarter=max_asks)
    goodwill = _goodwill_states(graph, {i["referrer"].id for i in items})
    for item in items:
        item["goodwill"] = goodwill.get(item["referrer"].id)
    ids = {a[k] for a in asks["items"] for k in ("referrer_id", "target_id") if a.get(k)}
    ids |= {g["asked_by"] for g in goodwill.values() if g.get("asked_by")}
    names = names_of(graph, ids)
    for state in goodwill.values():
        state["asked_by_name"] = names.get(state.get("asked_by"), state.get("asked_by"))
    return render_template("client.html", client=found, items=items, error=error, asks=asks,
                           names=names, held=session.pop("ask_held", None),
                           **_ask_timing(graph, client_id),
                           give_kinds=GIVE_KIND_LABELS, policy=goodwill_policy())


def _ask_timing(graph, client_id: str) -> dict[str, Any]:
    """For the client page, from one read (graph/ask_timing.py): `timing`, the verdict when
    it is a good moment to ask (else None), and `signals`, the stored values for the form."""
    from graph.ask_timing import FIELDS, get_timing

    try:
        found = get_timing(graph, client_id, now().date())
    except NotFound:
        return {"timing": None, "signals": {}}
    return {"timing": found["timing"] if found["timing"]["good_moment"] else None,
            "signals": {k: found.get(k) for k in FIELDS}}


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
    from graph.goodwill import record_give

    form = request.form
    person_id = form.get("person_id") or ""
    note = (form.get("note") or "").strip() or None
    graph = page_graph()
    try:
        result = record_give(graph, person_id, kind=form.get("kind") or "", at=now(), actor=actor_name(),
                             note=note[:2000] if note else None, now=now(), policy=goodwill_policy())
    except NotFound:
        abort(404)
    except WorkflowError as exc:
        flash(f"The give-back was not recorded: {exc.message}", "error")
        return redirect(url_for("web.client", client_id=client_id))
    name = names_of(graph, {person_id}).get(person_id, "them")
    balance = result.get("goodwill_balance")
    standing = ("in credit" if balance > 0 else "even" if balance == 0 else "we still owe them") \
        if balance is not None else "updated"
    flash(f"Recorded what we gave {name}. Their goodwill balance is now {balance:+g} ({standing}).",
          "success")
    return redirect(url_for("web.client", client_id=client_id) + "#opp-list")


@blp.route("/clients/<client_id>/ask-timing", methods=["POST"])
def record_ask_timing(client_id: str):
    """Set the client's ask-timing signals (an empty field clears that signal)."""
    from graph.ask_timing import set_timing

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
        set_timing(page_graph(), client_id, values, now=now())
    except NotFound:
        abort(404)
    flash("Ask-timing signals saved.", "success")
    return redirect(url_for("web.client", client_id=client_id) + "#timing-form")


def _goodwill_states(graph, person_ids: set[str]) -> dict[str, dict[str, Any]]:
    """Per referrer: what an ask now would do (send / merge / cooldown, shared by the whole
    team: referrals/goodwill.py), who asked them and when, and their goodwill balance."""
    from graph.workflow_common import native, utc
    from referrals.goodwill import PriorAsk, decide_ask

    if not person_ids:
        return {}
    rows = graph.query(
        """
        UNWIND $ids AS id
        MATCH (p:Person {id: id})
        OPTIONAL MATCH (a:ReferralAsk {referrer_id: id})
        RETURN id, p.goodwill_balance AS balance,
               collect(CASE WHEN a IS NULL THEN null ELSE {id: a.id, at: a.asked_at, open: a.outcome IS NULL,
                       by: coalesce(a.account_manager_id, a.actor)} END) AS asks
        """, ids=list(person_ids))
    policy, at = goodwill_policy(), now()
    states = {}
    for row in rows:
        asks = {a["id"]: a for a in native(row["asks"])}
        prior = [PriorAsk(a["id"], utc(a["at"]), a["open"], a["by"]) for a in asks.values()]
        verdict = decide_ask(prior, at, policy)
        first = asks.get(verdict.merge_into) if verdict.merge_into else None
        states[row["id"]] = {
            "decision": verdict.decision.value, "cooldown_until": verdict.cooldown_until,
            "asked_by": first["by"] if first else None, "asked_at": first["at"] if first else None,
            "asks_in_window": verdict.asks_in_window, "balance": row["balance"]}
    return states


@blp.route("/clients/<client_id>/asks", methods=["POST"])
def ask_for_referral(client_id: str):
    form = request.form
    graph = page_graph()
    referrer_id = form.get("referrer_id") or ""
    try:
        ask = asks.ask(current_context(), client_id, referrer_id=referrer_id,
                       target_id=form.get("target_id") or None, account_manager_id=g.user["person_id"],
                       note=(form.get("note") or "").strip() or None)
    except NotFound:
        abort(404)
    except Conflict as exc:
        referrer = names_of(graph, {referrer_id}).get(referrer_id, "This person")
        if exc.extra.get("code") == "ask_cooldown":
            until = exc.extra.get("cooldown_until")
            n, days = exc.extra.get("asks_in_window"), exc.extra.get("cooldown_days")
            reason = (f"{referrer} was asked {n} time{'s' if n != 1 else ''} in the last {days} days, by "
                      f"you or a colleague. The team shares one budget per person, so let them rest "
                      f"until {when(until) if until else 'later'} and ask someone else meanwhile.")
            session["ask_held"] = {"kind": "cooldown", "reason": reason, "alternatives": []}
        else:
            session["ask_held"] = {"kind": "fatigue", "reason": exc.message,
                                   "alternatives": exc.extra.get("alternatives") or [],
                                   "asks_in_quarter": exc.extra.get("asks_in_quarter"),
                                   "max_per_quarter": exc.extra.get("max_per_quarter")}
        return redirect(url_for("web.client", client_id=client_id))
    except WorkflowError as exc:
        flash(f"The ask was not recorded: {exc.message}", "error")
        return redirect(url_for("web.client", client_id=client_id))
    if ask.get("merged"):
        by = ask.get("first_asked_by")
        who = names_of(graph, {by}).get(by, by) if by else "a colleague"
        referrer = names_of(graph, {referrer_id}).get(referrer_id, "This person")
        flash(f"Not sent again: {referrer} was already asked by {who} on {when(ask.get('first_asked_at'))} "
              "and has not answered yet. Your ask was added to that conversation (nothing new goes "
              f"to {referrer}); talk to {who} before following up.", "info")
        return redirect(url_for("web.client", client_id=client_id) + "#asks")
    flash("Referral ask recorded. Send the message, then record how it ends.", "success")
    return redirect(url_for("web.client", client_id=client_id) + "#asks")
