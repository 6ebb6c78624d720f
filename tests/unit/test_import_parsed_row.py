"""ParsedRow's written-out __init__ (graph/importers/common.py) keeps the dataclass's
behaviour: fresh containers per row, keywords, equality."""

from __future__ import annotations

from graph.importers.common import ParsedRow, error_row
from graph.importing import _pair
from referrals.model import TieRecord


def test_every_row_gets_its_own_containers():
    one, two = ParsedRow(line=1), ParsedRow(line=2)
    one.ties.append(TieRecord("a", "b", 0.5))
    one.emails["p"] = "p@acme.com"
    one.company_stubs.add("c")
    assert two.ties == [] and two.emails == {} and two.company_stubs == set()
    for name in ("companies", "people", "employments", "ties", "interactions", "external_ids",
                 "account_refs", "emails", "company_stubs", "owners"):
        assert getattr(one, name) is not getattr(two, name), name


def test_keywords_defaults_and_equality_are_the_dataclass_ones():
    row = ParsedRow(line=3, where="/ties/0", skipped="duplicate")
    assert (row.line, row.where, row.skipped, row.error) == (3, "/ties/0", "duplicate", None)
    assert row == ParsedRow(line=3, where="/ties/0", skipped="duplicate")
    assert row != ParsedRow(line=4, where="/ties/0", skipped="duplicate")
    bad = error_row(7, "name", "is required", where="/people/2")
    assert not bad.ok and bad.empty and bad.error.as_dict()["pointer"] == "/people/2"


def test_pair_keys_of_internal_ids_are_distinct_and_ordered():
    keys = {_pair(x, y) for x in range(50) for y in range(50)}
    assert len(keys) == 2500
    assert _pair(1, 2) != _pair(2, 1)
    assert _pair(2**39, 5) != _pair(0, 2**39 + 5)
