"""Tie strength as of a day (issue #17): the decay of a stored strength, the combination
of evidence, and the recomputation a write makes. Pure: no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.tie_reads import recomputed, strength_now
from referrals.tie_strength import (
    StoredTie,
    TieEvidence,
    TieStrengthParams,
    combined_strength,
    connection_strength,
    decayed,
    stored_strength_as_of,
    strength,
)

D0 = date(2026, 1, 1)
P = TieStrengthParams()


def test_decay_worked_example():
    # docs/ranking.md "Tie strength over time": 0.8 computed on 1 Jan, 180 days later
    # the part above the floor (0.75) has halved: 0.05 + 0.375 = 0.425; a year: 0.2375
    assert decayed(0.8, D0, D0 + timedelta(days=180), 180) == 0.425
    assert decayed(0.8, D0, D0 + timedelta(days=360), 180) == 0.2375


def test_no_decay_on_or_before_the_day_it_was_computed_or_without_a_date():
    assert decayed(0.8, D0, D0, 180) == 0.8
    assert decayed(0.8, D0, D0 - timedelta(days=30), 180) == 0.8  # a stored strength is an upper bound
    assert decayed(0.8, None, D0 + timedelta(days=999), 180) == 0.8


def test_decay_never_goes_below_the_floor():
    assert decayed(0.05, D0, D0 + timedelta(days=5000), 180) == 0.05
    assert decayed(0.9, D0, D0 + timedelta(days=100_000), 180) == 0.05


def test_decay_validates_the_half_life():
    with pytest.raises(ValueError):
        decayed(0.5, D0, D0 + timedelta(days=1), 0)


@given(meetings=st.integers(0, 30), calls=st.integers(0, 30), by_a=st.integers(0, 20),
       by_b=st.integers(0, 20), age=st.integers(0, 2000), later=st.integers(0, 3000))
def test_decaying_a_stored_strength_equals_computing_it_later(meetings, calls, by_a, by_b, age, later):
    # the design holds: recency is a multiplicative factor, so computing on day d0 and
    # decaying to d gives what computing on d gives (up to the 4-place rounding)
    evidence = TieEvidence(meetings=meetings, calls=calls, sent_by_a=by_a, sent_by_b=by_b,
                           last_interaction=D0 - timedelta(days=age))
    stored = strength(evidence, D0)
    day = D0 + timedelta(days=later)
    assert decayed(stored, D0, day, P.half_life_days) == pytest.approx(strength(evidence, day), abs=2e-4)


@given(later=st.integers(0, 20_000))
def test_a_bare_connection_decays_by_its_own_half_life(later):
    made = D0 - timedelta(days=400)
    stored = connection_strength(made, D0)
    day = D0 + timedelta(days=later)
    tie = StoredTie(strength=stored, strength_on=D0, base_strength=stored)
    assert stored_strength_as_of(tie, day) == pytest.approx(connection_strength(made, day), abs=2e-4)
    # an undated bare LinkedIn tie is read off its connection day
    bare = StoredTie(strength=stored, bare_connection_on=made)
    assert stored_strength_as_of(bare, day) == pytest.approx(connection_strength(made, day), abs=1e-4)


def test_combined_strength_is_the_largest_part_and_each_part_decays_on_its_own():
    assert combined_strength(0.4, None, 0.3) == 0.4
    assert combined_strength(None, None) is None
    # interaction part 0.6 and a connection part 0.3, both as of D0: two years on the fast
    # part is near the floor and the slow one still holds the tie up
    tie = StoredTie(strength=0.6, strength_on=D0, base_strength=0.3)
    two_years = D0 + timedelta(days=730)
    assert stored_strength_as_of(tie, two_years) == decayed(0.3, D0, two_years, P.connection_half_life_days)
    month = D0 + timedelta(days=30)
    assert stored_strength_as_of(tie, month) == decayed(0.6, D0, month, 180)


def test_a_confirmed_strength_does_not_decay():
    tie = StoredTie(strength=0.8, strength_on=D0, confirmed_strength=0.7)
    assert stored_strength_as_of(tie, D0 + timedelta(days=3000)) == 0.7


def test_the_half_life_is_a_parameter():
    tie = StoredTie(strength=0.8, strength_on=D0)
    day = D0 + timedelta(days=90)
    assert stored_strength_as_of(tie, day, TieStrengthParams(half_life_days=90)) == 0.425


# ---- recomputation on a write -----------------------------------------------------------

def _props(**kw):
    return {k: v for k, v in kw.items() if v is not None}


def test_an_import_recomputes_from_the_evidence_instead_of_keeping_the_larger():
    # computed 0.6 a year ago; no new interaction since: the import says it is weaker now
    old = {"meetings": 4, "sent_by_a": 2, "sent_by_b": 2, "last_interaction": D0,
           "strength": 0.6, "strength_on": D0}
    today = D0 + timedelta(days=365)
    out = recomputed(old, old, today)
    ev = TieEvidence(meetings=4, sent_by_a=2, sent_by_b=2, last_interaction=D0)
    assert out["strength"] == strength(ev, today) < 0.6
    assert out["strength_on"] == today and out["base_strength"] is None
    # a new meeting today raises it again
    new = {**old, "meetings": 5, "sent_by_a": 3, "last_interaction": today}
    assert recomputed(old, new, today)["strength"] > out["strength"]


def test_a_manual_strength_is_its_own_evidence_and_decays():
    before = {"meetings": 1, "sent_by_a": 1, "last_interaction": D0 - timedelta(days=900),
              "strength": 0.1, "strength_on": D0}
    after = {**before, "manual_strength": 0.9, "manual_strength_on": D0, "manual_strength_by": "Riley"}
    out = recomputed(before, after, D0)
    assert out["strength"] == 0.9
    stored = {**after, **out}
    assert strength_now(stored, D0 + timedelta(days=180)) == 0.475
    # a later import keeps the manual evidence, decayed, and takes the larger part
    later = D0 + timedelta(days=180)
    assert recomputed(stored, stored, later)["strength"] == 0.475


def test_an_undated_given_strength_becomes_manual_evidence_on_the_first_recomputation():
    given_tie = {"strength": 0.7, "source": "import", "interactions": 12}
    after = {**given_tie, "emails": 1, "sent_by_a": 1, "last_interaction": D0}
    out = recomputed(given_tie, after, D0)
    assert out["manual_strength"] == 0.7 and out["manual_strength_on"] == D0
    assert out["manual_strength_by"] == "import" and out["strength"] == 0.7


def test_a_bare_linkedin_tie_keeps_its_connection_part_when_interactions_arrive():
    made = D0 - timedelta(days=365)
    bare = {"strength": connection_strength(made, D0 - timedelta(days=10)), "source": "linkedin",
            "interactions": 0, "last_interaction": made}
    after = {**bare, "emails": 1, "sent_by_b": 1, "interactions": 1,
             "last_interaction": D0 - timedelta(days=700)}
    out = recomputed(bare, after, D0)
    assert out["base_strength"] == connection_strength(made, D0)
    assert out["strength"] == max(out["base_strength"], strength(
        TieEvidence(emails=1, sent_by_b=1, last_interaction=D0 - timedelta(days=700)), D0))


def test_strength_now_reads_neo4j_style_props():
    props = _props(strength=0.8, strength_on=D0, confirmed_strength=None)
    assert strength_now(props, D0 + timedelta(days=180)) == 0.425
    assert strength_now({"strength": 0.8}, D0 + timedelta(days=180)) == 0.8  # undated: as stored
