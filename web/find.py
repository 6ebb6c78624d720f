"""Find an intro (reps' home): search, ranked paths beside a drawing, request one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app, flash, g, redirect, render_template, request, url_for

from referrals.errors import Conflict, DomainError
from runtime.requests import current_context
from search.paths import MAX_HOPS_ALLOWED
from services import companies, interleaving, introductions, people, users
from web.blueprint import DEFAULT_HOPS, IDEAL_FIT, blp


def _node_view(node: dict[str, Any]) -> dict[str, Any]:
    company = node.get("company") or {}
    return {**node, "company": company or None}


@blp.route("/")
def home():
    """Find an intro: ranked warm paths to a person or company."""
    ctx = current_context()
    target = (request.args.get("target") or "").strip()
    label = (request.args.get("q") or "").strip()
    try:
        hops = int(request.args.get("hops") or DEFAULT_HOPS)
    except ValueError:
        hops = DEFAULT_HOPS
    hops = min(max(hops, 1), MAX_HOPS_ALLOWED)
    default_source = g.user["person_id"] if g.user.get("is_rep") else "all"
    source = request.args.get("from") or default_source
    team = people.reps(ctx)
    context: dict[str, Any] = {"target": target, "label": label, "hops": hops, "source": source,
                               "reps": team, "max_hops": MAX_HOPS_ALLOWED, "paths": None,
                               "error": None, "suggestions": None, "graph_data": None, "impression": None}
    if not target and label:
        # typed without picking from the list (or without JavaScript): offer the matches
        context["suggestions"] = users.suggestions(ctx, label, people=8, companies=5)
    if target:
        started = datetime.now(UTC)
        runner = None
        try:
            # the hand-set and learned rankings interleaved while the experiment runs
            result = interleaving.find_paths(ctx, target, None if source == "all" else source,
                                             max_hops=hops, limit=10)
            found, runner = result["paths"], result["runner_up"]
            context["considered"] = result["considered"]
            context["impression"] = (result["interleaving"] or {}).get("impression")
        except DomainError as exc:
            context["error"] = exc.message
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
            person = people.label(ctx, target)
            if person:
                label = person["name"]
            else:
                found_company = companies.card(ctx, target)
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


@blp.route("/introductions", methods=["POST"])
def request_intro():
    """Request the intro along one of the listed paths, then show its drafted ask."""
    path = [p for p in (request.form.get("path") or "").split(",") if p]
    if len(path) < 3:
        flash("That path has no one to introduce you; pick another path.", "error")
        return redirect(request.referrer or url_for("web.home"))
    try:
        intro = introductions.request(current_context(), requester_id=path[0], target_id=path[-1],
                                      path=path, note=f"Requested from Find an intro by {g.user['name']}")
    except Conflict as exc:
        existing = exc.details.get("existing_id")
        if existing:
            flash("You already have an open introduction to this person; here it is.", "info")
            return redirect(url_for("web.introduction", intro_id=existing))
        if exc.code == "client_consent_required":
            flash("That path runs through a client that has not opted in to being asked; "
                  "it can be requested once they do.", "error")
        else:
            flash(exc.message, "error")
        return redirect(request.referrer or url_for("web.home"))
    except DomainError as exc:
        flash(f"The intro could not be requested: {exc.message}", "error")
        return redirect(request.referrer or url_for("web.home"))
    _record_click(path, intro["id"])
    flash("Introduction requested. Edit the drafted ask below and send it when it reads right.", "success")
    return redirect(url_for("web.introduction", intro_id=intro["id"]))


def _record_click(path: list[str], intro_id: str) -> None:
    """The request came from an interleaved list (the form carries its impression and the
    path's position): the experiment's click. It never stands in the way of the request."""
    impression = (request.form.get("impression") or "").strip()
    try:
        position = int(request.form.get("position") or "")
    except ValueError:
        return
    if not impression:
        return
    try:
        interleaving.record_click(current_context(), impression, position, path, intro_id)
    except DomainError:
        pass  # a forged or stale form: nothing to count
    except Exception:
        current_app.logger.exception("the interleaving click could not be recorded")
