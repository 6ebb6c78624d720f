"""HubSpot and Salesforce exports saved as .xlsx: the first sheet read by openpyxl in
read-only mode gives the same records and the same line-numbered errors as the CSV of the
same rows, within the same limits. Pure; the workbooks are made here with openpyxl."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from graph.importers import UnreadableFile, parse_file
from graph.importers.limits import ImportLimits
from graph.importers.parsers import SheetRows, is_xlsx

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"
TODAY = date(2025, 3, 1)


def xlsx(rows: list[list[object]], *, first_sheet: list[list[object]] | None = None) -> bytes:
    """A workbook whose first sheet holds ``first_sheet`` (when given) and then ``rows``."""
    book = Workbook()
    sheet = book.active
    for row in first_sheet if first_sheet is not None else rows:
        sheet.append(row)
    if first_sheet is not None:
        other = book.create_sheet("Other")
        for row in rows:
            other.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_rows(name: str) -> list[list[str]]:
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def parse(data: bytes, fmt: str, **kw):
    return list(parse_file(io.BytesIO(data), fmt, today=TODAY, **kw))


@pytest.mark.parametrize(("name", "fmt"), [
    ("hubspot_contacts.csv", "hubspot"), ("hubspot_companies.csv", "hubspot"),
    ("salesforce_contacts.csv", "salesforce"), ("salesforce_accounts.csv", "salesforce"),
    ("bad_rows_hubspot_contacts.csv", "hubspot"),
])
def test_the_xlsx_of_a_csv_export_gives_the_same_rows_and_errors(name, fmt):
    from_csv = parse((DATA / name).read_bytes(), fmt)
    from_xlsx = parse(xlsx(csv_rows(name)), fmt)
    assert from_xlsx == from_csv
    assert any(r.error is None and r.skipped is None for r in from_xlsx)


def test_errors_name_the_sheet_row_as_excel_numbers_it():
    rows = [["Record ID", "First Name", "Last Name", "Email"],
            [1, "Dana", "Lee", "dana@acme.com"],
            [],  # a blank row keeps its number
            [2, "Tom", "Becker", "not an email"]]
    parsed = parse(xlsx(rows), "hubspot")
    assert [(r.error.line, r.error.field) for r in parsed if r.error] == [(4, "Email")]
    assert [r.line for r in parsed if r.error is None] == [2]


def test_typed_cells_read_as_their_csv_spelling():
    values = [None, "x", True, False, 51, 9011.0, 2.5, datetime(2024, 1, 9), datetime(2024, 1, 9, 8, 5),
              date(2023, 2, 14)]
    data = xlsx([[f"c{i}" for i in range(len(values))], values])
    sheet = SheetRows(io.BytesIO(data))
    assert [cells for _, cells in sheet][1] == [
        "", "x", "true", "false", "51", "9011", "2.5", "2024-01-09", "2024-01-09 08:05:00", "2023-02-14"]


def test_only_the_first_sheet_is_read():
    contacts = [["First Name", "Last Name", "Email"], ["Dana", "Lee", "dana@acme.com"]]
    other = [["First Name", "Last Name", "Email"], ["Only", "Elsewhere", "x@y.com"]]
    parsed = parse(xlsx(other, first_sheet=contacts), "hubspot")
    assert [p.name for r in parsed for p in r.people] == ["Dana Lee"]


def test_a_short_row_is_padded_to_the_header_so_it_is_not_a_report_footer():
    rows = [["Record ID", "First Name", "Last Name", "Email"], [77]]
    parsed = parse(xlsx(rows), "hubspot")
    assert len(parsed) == 1 and parsed[0].line == 2  # a row of its own (CSV: "77,,,"), not skipped


def test_row_limits_are_row_errors_on_their_line():
    limits = ImportLimits(cell_chars=20, row_cells=6)
    rows = [["First Name", "Last Name", "Email"],
            ["Dana", "Lee", "dana@acme.com"],
            ["D" * 21, "Lee", "d2@acme.com"],
            ["Tom", "Becker", "tom@acme.com", "a", "b", "c", "d"]]
    parsed = parse(xlsx(rows), "hubspot", limits=limits)
    errs = {r.error.line: r.error.detail for r in parsed if r.error}
    assert set(errs) == {3, 4}
    assert "21 characters; the limit is 20" in errs[3] and "7 cells; the limit is 6" in errs[4]


def test_a_sheet_over_the_file_row_limit_is_refused_before_any_row():
    rows = [["First Name", "Last Name", "Email"]] + [["A", "B", f"a{i}@b.com"] for i in range(5)]
    with pytest.raises(UnreadableFile, match="6 rows; the limit is 5"):
        parse_file(io.BytesIO(xlsx(rows)), "hubspot", today=TODAY, limits=ImportLimits(file_rows=5))


def test_a_sheet_that_understates_its_rows_stops_with_a_row_error():
    rows = [["First Name", "Last Name", "Email"]] + [["A", "B", f"a{i}@b.com"] for i in range(5)]
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx(rows))) as src, zipfile.ZipFile(data, "w") as dst:
        for item in src.infolist():  # the declared dimension says 3 rows, the sheet has 6
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b'<dimension ref="A1:C6" />', b'<dimension ref="A1:C3" />')
                assert b'"A1:C3"' in body
            dst.writestr(item, body)
    parsed = parse(data.getvalue(), "hubspot", limits=ImportLimits(file_rows=5))
    assert [r.line for r in parsed if r.error is None] == [2, 3, 4, 5]
    assert [(r.error.line, "more than 5 rows" in r.error.detail) for r in parsed if r.error] == [(6, True)]


def test_a_workbook_that_unpacks_past_the_byte_limit_is_refused():
    data = xlsx([["First Name", "Last Name", "Email"]] + [["A" * 50, "B", "a@b.com"]] * 200)
    assert len(data) < 20_000
    with pytest.raises(UnreadableFile, match="unpacks to"):
        parse(data, "salesforce", limits=ImportLimits(file_bytes=20_000))


def test_a_damaged_workbook_is_unreadable_not_a_crash():
    data = xlsx([["First Name", "Last Name", "Email"], ["A", "B", "a@b.com"]])
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            dst.writestr(item, body[: len(body) // 2] if item.filename == "xl/workbook.xml" else body)
    with pytest.raises(UnreadableFile, match="can't be read"):
        parse(broken.getvalue(), "hubspot")


def test_xlsx_is_told_by_content_and_only_for_crm_formats():
    data = xlsx([["First Name", "Last Name", "Email"], ["A", "B", "a@b.com"]])
    assert is_xlsx(io.BytesIO(data))
    assert not is_xlsx(io.BytesIO((DATA / "connections.xlsx").read_bytes()))  # a ZIP, no workbook
    assert not is_xlsx(io.BytesIO((DATA / "hubspot_contacts.csv").read_bytes()))
    with pytest.raises(UnreadableFile, match="Save As > CSV"):  # LinkedIn exports are CSV only
        parse(data, "linkedin", owner_id="p-rep")
