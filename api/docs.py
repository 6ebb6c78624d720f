"""The API docs page at /api/docs: Swagger UI served from the `swagger-ui-bundle`
package (no CDN, works offline), reading /api/openapi.json."""

from __future__ import annotations

from flask import Blueprint, Response, send_from_directory
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

@blp.route("/api/docs")
@blp.route("/api/docs/")
def docs_page():
    return Response(PAGE, mimetype="text/html")


@blp.route("/api/docs/assets/<path:filename>")
def docs_asset(filename: str):
    return send_from_directory(str(swagger_ui_path), filename, max_age=86400)


def init_docs(api) -> None:
    """Register the docs page on the Flask app behind `api` (called from the app factory)."""
    api._app.register_blueprint(blp)
