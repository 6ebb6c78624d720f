"""Hostile import files against the real server, through the API, the use case and the
command line: a row over a limit (graph/importers/limits.py) is reported on its line while
the good rows land; a file over a file limit is refused whole and stores nothing; no
hostile cell holds the worker for seconds (issue #15: one cell of 131,072 commas cost
~26 s of CPU in the recipients splitter)."""

from __future__ import annotations

import io
import json
import time
from typing import Any

import pytest
from click.testing import CliRunner

from graph.importers.limits import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_FILE_ROWS,
    MAX_RECIPIENTS_CHARS,
    MAX_ROW_CELLS,
)
from referrals.errors import Invalid

pytestmark = pytest.mark.neo4j

RITA, DANA, TOM = "rita.rep@ourco.com", "dana.lee@acme.com", "tom.becker@acme.com"
LOG_HEADER = b"from,to,channel,date\n"


@pytest.fixture
def people(graph):
    graph.execute(
        """
        CREATE (:Person:Rep {id: 'p-rita', name: 'Rita Rep', email: $rita})
        CREATE (:Person {id: 'p-dana', name: 'Dana Lee', email: $dana})
        CREATE (:Person {id: 'p-tom', name: 'Tom Becker', email: $tom})
        """, rita=RITA, dana=DANA, tom=TOM)
    return graph


def upload(client, headers, data: bytes, fmt: str, name: str = "file.csv"):
    return client.post("/api/v1/imports", data={"format": fmt, "file": (io.BytesIO(data), name)},
                       headers=headers, content_type="multipart/form-data")


def by_line(report: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {e["line"]: e for e in report["errors"]}


def interactions_between(graph, a: str, b: str) -> int:
    rows = graph.query("MATCH (:Person {email: $a})-[k:KNOWS]-(:Person {email: $b}) "
                       "RETURN coalesce(k.interactions, 0) AS n", a=a, b=b)
    return rows[0]["n"] if rows else 0


def count(graph, cypher: str, **params) -> int:
    return graph.query(cypher, **params)[0]["n"]


def log(*rows: bytes) -> bytes:
    return LOG_HEADER + b"".join(rows)


def row(to: bytes, day: str = "2025-01-14", sender: str = RITA) -> bytes:
    return b'%s,"%s",email,%s\n' % (sender.encode(), to.replace(b'"', b'""'), day.encode())


# ------------------------------------------------------------------- interaction logs

def test_the_issues_comma_cell_is_reported_and_the_good_rows_land(client, people, admin_headers):
    data = log(row(DANA.encode()), row(b"," * 131_072, "2025-01-15"), row(TOM.encode(), "2025-01-16"))
    started = time.perf_counter()
    response = upload(client, admin_headers, data, "interactions")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    report = response.json
    assert by_line(report)[3] == {
        "line": 3, "field": "to",
        "detail": f"the recipients cell has 131,072 characters; the limit is {MAX_RECIPIENTS_CHARS:,}"}
    assert report["error_count"] == 1
    assert interactions_between(people, RITA, DANA) == 1 and interactions_between(people, RITA, TOM) == 1
    # the whole request, writes included; the old splitter alone took ~26 s on this cell
    assert elapsed < 10, elapsed


def test_unclosed_angle_brackets_are_reported_and_the_good_rows_land(client, people, admin_headers):
    data = log(row(DANA.encode()), row(b"<" * 100_000, "2025-01-15"), row(b"<" * 60_000, "2025-01-16"),
               row(b"Tom <" + TOM.encode() + b">", "2025-01-17"))
    response = upload(client, admin_headers, data, "interactions")
    assert response.status_code == 200
    errors = by_line(response.json)
    assert errors[3]["detail"] == (f"the recipients cell has 100,000 characters; the limit is "
                                   f"{MAX_RECIPIENTS_CHARS:,}")
    assert errors[4]["field"] == "to" and errors[4]["detail"].endswith("is not an email address")
    assert len(errors[4]["detail"]) <= 500  # 60,000 characters are not echoed back
    assert interactions_between(people, RITA, DANA) == 1 and interactions_between(people, RITA, TOM) == 1


def test_the_use_case_reports_the_comma_cell_too(ctx, people):
    from services.imports import import_file

    data = log(row(b"," * 131_072), row(DANA.encode(), "2025-01-15"))
    report = import_file(ctx, io.BytesIO(data), "interactions")
    assert [(e["line"], e["field"]) for e in report["errors"]] == [(2, "to")]
    assert interactions_between(people, RITA, DANA) == 1


# ------------------------------------------------------------------- CSV contacts

CONTACTS = b"First Name,Last Name,Email,Company Name\n"


def test_a_10_mb_cell_is_reported_and_the_good_rows_land(client, graph, admin_headers):
    data = CONTACTS + b"Ann,Lee,ann@acme.com,Acme\n" + b'"' + b"A" * 10_000_000 + \
        b'",Big,big@acme.com,Acme\nBo,Ng,bo@acme.com,Acme\n'
    started = time.perf_counter()
    response = upload(client, admin_headers, data, "hubspot")
    assert time.perf_counter() - started < 15
    assert response.status_code == 200
    errors = by_line(response.json)
    assert list(errors) == [3] and "more than 131,072 characters" in errors[3]["detail"]
    assert len(response.get_data()) < 10_000  # the cell is not echoed back
    emails = {r["e"] for r in graph.query("MATCH (p:Person) RETURN p.email AS e")}
    assert emails == {"ann@acme.com", "bo@acme.com"}


def test_a_cell_over_the_cell_limit_is_reported_with_its_column(client, graph, admin_headers):
    data = CONTACTS + b"Ann,Lee,ann@acme.com,Acme\nBig," + b"L" * (MAX_CELL_CHARS + 1) + \
        b",big@acme.com,Acme\nBo,Ng,bo@acme.com,Acme\n"
    response = upload(client, admin_headers, data, "salesforce")
    assert by_line(response.json)[3] == {"line": 3, "field": "Last Name", "detail":
                                         f"the cell has {MAX_CELL_CHARS + 1:,} characters; "
                                         f"the limit is {MAX_CELL_CHARS:,}"}
    assert count(graph, "MATCH (p:Person) RETURN count(p) AS n") == 2


def test_a_row_of_100k_columns_is_reported_and_the_good_rows_land(client, graph, admin_headers):
    wide = b"Wide,Row,wide@acme.com,Acme" + b",x" * 100_000 + b"\n"
    data = CONTACTS + b"Ann,Lee,ann@acme.com,Acme\n" + wide + b"Bo,Ng,bo@acme.com,Acme\n"
    response = upload(client, admin_headers, data, "hubspot")
    assert response.status_code == 200
    assert by_line(response.json)[3]["detail"] == (f"the row has 100,004 cells; the limit is "
                                                   f"{MAX_ROW_CELLS:,}")
    emails = {r["e"] for r in graph.query("MATCH (p:Person) RETURN p.email AS e")}
    assert emails == {"ann@acme.com", "bo@acme.com"}


def test_a_linkedin_export_with_a_huge_cell_lands_the_other_connections(client, people, admin_headers):
    data = (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"Dana,Lee,https://www.linkedin.com/in/dana-lee,,Acme,CFO,12 Mar 2021\n"
            b"Huge,Cell,https://www.linkedin.com/in/huge,,Acme," + b"C" * 50_000 + b",12 Mar 2021\n"
            b"Tom,Ng,https://www.linkedin.com/in/tom-ng,,Acme,CTO,12 Mar 2021\n")
    response = client.post("/api/v1/imports", data={"format": "linkedin", "owner_id": "p-rita",
                                                    "file": (io.BytesIO(data), "Connections.csv")},
                           headers=admin_headers, content_type="multipart/form-data")
    assert response.status_code == 200
    assert by_line(response.json)[3]["field"] == "Position"
    names = {r["n"] for r in people.query("MATCH (:Person {id: 'p-rita'})-[:KNOWS]-(p) RETURN p.name AS n")}
    assert names == {"Dana Lee", "Tom Ng"}


# ------------------------------------------------------------------- graph-json

def test_graph_json_huge_and_deep_values_are_reported_and_the_good_items_land(client, graph, admin_headers):
    doc = ('{"people": [\n{"name": "Ann", "email": "ann@acme.com"},\n'
           '{"name": "' + "x" * 10_000_000 + '", "email": "big@acme.com"},\n'
           '{"name": ' + "[" * 100_000 + "]" * 100_000 + ', "email": "deep@acme.com"},\n'
           '{"name": "Bo", "email": "bo@acme.com"}\n]}').encode()
    started = time.perf_counter()
    response = upload(client, admin_headers, doc, "graph-json", "graph.json")
    assert time.perf_counter() - started < 15
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    errors = by_line(response.json)
    assert errors[3] == {"line": 3, "field": "name",
                         "detail": f"has 10,000,000 characters; the limit is {MAX_CELL_CHARS:,}"}
    assert "nested more than" in errors[4]["detail"]
    emails = {r["e"] for r in graph.query("MATCH (p:Person) RETURN p.email AS e")}
    assert emails == {"ann@acme.com", "bo@acme.com"}


# ------------------------------------------------------------------- whole files

def _over_the_row_limit() -> bytes:
    # good rows first, then blank lines past the limit: cheap to build, and a parser that
    # only noticed the limit at the end would already have written the good rows
    return CONTACTS + b"Ann,Lee,ann@acme.com,Acme\n" + b"\n" * MAX_FILE_ROWS


def test_a_file_over_the_row_limit_is_refused_whole_by_the_api(client, graph, admin_headers):
    response = upload(client, admin_headers, _over_the_row_limit(), "hubspot")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    body = response.get_data(as_text=True)
    # the header, one row and the blank lines
    assert f"The file has {MAX_FILE_ROWS + 2:,} lines; the limit is {MAX_FILE_ROWS:,} rows" in body
    assert count(graph, "MATCH (n) WHERE n:Person OR n:Company RETURN count(n) AS n") == 0


def test_a_file_over_the_byte_limit_is_refused_whole_by_the_use_case(ctx, graph, tmp_path):
    from services.imports import import_file

    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:
        fh.write(CONTACTS + b"Ann,Lee,ann@acme.com,Acme\n")
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used, nothing read
    with path.open("rb") as fh, pytest.raises(Invalid) as refused:
        import_file(ctx, fh, "hubspot")
    assert refused.value.field == "file"
    assert f"The file has {MAX_FILE_BYTES + 1:,} bytes; the limit is {MAX_FILE_BYTES:,}" in str(refused.value)
    assert count(graph, "MATCH (n) RETURN count(n) AS n") == 0


@pytest.fixture
def cli_env(neo4j_settings, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_settings.database)


def test_the_command_line_refuses_a_file_over_the_row_limit_and_reports_a_bad_row(graph, cli_env, tmp_path):
    from cli.main import cli

    runner = CliRunner()
    big = tmp_path / "big.csv"
    big.write_bytes(_over_the_row_limit())
    result = runner.invoke(cli, ["import", str(big), "--format", "hubspot"])
    assert result.exit_code == 1, result.output
    assert "Not imported" in result.output and f"{MAX_FILE_ROWS:,} rows" in " ".join(result.output.split())
    assert count(graph, "MATCH (n) RETURN count(n) AS n") == 0

    wide = tmp_path / "wide.csv"
    wide.write_bytes(CONTACTS + b"Wide,Row,wide@acme.com,Acme" + b",x" * 100_000 + b"\n"
                     + b"Bo,Ng,bo@acme.com,Acme\n")
    result = runner.invoke(cli, ["import", str(wide), "--format", "hubspot", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [(e["line"], e["detail"]) for e in report["errors"]] == [
        (2, f"the row has 100,004 cells; the limit is {MAX_ROW_CELLS:,}")]
    assert count(graph, "MATCH (p:Person {email: 'bo@acme.com'}) RETURN count(p) AS n") == 1
