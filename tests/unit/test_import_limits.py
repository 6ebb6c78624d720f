"""Import limits (graph/importers/limits.py) and the linear recipients splitter. Pure."""

from __future__ import annotations

import io
import random
import re
import time
from datetime import date

import pytest

from graph.importers import UnreadableFile, parse_file, person_id_for
from graph.importers.common import error_row
from graph.importers.interactions import split_recipients
from graph.importers.limits import (
    DEFAULT_LIMITS,
    MAX_CELL_CHARS,
    MAX_RECIPIENTS,
    MAX_RECIPIENTS_CHARS,
    ImportLimits,
)

TODAY = date(2025, 3, 1)

# The splitter this replaces, kept here only to prove the new one gives the same parts.
_OLD_SPLIT = re.compile(r"[;\n]|,(?![^<]*>)")


def old_split(text: str) -> list[str]:
    return [p.strip() for p in _OLD_SPLIT.split(text) if p.strip()]


def rows_of(data: bytes, fmt: str, **kw):
    kw.setdefault("today", TODAY)
    return list(parse_file(io.BytesIO(data), fmt, **kw))


def errors(rows):
    return [(r.error.line, r.error.field, r.error.detail) for r in rows if r.error]


# ------------------------------------------------------------------ the splitter

SPLIT_CASES = [
    "dana.lee@acme.com",
    "Marcus Okafor <marcus.okafor@globex.com>; tom.becker@acme.com",  # tests/data/imports
    "A <a@x.com>, B <b@x.com>; c@x.com",
    '"Lee, Dana" <dana@acme.com>, tom@acme.com',
    "Lee, Dana <dana@acme.com>",  # a comma outside brackets separates, in a name too (as before)
    "<a@x.com,b@x.com>",
    "a@x.com\nb@x.com\r\nc@x.com",
    "a@x.com;;; ,, ;b@x.com",
    "",
    " ; , \n ",
    "a@x.com, b@x.com>",  # a stray '>' protects every comma before it
    "a@x.com, <b@x.com",  # a '<' without '>'
    "x <a,b>, y <c;d>, z",
    "<<<,>>>,<,>",
    "a@x.com,\tb@x.com",
]


@pytest.mark.parametrize("text", SPLIT_CASES)
def test_split_gives_the_old_splitters_parts(text):
    assert split_recipients(text) == old_split(text)


def test_split_equals_the_old_splitter_on_random_cells():
    rnd = random.Random(15)
    for _ in range(20_000):
        text = "".join(rnd.choice("ab@.<>,;\n \t\"") for _ in range(rnd.randint(0, 24)))
        assert split_recipients(text) == old_split(text), repr(text)


def test_split_of_named_addresses():
    assert split_recipients("A <a@x.com>, B <b@x.com>; c@x.com") == ["A <a@x.com>", "B <b@x.com>", "c@x.com"]
    assert split_recipients("Dana <dana@acme.com, dana.lee@acme.com>, tom@acme.com") == [
        "Dana <dana@acme.com, dana.lee@acme.com>", "tom@acme.com"]  # the comma inside <...> stays


@pytest.mark.parametrize("text", [
    "," * 131_072,  # the issue's cell: the old splitter took ~26 s on it
    "<" + "," * 131_072,
    "a@x.com," * 16_384 + "b@x.com>",
    "<" * 100_000,
    "<>," * 50_000,
])
def test_split_is_linear_on_hostile_cells(text):
    started = time.perf_counter()
    split_recipients(text)
    # a generous safety net for a loaded machine: it takes milliseconds (the old one: seconds)
    assert time.perf_counter() - started < 2.0


# --------------------------------------------------------------- interaction rows

HEADER = b"from,to,channel,date\n"
GOOD = b"rita@ourco.com,dana@acme.com,call,2025-01-14\n"


def test_the_issues_cell_is_a_row_error_and_the_other_rows_land():
    data = HEADER + GOOD + b'rita@ourco.com,"' + b"," * 131_072 + b'",email,2025-01-15\n' + GOOD
    started = time.perf_counter()
    rows = rows_of(data, "interactions")
    assert time.perf_counter() - started < 2.0
    assert errors(rows) == [
        (3, "to", f"the recipients cell has 131,072 characters; the limit is {MAX_RECIPIENTS_CHARS:,}")]
    assert [r.line for r in rows if r.interactions] == [2, 4]


def test_too_many_recipients_is_a_row_error():
    many = ", ".join(f"p{i}@acme.com" for i in range(MAX_RECIPIENTS + 1)).encode()
    enough = ", ".join(f"p{i}@acme.com" for i in range(MAX_RECIPIENTS)).encode()
    data = HEADER + b'rita@ourco.com,"' + many + b'",email,2025-01-15\n' + \
        b'rita@ourco.com,"' + enough + b'",email,2025-01-15\n'
    rows = rows_of(data, "interactions")
    assert errors(rows) == [(2, "to", f"the recipients cell lists {MAX_RECIPIENTS + 1:,} addresses; "
                                      f"the limit is {MAX_RECIPIENTS:,}")]
    assert len(rows[1].interactions) == MAX_RECIPIENTS
    assert rows[1].interactions[0].recipient == person_id_for(email="p0@acme.com")


def test_unclosed_angle_brackets_are_one_bad_address_quickly():
    data = HEADER + b'rita@ourco.com,"' + b"<" * 60_000 + b'",email,2025-01-15\n' + GOOD
    started = time.perf_counter()
    rows = rows_of(data, "interactions")
    assert time.perf_counter() - started < 2.0
    (line, field, detail), = errors(rows)
    assert (line, field) == (2, "to") and detail.endswith("is not an email address")
    assert len(detail) <= 500  # the 60,000 characters are not echoed back whole
    assert rows[1].interactions


def test_other_interaction_cells_have_the_cell_limit():
    data = HEADER + b"rita@ourco.com,dana@acme.com,call," + b"2" * (MAX_CELL_CHARS + 1) + b"\n" + GOOD
    rows = rows_of(data, "interactions")
    assert errors(rows) == [(2, "date", f"the cell has {MAX_CELL_CHARS + 1:,} characters; "
                                        f"the limit is {MAX_CELL_CHARS:,}")]
    assert rows[1].interactions


# ------------------------------------------------------------ CSV rows and cells

CONTACTS = b"First Name,Last Name,Email,Description\n"


def test_a_long_cell_the_importer_reads_is_a_row_error():
    data = CONTACTS + b"Ann,Lee,ann@acme.com,\n" + b"A" * (MAX_CELL_CHARS + 1) + \
        b",Lee,big@acme.com,\nBo,Ng,bo@acme.com,\n"
    rows = rows_of(data, "hubspot")
    assert errors(rows) == [(3, "First Name", f"the cell has {MAX_CELL_CHARS + 1:,} characters; "
                                              f"the limit is {MAX_CELL_CHARS:,}")]
    assert [r.people[0].email for r in rows if r.people] == ["ann@acme.com", "bo@acme.com"]


def test_a_long_cell_in_a_column_the_importer_ignores_costs_nothing():
    note = b"x" * 30_000  # a Salesforce long text field
    rows = rows_of(CONTACTS + b"Ann,Lee,ann@acme.com," + note + b"\n", "hubspot")
    assert not errors(rows) and rows[0].people[0].name == "Ann Lee"


def test_a_row_with_too_many_cells_is_a_row_error():
    wide = b"Bo,Ng,bo@acme.com" + b",x" * 100_000 + b"\n"
    data = CONTACTS + b"Ann,Lee,ann@acme.com,\n" + wide + b"Cy,Oh,cy@acme.com,\n"
    rows = rows_of(data, "hubspot")
    assert errors(rows) == [(3, "", f"the row has 100,003 cells; the limit is {DEFAULT_LIMITS.row_cells:,}")]
    assert [r.people[0].email for r in rows if r.people] == ["ann@acme.com", "cy@acme.com"]


def test_a_row_with_too_many_characters_is_a_row_error():
    small = ImportLimits(row_chars=100)
    data = CONTACTS + b"Ann,Lee,ann@acme.com," + b"n" * 90 + b"\nBo,Ng,bo@acme.com,\n"
    rows = rows_of(data, "hubspot", limits=small)
    assert errors(rows) == [(2, "", "the row has 108 characters; the limit is 100")]
    assert rows[1].people


def test_a_cell_over_the_csv_readers_own_limit_says_so():
    data = CONTACTS + b'"' + b"A" * 10_000_000 + b'",Lee,big@acme.com,\nBo,Ng,bo@acme.com,\n'
    rows = rows_of(data, "hubspot")
    (line, field, detail), = errors(rows)
    assert line == 2 and "more than 131,072 characters; the limit is 10,000" in detail
    assert rows[-1].people[0].email == "bo@acme.com"


@pytest.mark.parametrize("fmt", ["hubspot", "interactions"])
def test_a_header_over_the_row_limits_refuses_the_file(fmt):
    data = b"First Name,Last Name,Email" + b",x" * 100_000 + b"\nAnn,Lee,ann@acme.com\n"
    with pytest.raises(UnreadableFile, match="The header on line 1 can't be read: the row has 100,003 cells"):
        rows_of(data, fmt)


def test_a_first_line_too_long_to_sniff_refuses_the_file():
    with pytest.raises(UnreadableFile, match="Line 1 has more than 100 characters"):
        rows_of(b"First Name" + b"x" * 200 + b"\n", "hubspot", limits=ImportLimits(row_chars=100))


def test_linkedin_cells_have_the_cell_limit():
    data = (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"Dana,Lee,https://www.linkedin.com/in/dana,,Acme,"
            + b"T" * (MAX_CELL_CHARS + 1) + b",12 Mar 2021\n"
            b"Tom,Ng,https://www.linkedin.com/in/tom,,Acme,CFO,12 Mar 2021\n")
    rows = rows_of(data, "linkedin", owner_id="p-rep")
    assert errors(rows) == [(2, "Position", f"the cell has {MAX_CELL_CHARS + 1:,} characters; "
                                            f"the limit is {MAX_CELL_CHARS:,}")]
    assert rows[1].people[0].name == "Tom Ng"


# ------------------------------------------------------------------- whole files

@pytest.mark.parametrize("fmt", ["hubspot", "salesforce", "linkedin", "interactions"])
def test_a_csv_file_over_the_row_limit_is_refused_before_any_row(fmt):
    data = CONTACTS + b"Ann,Lee,ann@acme.com,\n" * 11
    with pytest.raises(UnreadableFile, match="The file has 12 lines; the limit is 10 rows per import"):
        parse_file(io.BytesIO(data), fmt, owner_id="p-rep", today=TODAY, limits=ImportLimits(file_rows=10))
    assert len(rows_of(data, "hubspot", limits=ImportLimits(file_rows=12))) == 11


def test_lines_are_counted_for_any_line_ending():
    for ending in (b"\n", b"\r\n", b"\r"):
        data = ending.join([b"First Name,Email"] + [b"Ann,ann@acme.com"] * 10)  # no final line break
        with pytest.raises(UnreadableFile, match="11 lines"):
            rows_of(data, "hubspot", limits=ImportLimits(file_rows=10))
        assert len(rows_of(data, "hubspot", limits=ImportLimits(file_rows=11))) == 10


@pytest.mark.parametrize("fmt", ["hubspot", "graph-json"])
def test_a_file_over_the_byte_limit_is_refused_before_any_row(fmt):
    data = b'{"people": [' + b'{"name": "A"},' * 100 + b'{"name": "B"}]}'
    with pytest.raises(UnreadableFile, match=f"The file has {len(data):,} bytes; the limit is 1,000 bytes"):
        parse_file(io.BytesIO(data), fmt, today=TODAY, limits=ImportLimits(file_bytes=1_000))


def test_the_stream_is_where_it_was_after_the_check():
    fh = io.BytesIO(b"junk before\n" + CONTACTS + b"Ann,Lee,ann@acme.com,\n")
    fh.seek(12)
    rows = list(parse_file(fh, "hubspot", today=TODAY))
    assert rows[0].people[0].email == "ann@acme.com"


# ------------------------------------------------------------------- graph-json

def doc(*people: str) -> bytes:
    return ('{"people": [\n' + ",\n".join(people) + "\n]}").encode()


OK1 = '{"name": "Ann", "email": "ann@acme.com"}'
OK2 = '{"name": "Bo", "email": "bo@acme.com"}'


def graph_rows(data: bytes, **kw):
    rows = rows_of(data, "graph-json", **kw)
    return rows, [(r.line, r.where, r.error.field, r.error.detail) for r in rows if r.error]


def test_graph_json_a_huge_string_is_an_item_error():
    rows, errs = graph_rows(doc(OK1, '{"name": "' + "x" * 10_000_000 + '"}', OK2))
    assert errs == [(3, "/people/1", "name", "has 10,000,000 characters; the limit is 10,000")]
    assert [r.people[0].email for r in rows if r.people] == ["ann@acme.com", "bo@acme.com"]


def test_graph_json_a_string_over_the_cell_limit_in_a_small_item():
    rows, errs = graph_rows(doc(OK1, '{"name": "Cy", "title": "' + "t" * (MAX_CELL_CHARS + 1) + '"}', OK2))
    assert errs == [(3, "/people/1", "title", f"has {MAX_CELL_CHARS + 1:,} characters; "
                                              f"the limit is {MAX_CELL_CHARS:,}")]


def test_graph_json_an_item_over_the_row_limit_is_an_item_error():
    big = '{"name": "Cy", "email": "cy@acme.com", "title": "' + "t" * 200 + '"}'
    rows, errs = graph_rows(doc(OK1, big, OK2), limits=ImportLimits(row_chars=150))
    assert errs == [(3, "/people/1", "", f"the item has {len(big):,} characters; the limit is 150")]
    assert len([r for r in rows if r.people]) == 2


@pytest.mark.parametrize("depth", [5_000, 100_000, 2_000_000])
def test_graph_json_a_deeply_nested_value_is_an_item_error(depth):
    nested = '{"name": ' + "[" * depth + "]" * depth + "}"
    started = time.perf_counter()
    rows, errs = graph_rows(doc(OK1, nested, OK2))
    assert time.perf_counter() - started < 5.0
    assert [(line, where) for line, where, _, _ in errs] == [(3, "/people/1")]
    assert "nested more than" in errs[0][3]
    assert [r.people[0].email for r in rows if r.people] == ["ann@acme.com", "bo@acme.com"]


def test_graph_json_skipping_a_deep_value_steps_over_brackets_in_strings():
    nested = '{"name": ' + '{"a": "]]}\\"]", "b": [' * 3_000 + "1" + "]}" * 3_000 + "}"
    rows, errs = graph_rows(doc(OK1, nested, OK2))
    assert [(line, where) for line, where, _, _ in errs] == [(3, "/people/1")]
    assert len([r for r in rows if r.people]) == 2


def test_graph_json_a_deep_value_never_closed_is_invalid_json():
    with pytest.raises(UnreadableFile, match="not valid JSON"):
        rows_of(b'{"people": [{"name": ' + b"[" * 5_000, "graph-json")


def test_graph_json_more_items_than_the_row_limit_refuse_the_file():
    companies = ", ".join(f'{{"name": "C{i}"}}' for i in range(6))
    people = ", ".join(f'{{"name": "P{i}", "email": "p{i}@x.com"}}' for i in range(5))
    data = f'{{"companies": [{companies}], "people": [{people}]}}'.encode()
    with pytest.raises(UnreadableFile, match="more than 10 items; the limit is 10 rows per import"):
        rows_of(data, "graph-json", limits=ImportLimits(file_rows=10))
    assert len(rows_of(data, "graph-json", limits=ImportLimits(file_rows=11))) == 11


def test_graph_json_a_huge_source_refuses_the_file():
    with pytest.raises(UnreadableFile, match='"source" has 20,000 characters'):
        rows_of(b'{"source": "' + b"s" * 20_000 + b'", "people": []}', "graph-json")


# ------------------------------------------------------------------- the report

def test_error_details_and_fields_are_shortened_keeping_both_ends():
    row = error_row(3, "F" * 1_000, "'" + "x" * 60_000 + "' is not an email address")
    assert len(row.error.detail) <= 500 and row.error.detail.endswith("is not an email address")
    assert row.error.detail.startswith("'xxx") and len(row.error.field) <= 200
    assert error_row(3, "Email", "short").error.detail == "short"
