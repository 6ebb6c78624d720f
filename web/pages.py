"""Server-rendered pages for reps and account managers."""

from __future__ import annotations

from flask import Blueprint, render_template

blp = Blueprint("web", __name__, template_folder="templates", static_folder="static",
                static_url_path="/static")


@blp.route("/")
def index():
    return render_template("index.html")
