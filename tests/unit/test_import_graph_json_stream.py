"""graph-json is read a block at a time: the rows, line numbers and error messages are
those of reading it whole, whatever the block size, and memory does not grow with it."""

from __future__ import annotations

import io
import json
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from graph.importers import UnreadableFile, parse_file
from graph.importers import graph_json as gj
from referrals.model import CompanyRecord, EmploymentRecord, PersonRecord, TieRecord
from seed.generator import generate

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"
TODAY = date(2026, 11, 1)


def rows_of(data: bytes, **kw):
    return list(parse_file(io.BytesIO(data), "graph-json", today=kw.pop("today", TODAY), **kw))


def as_tuples(rows):
    return [(r.line, r.where, r.error, r.companies, r.people, r.employments, r.ties, r.interactions,
             r.external_ids, r.emails) for r in rows]


@pytest.fixture
def tiny_blocks(monkeypatch):
    # every value crosses a block boundary somewhere: numbers, strings, keys, whitespace
    monkeypatch.setattr(gj, "_BLOCK", 7)
    monkeypatch.setattr(gj, "_SPOOL_ITEMS", 3)


def test_tiny_blocks_give_the_same_rows(monkeypatch):
    data = (DATA / "graph.json").read_bytes()
    whole = as_tuples(rows_of(data, today=date(2025, 3, 1)))
    monkeypatch.setattr(gj, "_BLOCK", 7)
    monkeypatch.setattr(gj, "_SPOOL_ITEMS", 3)
    assert as_tuples(rows_of(data, today=date(2025, 3, 1))) == whole
    assert len(whole) > 10


def test_numbers_cut_at_a_block_end_are_read_whole(tiny_blocks):
    doc = b'{"ties":[{"a":"p-1","b":"p-2","strength":0.123456789,"interactions":1234567}]}'
    for pad in range(8):  # move the numbers across every position of a block
        (row,) = rows_of(doc.replace(b"{", b"{" + b" " * pad, 1))
        assert (row.ties[0].strength, row.ties[0].interactions) == (0.123456789, 1234567)


@pytest.mark.parametrize("block", [7, 64, 1 << 20])
def test_syntax_errors_say_where_as_json_loads_does(monkeypatch, block):
    monkeypatch.setattr(gj, "_BLOCK", block)
    with pytest.raises(UnreadableFile, match="Expecting ',' delimiter at line 2, column 18"):
        rows_of((DATA / "bad_json.json").read_bytes())
    for text in [b'{"people": [{"name": "a"},\n {"name": "b"} {"name": "c"}]}',
                 b'{"people": []\n "ties": []}', b'{"people": [] } x', b'{"people": [1,]}',
                 b'{"people": [' + b'{"id": "x"},' * 1000 + b"]", b"{" * 10_000, b'{"a" 1}']:
        with pytest.raises(json.JSONDecodeError) as expected:
            json.loads(text)
        exc = expected.value
        with pytest.raises(UnreadableFile) as got:
            rows_of(text)
        assert f"at line {exc.lineno}, column {exc.colno}." in str(got.value), (text[:40], str(got.value))


def test_nothing_is_yielded_before_the_whole_document_is_checked(tiny_blocks):
    good = b'{"people": [' + b'{"name": "x", "email": "x@y.com"},' * 50
    with pytest.raises(UnreadableFile, match="not valid JSON"):
        parse_file(io.BytesIO(good + b'{"name": }]}'), "graph-json", today=TODAY)


def test_sections_come_in_order_and_a_repeated_section_is_the_last_one(tiny_blocks):
    doc = (b'{"ties": [{"a": "a@x.com", "b": "b@x.com", "strength": 0.5}],\n'
           b'"people": [{"name": "Old", "email": "o@x.com"}],\n'
           b'"people": [{"name": "A", "email": "a@x.com"}, {"name": "B", "email": "b@x.com"}],\n'
           b'"source": "late"}')
    rows = rows_of(doc)
    assert [r.where for r in rows] == ["/people/0", "/people/1", "/ties/0"]
    assert [r.line for r in rows] == [3, 3, 1]
    assert rows[2].ties[0].source == "late"  # the document's source, even after the sections
    assert parse_file(io.BytesIO(doc), "graph-json", today=TODAY).source == "late"
    with pytest.raises(UnreadableFile, match='"people" must be a list'):
        rows_of(b'{"people": [], "people": {"name": "x"}}')
    assert rows_of(b'{"people": {"name": "x"}, "people": []}') == []


def test_written_records_read_back_the_same():
    network = generate(60, seed=3)
    companies, people = list(network.companies()), list(network.people())
    employments, ties = list(network.employments()), list(network.ties())
    out = io.StringIO()
    counts = gj.write_graph_json(out, source="seed", companies=companies, people=people,
                                 employments=employments, ties=ties)
    assert counts == {"companies": len(companies), "people": len(people),
                      "employments": len(employments), "ties": len(ties), "interactions": 0}
    rows = rows_of(out.getvalue().encode(), today=network.today)
    assert [r.error for r in rows if r.error] == []

    def got(kind):
        return [x for r in rows for x in getattr(r, kind)]

    assert got("companies") == companies and got("people") == people
    assert got("employments") == employments and got("ties") == ties
    assert all(isinstance(x, CompanyRecord | PersonRecord | EmploymentRecord | TieRecord)
               for kind in ("companies", "people", "employments", "ties") for x in got(kind))


def _peak_parsing(ties: int) -> int:
    people = [{"id": f"p-{i}", "name": f"P {i}"} for i in range(200)]
    items = ",\n".join(json.dumps({"a": f"p-{i % 200}", "b": f"p-{(i * 7 + 1) % 200}", "strength": 0.5,
                                   "last_interaction": "2024-01-02"}) for i in range(ties))
    data = ('{"people": ' + json.dumps(people) + ',\n"ties": [\n' + items + "]}").encode()
    stream = io.BytesIO(data)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        for _ in parse_file(stream, "graph-json", today=TODAY):
            pass
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_with_the_file(monkeypatch):
    monkeypatch.setattr(gj, "_SPOOL_MEMORY", 64 * 1024)  # the spool on disk, as for a big upload
    monkeypatch.setattr(gj, "_BLOCK", 16 * 1024)  # both files many blocks long
    small, large = _peak_parsing(2_000), _peak_parsing(40_000)  # ~0.2 MB and ~4 MB of JSON
    assert large < 1.5 * small + 512 * 1024, (small, large)
