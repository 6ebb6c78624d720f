"""JSON for the search box (session-authenticated, GET only; services/users.py)."""

from __future__ import annotations

from flask import jsonify, request

from runtime.requests import current_context
from services import users
from web.blueprint import blp


@blp.route("/app/search")
def search_json():
    """Autocomplete: people (name, email, company) and companies matching the words typed."""
    return jsonify(users.search_box(current_context(), request.args.get("q")))
