"""docs/api-guide.md matches the live spec: every /api/v1 route and method it shows is one
the app documents, every scope it lists is one the code knows, and the docs it links to
are in the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from referrals.permissions import Scope

pytestmark = pytest.mark.neo4j

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDE = (DOCS / "api-guide.md").read_text()


def _pattern(path: str) -> re.Pattern[str]:
    """'/api/v1/clients/{client_id}/x' -> a regex where each {param} is one segment."""
    return re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "$")


def _shown() -> set[tuple[str, str]]:
    """(method, path) of every request the guide shows, placeholders as one segment."""
    shown: set[tuple[str, str]] = set()
    for line in GUIDE.replace("\\\n", " ").split("\n"):  # a continued command is one line
        line = re.sub(r"<[^>]+>", "x", line)  # <client id> and the like
        for match in re.finditer(r"\$BASE(/api/v1/[^\"'?\s]*)", line):
            method = "post" if re.search(r"-X POST|-F ", line) else "get"
            shown.add((method, match[1]))
        for match in re.finditer(r"`(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`?\s]*)`", line):
            shown.add((match[1].lower(), re.sub(r"\{[^}]+\}", "x", match[2])))
    return shown


def test_every_request_in_the_guide_is_in_the_spec(client):
    spec = client.get("/api/openapi.json").get_json()["paths"]
    routes = [(_pattern(path), set(ops)) for path, ops in spec.items()]
    shown = _shown()
    assert len(shown) >= 10
    for method, path in sorted(shown):
        matches = [ops for pattern, ops in routes if pattern.match(path)]
        assert matches, f"docs/api-guide.md shows {path}, which the spec does not have"
        assert any(method in ops for ops in matches), f"{method.upper()} {path} is not in the spec"


def test_the_scopes_listed_are_the_scopes_the_code_knows():
    listed = set(re.findall(r"^\| `([a-z:]+)` \|", GUIDE, flags=re.MULTILINE))
    assert listed == {scope.value for scope in Scope if scope.value not in ("read", "write")}


def test_linked_docs_exist():
    for page in ("api-guide.md", "referral-selling.md"):
        text = (DOCS / page).read_text()
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
            if target.startswith("http"):
                continue
            assert (DOCS / target).resolve().exists(), f"{page} links to {target}, which is not there"
        assert "/work/" not in text and "shared/" not in text
