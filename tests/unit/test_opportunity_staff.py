"""The live scan's staff list is padded so Neo4j checks it through a hash set (graph/opportunities.py)."""

from graph.opportunities import _hashed_ids
from graph.paths import IN_HASHED_FROM


def test_short_staff_lists_are_padded_with_an_id_no_person_has():
    staff = [f"p-{i}" for i in range(70)]
    padded = _hashed_ids(staff)
    assert len(padded) == IN_HASHED_FROM
    assert padded[:70] == staff and set(padded[70:]) == {""}  # person ids start with p-


def test_long_staff_lists_are_left_alone():
    staff = [f"p-{i}" for i in range(IN_HASHED_FROM + 5)]
    assert _hashed_ids(staff) == staff
