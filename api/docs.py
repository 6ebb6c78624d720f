"""The API docs page at /api/docs: Swagger UI from npm's `swagger-ui-dist`, which
`make vendor` copies into api/static/swagger-ui/ (package-lock.json pins it; no CDN, works
offline), reading /api/openapi.json."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, send_from_directory

blp = Blueprint("api_docs", __name__)

# Filled by `make vendor` from node_modules/swagger-ui-dist (git ignores it).
SWAGGER_UI_DIR = Path(__file__).resolve().parent / "static" / "swagger-ui"

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Referral Network API</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: "/api/openapi.json",
      dom_id: "#swagger-ui",
      deepLinking: true,
      persistAuthorization: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "StandaloneLayout"
    });
  </script>
</body>
</html>
"""

@blp.route("/api/docs")
@blp.route("/api/docs/")
def docs_page():
    return Response(PAGE, mimetype="text/html")


@blp.route("/api/docs/assets/<path:filename>")
def docs_asset(filename: str):
    if not SWAGGER_UI_DIR.is_dir():  # a checkout where `make vendor` has not run
        abort(404, description="Swagger UI is not installed: run `make vendor`")
    return send_from_directory(str(SWAGGER_UI_DIR), filename, max_age=86400)


def init_docs(api) -> None:
    """Register the docs page on the Flask app behind `api` (called from the app factory)."""
    api._app.register_blueprint(blp)
