"""JSON for the search box (session-authenticated, GET only)."""


from __future__ import annotations

from flask import (
    jsonify,
    request,
)

from web.blueprint import (
    blp,
    page_graph,
)


@blp.route("/app/search")
def search_json():
    """Autocomplete: people (name, email, company) and companies matching the words typed."""
    from graph.directory import search_people
    from web.store import search_companies

    text = (request.args.get("q") or "").strip()[:100]
    if len(text) < 2:
        return jsonify({"q": text, "people": [], "companies": []})
    graph = page_graph()
    people = [{"id": p["id"], "name": p.get("name"), "title": p.get("title"),
               "company": (p.get("company") or {}).get("name"),
               "status": (p.get("company") or {}).get("status"), "is_rep": p.get("is_rep")}
              for p in search_people(graph, text, 8)]
    companies = search_companies(graph, text, 5)
    return jsonify({"q": text, "people": people, "companies": companies})
