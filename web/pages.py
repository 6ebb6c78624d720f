"""Server-rendered pages for reps and account managers.

    /                      Find an intro (reps' home): search, ranked paths beside a drawing
    /introductions/<id>    one introduction: drafted ask, timeline, next step
    /clients, /clients/<id>  account managers: clients by fit and health, their opportunities
    /pipeline              the weekly review with one-click qualify-out
    /insights              sales leaders: hubs and brokers, single points of failure, thin ICP territory
    /app/search            JSON for the search box (session-authenticated, GET only)

Views call graph/ directly; rules stay in referrals/. Sign-in, CSRF and headers:
web/security.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from graph.db import UNAVAILABLE_ERRORS
from graph.workflow_common import Conflict, NotFound, WorkflowError
from web import security

blp = Blueprint("web", __name__, template_folder="templates", static_folder="static",
                static_url_path="/static")

IDEAL_FIT = 0.7
DEFAULT_HOPS = 3
STATUS_LABELS = {
    "requested": "Requested", "asked": "Asked", "accepted": "Accepted", "declined": "Declined",
    "introduced": "Introduced", "meeting_held": "Meeting held", "qualified": "Qualified",
    "qualified_out": "Qualified out", "won": "Won", "lost": "Lost", "withdrawn": "Withdrawn",
}


@blp.record_once
def _init(state) -> None:
    security.init_app(state.app)
    state.app.jinja_env.globals["IDEAL_FIT"] = IDEAL_FIT  # macros are imported without context


blp.before_request(security.require_sign_in)
blp.after_request(security.add_security_headers)


def _graph():
    from api.app import get_graph

    return get_graph()


def _now() -> datetime:
    clock = current_app.config.get("REFERRALS_CLOCK")
    value = clock() if callable(clock) else datetime.now(UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _profile():
    from graph import icp_store

    return icp_store.current_profile(_graph())


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


def _policy():
    """The per-connector goodwill budget (api.workflow_support.goodwill_policy's settings)."""
    from api.workflow_support import goodwill_policy

    return goodwill_policy()


def _actor() -> str:
    return g.user["email"]


@blp.app_template_filter("pct")
def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(float(value) * 100)}%"


@blp.app_template_filter("status_label")
def _status_label(value: str | None) -> str:
    return STATUS_LABELS.get(value or "", (value or "").replace("_", " ").capitalize())


@blp.app_template_filter("when")
def _when(value: Any) -> str:
    if value in (None, ""):
        return "–"
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value.strftime("%-d %b %Y, %H:%M")
    if isinstance(value, date):
        return value.strftime("%-d %b %Y")
    return str(value)


@blp.app_context_processor
def _globals() -> dict[str, Any]:
    return {"current_user": getattr(g, "user", None)}


# ---- errors --------------------------------------------------------------------------------
def _error_page(status: int, title: str, message: str, hint: str | None = None):
    if request.path.startswith("/app/"):
        response = jsonify({"error": title, "detail": message})
        response.status_code = status
        return response
    return render_template("error.html", title=title, message=message, hint=hint), status


@blp.errorhandler(CSRFError)
def _csrf_error(exc: CSRFError):
    return _error_page(400, "This form has expired",
                       "The page was open too long or came from somewhere else, so it was not sent.",
                       "Go back, reload the page and send the form again.")


@blp.errorhandler(404)
def _not_found(_exc):
    return _error_page(404, "Not found", "There is nothing at this address.",
                       "Check the link, or start again from Find an intro.")


@blp.errorhandler(403)
def _forbidden(_exc):
    return _error_page(403, "Not for this account", "Your role cannot open this page.",
                       "Sign in with another account, or ask an admin to change your role.")


def _db_down(_exc):
    return _error_page(503, "The graph database is not answering",
                       "We could not reach the relationship graph just now.",
                       "Wait a few seconds and reload the page. If it keeps happening, tell whoever "
                       "runs the service (the database may be restarting).")


for _exc_type in UNAVAILABLE_ERRORS:
    blp.register_error_handler(_exc_type, _db_down)


@blp.errorhandler(Exception)
def _unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return exc
    current_app.logger.exception("unhandled error on a web page")
    return _error_page(500, "Something went wrong on our side",
                       "The page could not be shown; the error has been logged.",
                       "Reload the page. If it happens again, tell whoever runs the service.")


# ---- sign-in -------------------------------------------------------------------------------
@blp.route("/signin", methods=["GET", "POST"])
def signin():
    from web.store import authenticate

    error = None
    email = ""
    if request.method == "POST":
        email = (request.form.get("email") or "").strip()
        password = request.form.get("password") or ""
        user = authenticate(_graph(), email, password) if email and password else None
        if user is None:
            error = "That email and password do not match an account. Check them and try again."
        else:
            next_url = security.safe_next(request.form.get("next"))
            session.clear()  # a fresh session on sign-in (no fixation)
            session["user_id"] = user["id"]
            session.permanent = True
            if next_url == url_for("web.home") and user["role"] == "account_manager":
                next_url = url_for("web.clients")
            return redirect(next_url)
    status = 401 if error else 200
    return render_template("signin.html", error=error, email=email,
                           next=request.values.get("next", "")), status


@blp.route("/signout", methods=["POST"])
def signout():
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("web.signin"))


# ---- find an intro -------------------------------------------------------------------------
def _node_view(node: dict[str, Any]) -> dict[str, Any]:
    company = node.get("company") or {}
    return {**node, "company": company or None}


def _draft_for(path_ids: list[str], today: date) -> str:
    """The ask the requester sends the first person on the path (api.paths.draft_ask)."""
    from api.paths import draft_ask
    from graph.paths import PathFinder

    facts = PathFinder(_graph()).facts(path_ids, today)
    first = facts.get(path_ids[1])
    target = facts.get(path_ids[-1])
    if first is None or target is None:
        return ""
    via = facts.get(path_ids[2]) if len(path_ids) > 3 else None
    return draft_ask(first, target, via)


@blp.route("/")
def home():
    """Find an intro: ranked warm paths to a person or company."""
    from api.paths import paths_json
    from graph.calibration import finder_for
    from graph.paths import MAX_HOPS_ALLOWED, PathQuery, PathQueryError
    from web.store import person_label, reps, search_companies

    graph = _graph()
    target = (request.args.get("target") or "").strip()
    label = (request.args.get("q") or "").strip()
    try:
        hops = int(request.args.get("hops") or DEFAULT_HOPS)
    except ValueError:
        hops = DEFAULT_HOPS
    hops = min(max(hops, 1), MAX_HOPS_ALLOWED)
    default_source = g.user["person_id"] if g.user.get("is_rep") else "all"
    source = request.args.get("from") or default_source
    team = reps(graph)
    context: dict[str, Any] = {"target": target, "label": label, "hops": hops, "source": source,
                               "reps": team, "max_hops": MAX_HOPS_ALLOWED, "paths": None,
                               "error": None, "suggestions": None, "graph_data": None}
    if not target and label:
        # typed without picking from the list (or without JavaScript): offer the matches
        from graph.directory import search_people

        context["suggestions"] = {"people": search_people(graph, label, 8),
                                  "companies": search_companies(graph, label, 5)}
    if target:
        started = datetime.now(UTC)
        query = PathQuery(target=target, source=None if source == "all" else source, max_hops=hops,
                          limit=10, today=_now().date())
        runner = None
        try:
            found, runner = paths_json(finder_for(graph).find_explained(query))
        except PathQueryError as exc:
            context["error"] = str(exc)
            found = []
        for rank, item in enumerate(found, start=1):
            item["nodes"] = [_node_view(n) for n in item["nodes"]]
            for i, n in enumerate(item["nodes"]):
                if n.get("hidden"):  # counts-only: a stand-in id for the list and the drawing
                    n["id"], n["name"] = f"hidden-{rank}-{i}", "Hidden (client not opted in)"
            item["path_ids"] = ",".join(n["id"] for n in item["nodes"])
            for edge, a, b in zip(item["edges"], item["nodes"], item["nodes"][1:], strict=False):
                edge["from_"], edge["to"] = a["id"], b["id"]
            link = item["explanation"]["weakest_link"]
            names = {n["id"]: n["name"] for n in item["nodes"]}
            item["weakest_names"] = [names.get(link[k], "a hidden person") if link[k] else "a hidden person"
                                     for k in ("from_", "to")]
        context["paths"] = found
        context["runner_up"] = runner
        context["took_ms"] = round((datetime.now(UTC) - started).total_seconds() * 1000)
        if not label:
            person = person_label(graph, target)
            if person:
                label = person["name"]
            else:
                from web.store import company

                found_company = company(graph, target)
                label = found_company["name"] if found_company else target
            context["label"] = label
        context["graph_data"] = _drawing(found)
        context["source_name"] = next((r["name"] for r in team if r["id"] == source), None)
    return render_template("find.html", **context)


def _drawing(paths: list[dict[str, Any]]) -> dict[str, Any]:
    """Cytoscape elements for the paths (each node and tie once), with the paths' ranks."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for rank, path in enumerate(paths, start=1):
        for column, node in enumerate(path["nodes"]):
            company = node.get("company") or {}
            entry = nodes.setdefault(node["id"], {
                "id": node["id"], "label": node["name"], "company": company.get("name") or "",
                "role": node["role"], "ideal": (company.get("icp_score") or 0) >= IDEAL_FIT,
                "status": company.get("status") or "", "column": column, "paths": [],
                "hidden": bool(node.get("hidden"))})
            entry["paths"].append(rank)
        for edge in path["edges"]:
            key = tuple(sorted((edge["from_"], edge["to"])))
            entry = edges.setdefault(key, {"id": f"e-{key[0]}-{key[1]}", "source": edge["from_"],
                                           "target": edge["to"], "strength": edge["strength"],
                                           "paths": []})
            entry["paths"].append(rank)
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}


@blp.route("/app/search")
def search_json():
    """Autocomplete: people (name, email, company) and companies matching the words typed."""
    from graph.directory import search_people
    from web.store import search_companies

    text = (request.args.get("q") or "").strip()[:100]
    if len(text) < 2:
        return jsonify({"q": text, "people": [], "companies": []})
    graph = _graph()
    people = [{"id": p["id"], "name": p.get("name"), "title": p.get("title"),
               "company": (p.get("company") or {}).get("name"),
               "status": (p.get("company") or {}).get("status"), "is_rep": p.get("is_rep")}
              for p in search_people(graph, text, 8)]
    companies = search_companies(graph, text, 5)
    return jsonify({"q": text, "people": people, "companies": companies})


@blp.route("/introductions", methods=["POST"])
def request_intro():
    """Request the intro along one of the listed paths, then show its drafted ask."""
    from graph import introductions as store

    path = [p for p in (request.form.get("path") or "").split(",") if p]
    if len(path) < 3:
        flash("That path has no one to introduce you; pick another path.", "error")
        return redirect(request.referrer or url_for("web.home"))
    from graph.consent import people_needing_consent

    if any(p.startswith("hidden-") for p in path) or people_needing_consent(_graph(), path):
        flash("That path runs through a client that has not opted in to being asked; "
              "it can be requested once they do.", "error")
        return redirect(request.referrer or url_for("web.home"))
    try:
        intro = store.create_introduction(
            _graph(), requester_id=path[0], target_id=path[-1], path=path, actor=_actor(), now=_now(),
            note=f"Requested from Find an intro by {g.user['name']}", profile=_profile())
    except Conflict as exc:
        existing = exc.extra.get("existing_id")
        if existing:
            flash("You already have an open introduction to this person; here it is.", "info")
            return redirect(url_for("web.introduction", intro_id=existing))
        flash(exc.message, "error")
        return redirect(request.referrer or url_for("web.home"))
    except WorkflowError as exc:
        flash(f"The intro could not be requested: {exc.message}", "error")
        return redirect(request.referrer or url_for("web.home"))
    flash("Introduction requested. Edit the drafted ask below and send it when it reads right.", "success")
    return redirect(url_for("web.introduction", intro_id=intro["id"]))


# ---- introduction detail -------------------------------------------------------------------
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
    from graph import introductions as store

    graph = _graph()
    try:
        intro = store.get_introduction(graph, intro_id, profile=_profile())
    except NotFound:
        abort(404)
    draft = None
    if intro["status"] == "requested":
        draft = _draft_for(intro["path"] or [], _now().date())
    people = _path_people(intro["path"] or [])
    consents = store.list_consents(graph, intro_id)
    return render_template("introduction.html", intro=intro, draft=draft, people=people,
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


def _path_people(path: list[str]) -> list[dict[str, Any]]:
    from web.store import person_label

    graph = _graph()
    return [person_label(graph, pid) or {"id": pid, "name": "Unknown person"} for pid in path]


@blp.route("/introductions/<intro_id>/transitions", methods=["POST"])
def record_transition(intro_id: str):
    from graph import introductions as store

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
        store.transition(
            _graph(), intro_id, to, actor=_actor(), now=_now(), note=form.get("note") or None,
            assignment=(form.get("assignment") or None) if to == "meeting_held" else None,
            next_meeting_at=next_meeting if to == "meeting_held" else None,
            reason=(form.get("reason") or None) if to == "qualified_out" else None,
            expected_version=int(version) if version and version.isdigit() else None,
            profile=_profile(), max_per_quarter=_setting("REFERRAL_ASKS_PER_QUARTER", 3),
            policy=_policy())
    except NotFound:
        abort(404)
    except WorkflowError as exc:
        return _transition_failed(intro_id, _workflow_message(exc))
    flash(f"Recorded: {_status_label(to)}.", "success")
    return redirect(url_for("web.introduction", intro_id=intro_id))


@blp.route("/introductions/<intro_id>/prospect-consent", methods=["POST"])
def record_prospect_consent(intro_id: str):
    """Double opt-in: the prospect's yes or no (channel, note) while asked or accepted."""
    from graph import introductions as store

    form = request.form
    answer = (form.get("answer") or "").strip()
    if answer not in ("yes", "no"):
        return _consent_failed(intro_id, "Choose the prospect's answer: yes or no.")
    channel = (form.get("channel") or "").strip()
    if channel not in CONSENT_CHANNEL_LABELS:
        return _consent_failed(intro_id, "Choose how the prospect answered.")
    version = form.get("version")
    try:
        result = store.record_consent(
            _graph(), intro_id, answer, channel=channel, at=None, actor=_actor(), now=_now(),
            note=(form.get("consent_note") or "").strip()[:2000] or None,
            expected_version=int(version) if version and version.isdigit() else None,
            profile=_profile())
    except NotFound:
        abort(404)
    except WorkflowError as exc:
        return _consent_failed(intro_id, _workflow_message(exc))
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


def _workflow_message(exc: WorkflowError) -> str:
    message = exc.message
    if exc.extra.get("code") == "prospect_consent_required":
        return ("the prospect has not said yes yet. Double opt-in: record their answer under "
                "\u201cThe prospect's answer\u201d first; names are shared only after their yes.")
    if exc.extra.get("code") == "ask_cooldown":
        until = exc.extra.get("cooldown_until")
        return (f"the referrer is resting: they were asked recently (the whole team shares one ask "
                f"every {exc.extra.get('cooldown_days')} days per person). Ask again from "
                f"{_when(until) if until else 'later'}.")
    alternatives = exc.extra.get("alternatives")
    if alternatives:
        names = ", ".join(a["name"] for a in alternatives[:3])
        message += f" Clients you could ask instead: {names}."
    if exc.extra.get("questions"):
        message += " Ask: " + " ".join(exc.extra["questions"])
    return message


def _transition_failed(intro_id: str, message: str):
    flash(f"Not recorded: {message}", "error")
    session["intro_form"] = {k: v for k, v in request.form.items() if k != "csrf_token"}
    return redirect(url_for("web.introduction", intro_id=intro_id))


# ---- pipeline review -----------------------------------------------------------------------
@blp.route("/pipeline")
def pipeline():
    from graph import introductions as store
    from referrals.review import build_review

    graph = _graph()
    mine = request.args.get("mine") == "1"
    requester = g.user["person_id"] if mine else None
    rows = store.review_items(graph, requester)
    by_id = {r["id"]: r for r in rows}
    days = _setting("REVIEW_STALE_AFTER_DAYS", 42)
    touches = _setting("REVIEW_ONE_WAY_TOUCHES", 8)
    review = build_review(rows, now=_now(), stale_after=timedelta(days=days),
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
    from graph import introductions as store

    reason = (request.form.get("reason") or "").strip()
    if not reason:
        flash("Give a reason to qualify out (it is what a reopened deal starts from).", "error")
        return redirect(url_for("web.pipeline", mine=request.form.get("mine") or None))
    version = request.form.get("version")
    try:
        store.transition(_graph(), intro_id, "qualified_out", actor=_actor(), now=_now(), reason=reason,
                         expected_version=int(version) if version and version.isdigit() else None,
                         profile=_profile())
    except NotFound:
        abort(404)
    except WorkflowError as exc:
        flash(f"Not qualified out: {_workflow_message(exc)}", "error")
    else:
        flash("Qualified out. It is closed with your reason and can be reopened from its page.", "success")
    return redirect(url_for("web.pipeline", mine=request.form.get("mine") or None))


# ---- account managers ----------------------------------------------------------------------
def _quarter(today: date) -> tuple[date, date]:
    from graph.asks import quarter_start

    return quarter_start(today), today


@blp.route("/clients")
def clients():
    from web.store import clients as load_clients

    start, end = _quarter(_now().date())
    rows = load_clients(_graph(), start, end)
    return render_template("clients.html", clients=rows,
                           max_asks=_setting("REFERRAL_ASKS_PER_QUARTER", 3))


@blp.route("/clients/<client_id>")
def client(client_id: str):
    from api.paths import draft_ask, path_json
    from graph import asks as ask_store
    from graph.opportunities import referral_opportunities
    from graph.paths import PathQueryError
    from web.store import company

    graph = _graph()
    found = company(graph, client_id)
    if found is None:
        abort(404)
    error = None
    items = []
    try:
        _client, opportunities, facts = referral_opportunities(graph, client_id, limit=20,
                                                               today=_now().date())
    except PathQueryError as exc:
        error, opportunities, facts = str(exc), [], {}
    for opportunity in opportunities:
        path = opportunity.path
        referrer_id = path.nodes[1]
        via = facts.get(path.nodes[2]) if path.hops == 3 else None
        items.append({"path": path_json(path, facts), "referrer": facts[referrer_id],
                      "target": facts[path.nodes[-1]], "via": via, "score": path.score,
                      "ask": draft_ask(facts[referrer_id], facts[path.nodes[-1]], via)})
    max_asks = _setting("REFERRAL_ASKS_PER_QUARTER", 3)
    asks = ask_store.list_asks(graph, client_id, limit=10, today=_now().date(), max_per_quarter=max_asks)
    goodwill = _goodwill_states(graph, {i["referrer"].id for i in items})
    for item in items:
        item["goodwill"] = goodwill.get(item["referrer"].id)
    ids = {a[k] for a in asks["items"] for k in ("referrer_id", "target_id") if a.get(k)}
    ids |= {g["asked_by"] for g in goodwill.values() if g.get("asked_by")}
    names = _names(graph, ids)
    for state in goodwill.values():
        state["asked_by_name"] = names.get(state.get("asked_by"), state.get("asked_by"))
    return render_template("client.html", client=found, items=items, error=error, asks=asks,
                           names=names, held=session.pop("ask_held", None),
                           **_ask_timing(graph, client_id),
                           give_kinds=GIVE_KIND_LABELS, policy=_policy())


def _names(graph, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    return {r["id"]: r["name"] for r in graph.query(
        "MATCH (p:Person) WHERE p.id IN $ids RETURN p.id AS id, p.name AS name", ids=list(ids))}


def _ask_timing(graph, client_id: str) -> dict[str, Any]:
    """For the client page, from one read (graph/ask_timing.py): `timing`, the verdict when
    it is a good moment to ask (else None), and `signals`, the stored values for the form."""
    from graph.ask_timing import FIELDS, get_timing

    try:
        found = get_timing(graph, client_id, _now().date())
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
    graph = _graph()
    try:
        result = record_give(graph, person_id, kind=form.get("kind") or "", at=_now(), actor=_actor(),
                             note=note[:2000] if note else None, now=_now(), policy=_policy())
    except NotFound:
        abort(404)
    except WorkflowError as exc:
        flash(f"The give-back was not recorded: {exc.message}", "error")
        return redirect(url_for("web.client", client_id=client_id))
    name = _names(graph, {person_id}).get(person_id, "them")
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
        set_timing(_graph(), client_id, values, now=_now())
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
    policy, now = _policy(), _now()
    states = {}
    for row in rows:
        asks = {a["id"]: a for a in native(row["asks"])}
        prior = [PriorAsk(a["id"], utc(a["at"]), a["open"], a["by"]) for a in asks.values()]
        verdict = decide_ask(prior, now, policy)
        first = asks.get(verdict.merge_into) if verdict.merge_into else None
        states[row["id"]] = {
            "decision": verdict.decision.value, "cooldown_until": verdict.cooldown_until,
            "asked_by": first["by"] if first else None, "asked_at": first["at"] if first else None,
            "asks_in_window": verdict.asks_in_window, "balance": row["balance"]}
    return states


@blp.route("/clients/<client_id>/asks", methods=["POST"])
def ask_for_referral(client_id: str):
    from graph import asks as ask_store

    form = request.form
    graph = _graph()
    referrer_id = form.get("referrer_id") or ""
    try:
        ask = ask_store.create_ask(
            graph, client_id, referrer_id=referrer_id, now=_now(), actor=_actor(),
            target_id=form.get("target_id") or None, account_manager_id=g.user["person_id"],
            note=(form.get("note") or "").strip() or None,
            max_per_quarter=_setting("REFERRAL_ASKS_PER_QUARTER", 3), profile=_profile(),
            policy=_policy())
    except NotFound:
        abort(404)
    except Conflict as exc:
        referrer = _names(graph, {referrer_id}).get(referrer_id, "This person")
        if exc.extra.get("code") == "ask_cooldown":
            until = exc.extra.get("cooldown_until")
            n, days = exc.extra.get("asks_in_window"), exc.extra.get("cooldown_days")
            reason = (f"{referrer} was asked {n} time{'s' if n != 1 else ''} in the last {days} days, by "
                      f"you or a colleague. The team shares one budget per person, so let them rest "
                      f"until {_when(until) if until else 'later'} and ask someone else meanwhile.")
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
        who = _names(graph, {by}).get(by, by) if by else "a colleague"
        referrer = _names(graph, {referrer_id}).get(referrer_id, "This person")
        flash(f"Not sent again: {referrer} was already asked by {who} on {_when(ask.get('first_asked_at'))} "
              "and has not answered yet. Your ask was added to that conversation (nothing new goes "
              f"to {referrer}); talk to {who} before following up.", "info")
        return redirect(url_for("web.client", client_id=client_id) + "#asks")
    flash("Referral ask recorded. Send the message, then record how it ends.", "success")
    return redirect(url_for("web.client", client_id=client_id) + "#asks")


# ---- insights for sales leaders ------------------------------------------------------------
@blp.route("/insights")
def insights():
    """Hubs and brokers, single points of failure and thin ICP territory (graph/insights.py)."""
    from graph.insights import referral_network

    graph = _graph()
    data = error = None
    try:
        data = referral_network(graph, ideal_threshold=_profile().ideal_threshold, limit=20)
    except UNAVAILABLE_ERRORS:
        raise
    except Exception:  # the page still renders, with the error state
        current_app.logger.exception("referral-network insights failed")
        error = "The insights could not be computed just now; the error has been logged."
    return render_template("insights.html", data=data, error=error)
