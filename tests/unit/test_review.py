from datetime import UTC, datetime, timedelta

import pytest

from referrals.introductions import can_transition
from referrals.review import (
    EARLY_GROUP_QUESTION,
    NO_NEXT_STEP,
    ONE_WAY,
    STALE,
    ReviewItem,
    build_review,
    describe_elapsed,
)

NOW = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)
SIX_WEEKS = timedelta(weeks=6)


def item(id, status="introduced", ago=timedelta(days=1), **kw):
    return ReviewItem(id=id, status=status, last_transition_at=NOW - ago, **kw)


def ids(flags):
    return [f.item_id for f in flags]


# ----------------------------------------------------------------- staleness


def test_exactly_six_weeks_is_stale():
    r = build_review([item("a", ago=SIX_WEEKS)], NOW)
    assert ids(r.stale) == ["a"]


def test_just_under_six_weeks_is_not_stale():
    r = build_review([item("a", ago=SIX_WEEKS - timedelta(seconds=1))], NOW)
    assert r.stale == []


def test_stale_flag_carries_question_and_qualify_out_offer():
    r = build_review(
        [item("a", status="meeting_held", ago=timedelta(weeks=7), assignment="x", next_meeting_at=NOW)], NOW
    )
    (flag,) = r.stale
    assert flag.kind == STALE
    assert flag.question == (
        "It's been 7 weeks since we spoke about this — is it still a priority, or should we close it for now?"
    )
    assert flag.offer.from_status == "meeting_held"
    assert flag.offer.to_status == "qualified_out"
    assert flag.offer.suggested_reason  # pre-fills the required reason
    assert can_transition(flag.offer.from_status, flag.offer.to_status)
    assert "7 weeks" in flag.detail


def test_stale_after_is_configurable():
    items = [item("a", ago=timedelta(days=20)), item("b", ago=timedelta(days=30))]
    r = build_review(items, NOW, stale_after=timedelta(days=21))
    assert ids(r.stale) == ["b"]


def test_stale_sorted_longest_idle_first():
    items = [item("a", ago=timedelta(weeks=7)), item("b", ago=timedelta(weeks=20))]
    assert ids(build_review(items, NOW).stale) == ["b", "a"]


@pytest.mark.parametrize("status", ["won", "lost", "qualified_out", "declined", "withdrawn"])
def test_closed_items_never_flagged(status):
    r = build_review([item("a", status=status, ago=timedelta(weeks=52), outbound_touches=40)], NOW)
    assert r.flags == [] and r.closed_count == 1 and r.early_interest.count == 0


# ------------------------------------------------------------------ one-way


def test_exactly_eight_touches_no_reply_is_one_way():
    r = build_review([item("a", outbound_touches=8, replies=0)], NOW)
    (flag,) = r.one_way
    assert flag.kind == ONE_WAY
    assert "8 times" in flag.question and "close it for now" in flag.question
    assert flag.offer.to_status == "qualified_out"
    assert "8 touches" in flag.offer.suggested_reason


def test_seven_touches_is_not_one_way():
    assert build_review([item("a", outbound_touches=7)], NOW).one_way == []


def test_a_reply_clears_one_way():
    assert build_review([item("a", outbound_touches=42, replies=1)], NOW).one_way == []


def test_one_way_threshold_configurable_and_sorted():
    items = [item("a", outbound_touches=3), item("b", outbound_touches=5), item("c", outbound_touches=2)]
    r = build_review(items, NOW, one_way_touches=3)
    assert ids(r.one_way) == ["b", "a"]


def test_item_can_be_stale_and_one_way():
    r = build_review([item("a", ago=timedelta(weeks=10), outbound_touches=35)], NOW)
    assert ids(r.stale) == ["a"] and ids(r.one_way) == ["a"]
    assert len(r.flags) == 2


# ------------------------------------------------------------ early interest


def test_early_items_are_one_group_never_chased():
    items = [
        item("r", status="requested", ago=timedelta(weeks=30), outbound_touches=20),
        item("a", status="asked", ago=timedelta(weeks=10)),
        item("c", status="accepted"),
        item("i", status="Interested", ago=timedelta(weeks=9), outbound_touches=9),
        item("x", status="introduced"),
    ]
    r = build_review(items, NOW)
    ei = r.early_interest
    assert ei.count == 4
    assert ei.item_ids == ["a", "c", "i", "r"]
    assert ei.by_status == {"requested": 1, "asked": 1, "accepted": 1, "interested": 1}
    assert ei.question == EARLY_GROUP_QUESTION
    assert r.flags == []  # none of them on a chase list
    assert r.active_count == 1


# ------------------------------------------------------------- no next step


def test_meeting_without_assignment_or_next_meeting_flagged():
    items = [
        item("none", status="meeting_held"),
        item("no-assign", status="meeting_held", next_meeting_at=NOW + timedelta(days=3)),
        item("no-meet", status="meeting_held", assignment="send data"),
        item("ok", status="meeting_held", assignment="send data", next_meeting_at=NOW + timedelta(days=3)),
        item("other", status="qualified"),
    ]
    r = build_review(items, NOW)
    assert ids(r.no_next_step) == ["no-assign", "no-meet", "none"]
    by_id = {f.item_id: f for f in r.no_next_step}
    assert (
        by_id["none"].detail
        == "meeting held with no assignment for the buyer and no next meeting on the calendar"
    )
    assert by_id["no-meet"].detail == "meeting held with no next meeting on the calendar"
    f = by_id["none"]
    assert f.kind == NO_NEXT_STEP
    assert "calendar" in f.question
    assert f.offer.to_status == "qualified_out"


# ------------------------------------------------------------------- misc


def test_mappings_accepted_and_to_dict():
    r = build_review(
        [
            {
                "id": "a",
                "status": "introduced",
                "last_transition_at": NOW - timedelta(weeks=8),
                "outbound_touches": 9,
                "replies": 0,
                "title": "Acme",
                "extra": "ignored",
            }
        ],
        NOW,
    )
    d = r.to_dict()
    assert d["stale"][0]["item_id"] == "a"
    assert d["stale"][0]["offer"]["to"] == "qualified_out"
    assert d["one_way"][0]["title"] == "Acme"
    assert d["early_interest"]["count"] == 0
    assert d["generated_at"] == NOW.isoformat()


def test_empty_pipeline():
    r = build_review([], NOW)
    assert r.flags == [] and r.early_interest.count == 0


def test_bad_settings_rejected():
    with pytest.raises(ValueError):
        build_review([], NOW, stale_after=timedelta(0))
    with pytest.raises(ValueError):
        build_review([], NOW, one_way_touches=0)


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(hours=3), "less than a day"),
        (timedelta(days=1), "1 day"),
        (timedelta(days=5), "5 days"),
        (timedelta(days=7), "1 week"),
        (timedelta(days=10), "10 days"),
        (timedelta(weeks=6), "6 weeks"),
        (timedelta(days=48), "6 weeks"),
    ],
)
def test_describe_elapsed(delta, text):
    assert describe_elapsed(delta) == text
