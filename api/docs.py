"""The API docs page at /api/docs: Swagger UI served from the `swagger-ui-bundle`
package (no CDN, works offline), reading /api/openapi.json."""

from __future__ import annotations

from flask import Blueprint, Response, abort, send_from_directory
from swagger_ui_bundle import swagger_ui_path

blp = Blueprint("api_docs", __name__)

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

FALLBACK = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Referral Network API</title></head><body>
<h1>Referral Network API</h1>
<p>The interactive page needs the <code>swagger-ui-bundle</code> package.
The spec itself is at <a href="/api/openapi.json">/api/openapi.json</a>.</p></body></html>
"""


def _assets_dir() -> str | None:
    return str(swagger_ui_path)


@blp.route("/api/docs")
@blp.route("/api/docs/")
def docs_page():
    page = PAGE if _assets_dir() else FALLBACK
    return Response(page, mimetype="text/html")


@blp.route("/api/docs/assets/<path:filename>")
def docs_asset(filename: str):
    folder = _assets_dir()
    if folder is None:
        abort(404)
    return send_from_directory(folder, filename, max_age=86400)


def init_docs(api) -> None:
    """Register the docs page on the Flask app behind `api` (called from the app factory)."""
    api._app.register_blueprint(blp)
