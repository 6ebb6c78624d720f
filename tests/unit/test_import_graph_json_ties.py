"""graph-json's short way for the usual tie (graph_json._Parser._usual_tie) gives exactly the
rows of the general checks, for every tie shape: the usual ones it takes and the odd ones it
hands on (which keep their line-numbered errors)."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from graph.importers import graph_json as gj
from graph.importers import parse_file

TODAY = date(2026, 11, 1)

PEOPLE = [{"id": "p1", "name": "Ann"}, {"id": "p2", "name": "Bob", "email": "bob@acme.com"},
          {"name": "Cy", "linkedin_url": "https://www.linkedin.com/in/cy"}]
TIES = [
    {"a": "p1", "b": "p2", "strength": 0.5},  # usual
    {"a": "p1", "b": "p2", "strength": 0.5, "interactions": 3, "last_interaction": "2026-01-02"},
    {"a": "p2", "b": "p1", "strength": 0.7, "interactions": 4, "last_interaction": "2026-01-02"},
    {"a": "p1", "b": "p2", "strength": 1, "interactions": None},  # an int strength
    {"a": "p1", "b": "p2", "strength": 0.2, "source": " crm "},  # a source to strip
    {"a": "p1", "b": "p2", "strength": 0.2, "source": ""},
    {"a": "p1", "b": "p2", "strength": 0.2, "source": 7},
    {"a": "p1", "b": "bob@acme.com", "strength": 0.3},  # by email
    {"a": "p1", "b": "https://linkedin.com/in/cy/", "strength": 0.3},
    {"a": "p1", "b": "p-unknown", "strength": 0.3},  # for the writer to check
    {"a": "p1", "b": "p1", "strength": 0.3},
    {"a": "p1", "b": "p2", "strength": 0},
    {"a": "p1", "b": "p2", "strength": 1.5},
    {"a": "p1", "b": "p2", "strength": True},
    {"a": "p1", "b": "p2", "strength": 0.4, "interactions": -1},
    {"a": "p1", "b": "p2", "strength": 0.4, "interactions": 2.0},
    {"a": "p1", "b": "p2", "strength": 0.4, "interactions": True},
    {"a": "p1", "b": "p2", "strength": 0.4, "last_interaction": "2030-01-01"},
    {"a": "p1", "b": "p2", "strength": 0.4, "last_interaction": "2026-01-02"},
    {"a": "p1", "b": "p2", "strength": 0.4, "last_interaction": "yesterday"},
    {"a": "p1", "b": "p2", "strength": 0.4, "last_interaction": 20260102},
    {"a": "p1", "b": "p2", "strength": 0.4, "colour": "red"},
    {"a": ["p1"], "b": "p2", "strength": 0.4},
    {"a": "p1", "strength": 0.4},
    "not an object",
]


def rows(doc: dict) -> list[tuple]:
    data = json.dumps(doc, indent=1).encode()
    return [(r.line, r.where, r.error, r.ties, r.emails)
            for r in parse_file(io.BytesIO(data), "graph-json", today=TODAY)]


def test_the_short_way_gives_the_rows_of_the_general_checks(monkeypatch):
    doc = {"source": "crm", "people": PEOPLE, "ties": TIES}
    quick = rows(doc)
    taken = []
    usual = gj._Parser._usual_tie

    def counting(self, value, out):
        took = usual(self, value, out)
        taken.append(took)
        return took

    monkeypatch.setattr(gj._Parser, "_usual_tie", counting)
    assert rows(doc) == quick
    # the usual shapes do take it (else this test tests nothing); a date's first sight does not
    assert taken[:3] == [True, False, True]
    monkeypatch.setattr(gj._Parser, "_usual_tie", lambda self, value, out: False)
    assert rows(doc) == quick  # the general checks alone: the same records and errors


@pytest.mark.parametrize("tie, field", [
    ({"a": "p1", "b": "p1", "strength": 0.3}, "b"),
    ({"a": "p1", "b": "p2", "strength": 1.5}, "strength"),
    ({"a": "p1", "b": "p2", "strength": 0.4, "interactions": -1}, "interactions"),
    ({"a": "p1", "b": "p2", "strength": 0.4, "last_interaction": "2030-01-01"}, "last_interaction"),
    ({"a": "p1", "b": "p2", "strength": 0.4, "colour": "red"}, "colour"),
])
def test_an_odd_tie_keeps_its_error_and_line(tie, field):
    doc = {"people": PEOPLE[:2], "ties": [{"a": "p1", "b": "p2", "strength": 0.5,
                                           "last_interaction": "2030-01-01"}, tie]}
    found = rows(doc)
    error = found[-1][2]
    assert error is not None and error.field == field and error.where == "/ties/1"
    assert error.line > found[-2][0]
