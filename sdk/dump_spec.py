"""Write the API's OpenAPI document to a file without a server or a database (`make sdk`).

    python sdk/dump_spec.py sdk/openapi.json

The app factory builds the app as gunicorn would; the spec is read through Flask's test
client, so it is exactly what GET /api/openapi.json answers. The database address points at
a closed port: the factory then logs that Neo4j is unavailable and goes on, and no database
(not even a running demo one) is touched.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from graph.config import Neo4jSettings
from server import create_app

NOWHERE = Neo4jSettings(uri="bolt://127.0.0.1:1", password="unused")


def spec() -> dict:
    was = logging.root.manager.disable
    logging.disable(logging.WARNING)  # the expected "Neo4j unavailable at start" line
    try:
        app = create_app({"TESTING": True, "NEO4J": NOWHERE})
        response = app.test_client().get("/api/openapi.json")
    finally:
        logging.disable(was)  # a caller in the same process (the sync test) logs as before
    if response.status_code != 200:
        raise SystemExit(f"GET /api/openapi.json answered {response.status_code}")
    return response.get_json()


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit("usage: python sdk/dump_spec.py OUTPUT.json")
    Path(argv[1]).write_text(json.dumps(spec(), indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv)
