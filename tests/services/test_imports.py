"""The import use case on the real test Neo4j: a file in, the report out; a file that
cannot be imported as a whole is Invalid naming the field, and nothing is written."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from referrals.errors import Invalid
from services import imports

pytestmark = pytest.mark.neo4j

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _upload(ctx, name: str, fmt: str, **kw):
    return imports.import_file(ctx, io.BytesIO((DATA / name).read_bytes()), fmt, **kw)


def _nodes(graph) -> int:
    return graph.query("MATCH (n) RETURN count(n) AS n")[0]["n"]


def test_an_import_answers_its_report_and_a_second_changes_nothing(ctx):
    ctx = replace(ctx, clock=lambda: NOW)
    done = []
    report = _upload(ctx, "hubspot_contacts.csv", "hubspot", batch_size=2, progress=done.append)
    assert report["format"] == "hubspot" and report["created"] > 0 and report["rows"] == sum(done)
    again = _upload(ctx, "hubspot_contacts.csv", "hubspot")
    assert again["created"] == 0 and again["updated"] == 0


def test_an_import_that_changes_something_refreshes_big_companies_entry_points(ctx, graph, monkeypatch):
    from graph import entry_points

    monkeypatch.setattr(entry_points, "KEEP_FROM_EMPLOYEES", 1)  # every company counts as big
    _upload(replace(ctx, clock=lambda: NOW), "hubspot_contacts.csv", "hubspot")
    kept = graph.query("MATCH (c:Company)<-[:WORKS_AT {current: true}]-() WITH DISTINCT c "
                       "RETURN count(c) AS companies, count(c.entry_employees) AS kept")[0]
    assert kept["companies"] > 0 and kept["kept"] == kept["companies"]


@pytest.mark.parametrize(("name", "fmt", "form", "field"), [
    ("binary.bin", "hubspot", {}, "file"),
    ("linkedin_connections.csv", "linkedin", {"owner_id": "p-ghost"}, "owner_id"),
    ("linkedin_connections.csv", "linkedin", {}, "owner_id"),
    ("hubspot_contacts.csv", "excel", {}, "format"),
])
def test_a_file_refused_whole_names_the_field_and_writes_nothing(ctx, graph, name, fmt, form, field):
    with pytest.raises(Invalid) as refused:
        _upload(ctx, name, fmt, **form)
    assert refused.value.field == field and refused.value.message
    assert _nodes(graph) == 0
