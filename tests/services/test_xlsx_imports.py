"""An .xlsx CRM export through the import use case, the upload endpoint and the CLI on the
real test Neo4j: it stores what the CSV of the same rows stores (re-importing the CSV
afterwards changes nothing), its row errors carry the sheet's row numbers, and a damaged
workbook is refused whole (422 naming the file), nothing written. The workbooks are made
here with openpyxl."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from referrals.errors import Invalid
from services import imports
from tests.conftest import wipe

pytestmark = pytest.mark.neo4j

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_of(name: str) -> bytes:
    """The CSV test export ``name`` saved as a workbook, numbers as numbers (as Excel would)."""
    book = Workbook()
    sheet = book.active
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            sheet.append([int(c) if c.isdigit() else c for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _stored(graph) -> list[tuple]:
    return graph.query(
        "MATCH (p:Person) OPTIONAL MATCH (p)-[w:WORKS_AT]->(c:Company) "
        "RETURN p.id AS id, p.name AS name, p.email AS email, p.title AS title, c.id AS company "
        "ORDER BY id, company")


def test_an_xlsx_export_stores_what_its_csv_stores(ctx, graph):
    ctx = replace(ctx, clock=lambda: NOW)
    report = imports.import_file(ctx, io.BytesIO(workbook_of("hubspot_contacts.csv")), "hubspot")
    assert report["created"] > 0 and report["format"] == "hubspot"
    stored = _stored(graph)
    again = imports.import_file(ctx, io.BytesIO((DATA / "hubspot_contacts.csv").read_bytes()), "hubspot")
    assert again["created"] == 0 and again["updated"] == 0  # the same records, the same values
    assert _stored(graph) == stored


def test_salesforce_accounts_then_contacts_as_xlsx(ctx, graph):
    ctx = replace(ctx, clock=lambda: NOW)
    imports.import_file(ctx, io.BytesIO(workbook_of("salesforce_accounts.csv")), "salesforce")
    imports.import_file(ctx, io.BytesIO(workbook_of("salesforce_contacts.csv")), "salesforce")
    from_xlsx = _stored(graph)
    assert any(row["company"] for row in from_xlsx)  # contacts found their accounts by AccountId
    wipe(graph)
    for name in ("salesforce_accounts.csv", "salesforce_contacts.csv"):
        imports.import_file(ctx, io.BytesIO((DATA / name).read_bytes()), "salesforce")
    assert _stored(graph) == from_xlsx


def test_row_errors_carry_the_sheet_row_numbers(ctx):
    report = imports.import_file(replace(ctx, clock=lambda: NOW),
                                 io.BytesIO(workbook_of("bad_rows_hubspot_contacts.csv")), "hubspot")
    csv_bytes = (DATA / "bad_rows_hubspot_contacts.csv").read_bytes()
    from_csv = imports.import_file(replace(ctx, clock=lambda: NOW), io.BytesIO(csv_bytes), "hubspot")
    assert report["errors"] and report["errors"] == from_csv["errors"]


def test_a_damaged_workbook_is_refused_whole(ctx, graph):
    data = workbook_of("hubspot_contacts.csv")
    with pytest.raises(Invalid) as refused:
        imports.import_file(ctx, io.BytesIO(data[: len(data) // 2]), "hubspot")
    assert refused.value.field == "file"
    assert graph.query("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0


def test_the_upload_endpoint_takes_an_xlsx(client, make_key, graph):
    headers = make_key("write")
    body = {"format": "hubspot",
            "file": (io.BytesIO(workbook_of("hubspot_contacts.csv")), "contacts.xlsx", XLSX_TYPE)}
    response = client.post("/api/v1/imports", data=body, headers=headers, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["created"] > 0
    broken = {"format": "hubspot", "file": (io.BytesIO(b"PK\x03\x04" + b"\x00" * 100), "x.xlsx", XLSX_TYPE)}
    refused = client.post("/api/v1/imports", data=broken, headers=headers, content_type="multipart/form-data")
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    assert "/file" in refused.get_data(as_text=True)


def test_the_cli_imports_an_xlsx(graph, neo4j_settings, tmp_path, monkeypatch):
    from cli.main import cli

    path = tmp_path / "accounts.xlsx"
    path.write_bytes(workbook_of("salesforce_accounts.csv"))
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_settings.database)
    result = CliRunner().invoke(cli, ["import", str(path), "--format", "salesforce", "--json"])
    assert result.exit_code == 0, result.output
    assert graph.query("MATCH (c:Company) RETURN count(c) AS n")[0]["n"] > 0
