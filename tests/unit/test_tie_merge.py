"""referrals/tie_merge.py: two ties to one person recombined into one by a merge."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from referrals.tie_merge import combined_tie
from referrals.tie_strength import TieEvidence, TieStrengthParams, connection_strength, decayed, strength

TODAY = date(2026, 12, 1)


def test_interactions_are_summed_once_and_the_latest_date_wins():
    kept = {"meetings": 2, "emails": 3, "interactions": 5, "sent_by_a": 4, "sent_by_b": 1,
            "first_interaction": date(2024, 1, 5), "last_interaction": date(2026, 6, 1),
            "interaction_keys": ["k1", "k2"], "source": "interactions", "strength": 0.5,
            "strength_on": date(2026, 6, 1)}
    other = {"calls": 1, "emails": 1, "interactions": 2, "sent_by_a": 0, "sent_by_b": 2,
             "first_interaction": date(2023, 2, 1), "last_interaction": date(2026, 11, 20),
             "interaction_keys": ["k3", "k2"], "source": "hubspot", "strength": 0.2,
             "strength_on": date(2026, 11, 20)}
    out = combined_tie(kept, other, flipped=False, today=TODAY)
    assert (out["meetings"], out["calls"], out["emails"], out["interactions"]) == (2, 1, 4, 7)
    assert (out["sent_by_a"], out["sent_by_b"]) == (4, 3)
    assert (out["first_interaction"], out["last_interaction"]) == (date(2023, 2, 1), date(2026, 11, 20))
    assert out["interaction_keys"] == ["k1", "k2", "k3"]  # each fingerprint once
    assert (out["source"], out["sources"]) == ("interactions", ["hubspot", "interactions"])
    # the strength is the summed evidence's, as of the merge day: more than either half's
    evidence = TieEvidence(meetings=2, calls=1, emails=4, sent_by_a=4, sent_by_b=3,
                           last_interaction=date(2026, 11, 20), first_interaction=date(2023, 2, 1))
    assert out["strength"] == strength(evidence, TODAY) > 0.5
    assert (out["strength_on"], out["base_strength"]) == (TODAY, None)


def test_a_tie_stored_the_other_way_round_has_its_initiators_turned_round():
    kept = {"emails": 2, "sent_by_a": 2, "sent_by_b": 0, "last_interaction": date(2026, 11, 1)}
    other = {"emails": 3, "sent_by_a": 3, "sent_by_b": 0, "last_interaction": date(2026, 11, 1)}
    assert (combined_tie(kept, other, flipped=True, today=TODAY)["sent_by_a"],
            combined_tie(kept, other, flipped=True, today=TODAY)["sent_by_b"]) == (2, 3)
    same = combined_tie(kept, other, flipped=False, today=TODAY)
    assert (same["sent_by_a"], same["sent_by_b"]) == (5, 0)
    # balanced both ways is a stronger tie than one-way (reciprocity)
    assert combined_tie(kept, other, flipped=True, today=TODAY)["strength"] > same["strength"]


def test_a_bare_linkedin_connection_and_interactions_keep_the_connection_as_base():
    kept = {"strength": 0.3, "interactions": 0, "source": "linkedin", "last_interaction": date(2025, 3, 1)}
    other = {"emails": 1, "interactions": 1, "sent_by_a": 1, "sent_by_b": 0,
             "last_interaction": date(2020, 1, 1), "first_interaction": date(2020, 1, 1),
             "source": "interactions", "strength": 0.06, "strength_on": date(2020, 1, 1)}
    out = combined_tie(kept, other, flipped=False, today=TODAY)
    connection = connection_strength(date(2025, 3, 1), TODAY)
    assert out["base_strength"] == connection
    assert out["strength"] == connection  # the old email is worth less than the connection
    assert (out["source"], out["sources"]) == ("linkedin", ["interactions", "linkedin"])
    assert out["interactions"] == 1


def test_the_stronger_manual_strength_stands_and_an_undated_one_counts_as_given_today():
    kept = {"manual_strength": 0.9, "manual_strength_on": date(2025, 12, 1), "manual_strength_by": "rita",
            "strength": 0.9, "strength_on": date(2025, 12, 1)}
    other = {"strength": 0.7, "interactions": 12, "source": "seed"}  # a seed's tie: no date, no counts
    out = combined_tie(kept, other, flipped=False, today=TODAY)
    # 0.9 a year ago has decayed below 0.7 given today
    assert decayed(0.9, date(2025, 12, 1), TODAY, 180.0) < 0.7
    assert (out["manual_strength"], out["manual_strength_on"]) == (0.7, TODAY)
    assert out["manual_strength_by"] == "seed"
    assert out["strength"] == 0.7 and out["interactions"] == 12
    fresh = combined_tie({**kept, "manual_strength_on": TODAY}, other, flipped=False, today=TODAY)
    assert (fresh["manual_strength"], fresh["manual_strength_by"], fresh["strength"]) == (0.9, "rita", 0.9)


def test_declared_values_the_later_confirmation_and_hidden_on_either_half():
    early, late = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC)
    kept = {"strength": 0.4, "confirmed_strength": 0.4, "confirmed_by": "a", "confirmed_at": early,
            "confirmed_action": "confirm", "hidden": False}
    other = {"strength": 0.2, "confirmed_strength": 0.8, "confirmed_by": "b", "confirmed_at": late,
             "confirmed_action": "correct", "hidden": True}
    out = combined_tie(kept, other, flipped=False, today=TODAY)
    assert (out["confirmed_strength"], out["confirmed_by"], out["hidden"]) == (0.8, "b", True)
    back = combined_tie(other, kept, flipped=False, today=TODAY)
    assert "confirmed_by" not in back and back["hidden"] is True  # the kept one is the later: unchanged
    plain = combined_tie({"strength": 0.4}, other, flipped=False, today=TODAY)
    assert plain["confirmed_by"] == "b"


def test_no_evidence_at_all_is_a_known_tie_at_the_floor():
    out = combined_tie({}, {}, flipped=False, today=TODAY)
    assert out == {"strength": TieStrengthParams().floor, "strength_on": TODAY, "base_strength": None}


@pytest.mark.parametrize("flipped", [False, True])
def test_combining_is_symmetric_in_the_evidence(flipped):
    a = {"meetings": 1, "sent_by_a": 1, "sent_by_b": 0, "last_interaction": date(2026, 10, 1)}
    b = {"calls": 2, "sent_by_a": 0, "sent_by_b": 2, "last_interaction": date(2026, 9, 1)}
    one = combined_tie(a, b, flipped=flipped, today=TODAY)
    two = combined_tie(b, a, flipped=flipped, today=TODAY)
    assert one["strength"] == two["strength"]
    assert (one["meetings"], one["calls"]) == (two["meetings"], two["calls"]) == (1, 2)
