"""Tie-strength model: worked examples, monotonicity and bounds."""

from __future__ import annotations

import dataclasses
import math
from datetime import date, timedelta

import pytest

from referrals.model import Channel, InteractionRecord
from referrals.tie_strength import (
    TieEvidence,
    TieStrengthParams,
    connection_strength,
    evidence_from_interactions,
    strength,
)

TODAY = date(2025, 6, 1)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


# --------------------------------------------------------------------------- worked examples


def test_worked_example_regular_two_way_contact():
    # 4 meetings, 2 calls, 6 emails; A started 7, B started 5; last contact 90 days ago.
    # W           = 4*1.0 + 2*0.6 + 6*0.2          = 6.4
    # frequency   = 1 - exp(-6.4 / 3)              = 1 - 0.11844 = 0.88156
    # recency     = 0.5 ** (90 / 180)              = 0.70711
    # balance     = 2 * min(7, 5) / 12             = 0.83333
    # reciprocity = 0.6 + 0.4 * 0.83333            = 0.93333
    # product     = 0.88156 * 0.70711 * 0.93333    = 0.58180
    # strength    = 0.05 + 0.95 * 0.58180          = 0.60271 -> 0.6027
    ev = TieEvidence(meetings=4, calls=2, emails=6, sent_by_a=7, sent_by_b=5, last_interaction=ago(90))
    assert strength(ev, TODAY) == 0.6027


def test_worked_example_one_way_old_emails():
    # 3 emails, all from A, last one 360 days ago (two half-lives).
    # W = 3*0.2 = 0.6; frequency = 1 - exp(-0.2) = 0.18127
    # recency = 0.5 ** 2 = 0.25; reciprocity = one_way = 0.6
    # strength = 0.05 + 0.95 * (0.18127 * 0.25 * 0.6) = 0.05 + 0.95 * 0.027190 = 0.07583
    ev = TieEvidence(emails=3, sent_by_a=3, last_interaction=ago(360))
    assert strength(ev, TODAY) == 0.0758


def test_worked_example_one_meeting_today_both_sides():
    # One meeting today, each side initiated once.
    # frequency = 1 - exp(-1/3) = 0.28347; recency = 1; reciprocity = 1
    # strength = 0.05 + 0.95 * 0.28347 = 0.31929 -> 0.3193
    ev = TieEvidence(meetings=1, sent_by_a=1, sent_by_b=1, last_interaction=TODAY)
    assert strength(ev, TODAY) == 0.3193


def test_no_interactions_is_the_floor():
    assert strength(TieEvidence(), TODAY) == 0.05


def test_rounded_to_four_places():
    ev = TieEvidence(meetings=3, calls=1, sent_by_a=2, sent_by_b=1, last_interaction=ago(17))
    s = strength(ev, TODAY)
    assert s == round(s, 4)


# --------------------------------------------------------------------------- monotonicity


def base(**changes) -> TieEvidence:
    ev = TieEvidence(meetings=2, calls=1, emails=3, sent_by_a=3, sent_by_b=3, last_interaction=ago(30))
    return dataclasses.replace(ev, **changes)


def test_more_meetings_is_stronger():
    values = [strength(base(meetings=n), TODAY) for n in range(0, 8)]
    assert values == sorted(values)
    assert len(set(values)) == len(values)


def test_diminishing_returns():
    gain_first = strength(base(meetings=1), TODAY) - strength(base(meetings=0), TODAY)
    gain_tenth = strength(base(meetings=10), TODAY) - strength(base(meetings=9), TODAY)
    assert gain_first > gain_tenth > 0


def test_older_is_weaker():
    values = [strength(base(last_interaction=ago(d)), TODAY) for d in (0, 30, 180, 365, 1000)]
    assert values == sorted(values, reverse=True)
    assert len(set(values)) == len(values)


def test_half_life_halves_the_part_above_the_floor():
    fresh = strength(base(last_interaction=TODAY), TODAY) - 0.05
    old = strength(base(last_interaction=ago(180)), TODAY) - 0.05
    assert old == pytest.approx(fresh / 2, abs=1e-4)


def test_future_date_counts_as_today():
    assert strength(base(last_interaction=TODAY + timedelta(days=10)), TODAY) == strength(
        base(last_interaction=TODAY), TODAY
    )


def test_reciprocal_beats_one_way():
    two_way = strength(base(sent_by_a=3, sent_by_b=3), TODAY)
    lopsided = strength(base(sent_by_a=5, sent_by_b=1), TODAY)
    one_way = strength(base(sent_by_a=6, sent_by_b=0), TODAY)
    assert two_way > lopsided > one_way
    # direction is symmetric: it does not matter which side initiated
    assert strength(base(sent_by_a=0, sent_by_b=6), TODAY) == one_way


@pytest.mark.parametrize(
    ("stronger", "weaker"),
    [
        ("meetings", "calls"),
        ("calls", "messages"),
        ("messages", "emails"),
        ("meetings", "emails"),
    ],
)
def test_channel_order(stronger, weaker):
    common = {"sent_by_a": 1, "sent_by_b": 1, "last_interaction": ago(10)}
    s1 = strength(TieEvidence(**{stronger: 2}, **common), TODAY)
    s2 = strength(TieEvidence(**{weaker: 2}, **common), TODAY)
    assert s1 > s2


def test_unknown_date_and_direction_use_neutral_values():
    ev = TieEvidence(meetings=3)
    # frequency = 1 - exp(-1) = 0.63212; recency 0.5; reciprocity 0.8
    # 0.05 + 0.95 * 0.63212 * 0.5 * 0.8 = 0.29021
    assert strength(ev, TODAY) == 0.2902


# --------------------------------------------------------------------------- bounds


@pytest.mark.parametrize("meetings", [0, 1, 10, 1000, 10**6])
@pytest.mark.parametrize("days", [0, 1, 365, 10_000, 100_000])
@pytest.mark.parametrize(("by_a", "by_b"), [(0, 0), (1, 0), (5, 5), (0, 7)])
def test_always_in_zero_one(meetings, days, by_a, by_b):
    ev = TieEvidence(meetings=meetings, sent_by_a=by_a, sent_by_b=by_b, last_interaction=ago(days))
    s = strength(ev, TODAY)
    assert 0 < s <= 1
    assert s >= 0.05


def test_custom_params_floor():
    params = TieStrengthParams(floor=0.1)
    assert strength(TieEvidence(), TODAY, params) == 0.1


@pytest.mark.parametrize(
    "bad",
    [
        {"floor": 0.0},
        {"floor": 1.0},
        {"half_life_days": 0},
        {"saturation": -1},
        {"email_weight": -0.1},
        {"one_way": 1.5},
        {"connection_base": 0.01},
    ],
)
def test_params_are_validated(bad):
    with pytest.raises(ValueError):
        TieStrengthParams(**bad)


def test_negative_counts_rejected():
    with pytest.raises(ValueError):
        TieEvidence(meetings=-1)


# --------------------------------------------------------------------------- from a log


def test_evidence_from_interactions_keeps_only_the_pair_both_ways():
    log = [
        InteractionRecord("a", "b", Channel.MEETING, date(2024, 1, 10)),
        InteractionRecord("b", "a", Channel.EMAIL, date(2024, 3, 5)),
        InteractionRecord("a", "b", Channel.CALL, date(2023, 11, 1)),
        InteractionRecord("a", "b", Channel.MESSAGE, date(2024, 2, 1)),
        InteractionRecord("a", "c", Channel.MEETING, date(2025, 1, 1)),  # other pair
        InteractionRecord("c", "b", Channel.MEETING, date(2025, 1, 1)),  # other pair
    ]
    ev = evidence_from_interactions("a", "b", log)
    assert ev == TieEvidence(
        meetings=1,
        calls=1,
        messages=1,
        emails=1,
        sent_by_a=3,
        sent_by_b=1,
        last_interaction=date(2024, 3, 5),
        first_interaction=date(2023, 11, 1),
    )
    assert ev.total == 4
    assert ev.count(Channel.CALL) == 1
    # swapping the pair swaps the initiators only
    rev = evidence_from_interactions("b", "a", log)
    assert (rev.sent_by_a, rev.sent_by_b) == (1, 3)
    assert strength(rev, TODAY) == strength(ev, TODAY)


def test_evidence_from_interactions_accepts_channel_strings_and_generators():
    log = (InteractionRecord("a", "b", "meeting", date(2024, 1, 1)) for _ in range(2))
    ev = evidence_from_interactions("a", "b", log)
    assert ev.meetings == 2


def test_evidence_from_no_interactions_is_empty():
    ev = evidence_from_interactions("a", "b", [])
    assert ev == TieEvidence()
    assert strength(ev, TODAY) == 0.05


def test_evidence_needs_two_people():
    with pytest.raises(ValueError):
        evidence_from_interactions("a", "a", [])


# --------------------------------------------------------------------------- bare connections


def test_connection_strength_worked_examples():
    # made today: the base, 0.3
    assert connection_strength(TODAY, TODAY) == 0.3
    # 10 years (3650 days) old: 0.05 + 0.25 * 0.5 = 0.175
    assert connection_strength(ago(3650), TODAY) == 0.175
    # unknown date: treated as one half-life old
    assert connection_strength(None, TODAY) == 0.175
    # 5 years: 0.05 + 0.25 * 0.5 ** 0.5 = 0.22678
    assert connection_strength(ago(1825), TODAY) == 0.2268


def test_connection_strength_decays_slowly_and_never_below_floor():
    values = [connection_strength(ago(d), TODAY) for d in (0, 365, 3650, 36500, 365000)]
    assert values == sorted(values, reverse=True)
    assert values[1] > 0.28  # one year costs little
    assert all(0.05 <= v <= 0.3 for v in values)
    assert math.isclose(values[-1], 0.05)


def test_connection_is_weaker_than_a_real_working_relationship():
    ev = TieEvidence(meetings=5, calls=3, sent_by_a=4, sent_by_b=4, last_interaction=ago(20))
    assert strength(ev, TODAY) > connection_strength(ago(30), TODAY)
