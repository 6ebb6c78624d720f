from datetime import UTC, datetime, timedelta
from itertools import product

import pytest

from referrals.introductions import (
    CLOSED_STATUSES,
    EARLY_STATUSES,
    FINAL_STATUSES,
    NO_NEXT_STEP,
    OPEN_STATUSES,
    REOPEN_TARGETS,
    IllegalTransition,
    IntroStatus,
    Outcome,
    ReasonRequired,
    UnknownStatus,
    allowed_targets,
    apply_transition,
    can_transition,
    flags_for,
    has_next_step,
    is_reopen,
    missing_next_step,
    reopen,
    replay,
    start,
)

S = IntroStatus
NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)

LEGAL = {
    (S.REQUESTED, S.ASKED),
    (S.REQUESTED, S.WITHDRAWN),
    (S.ASKED, S.ACCEPTED),
    (S.ASKED, S.DECLINED),
    (S.ASKED, S.WITHDRAWN),
    (S.ACCEPTED, S.INTRODUCED),
    (S.ACCEPTED, S.DECLINED),  # the referrer agreed, the prospect said no (double opt-in)
    (S.DECLINED, S.REQUESTED),
    (S.INTRODUCED, S.MEETING_HELD),
    (S.INTRODUCED, S.QUALIFIED_OUT),
    (S.MEETING_HELD, S.MEETING_HELD),
    (S.MEETING_HELD, S.QUALIFIED),
    (S.MEETING_HELD, S.QUALIFIED_OUT),
    (S.QUALIFIED, S.WON),
    (S.QUALIFIED, S.LOST),
    (S.QUALIFIED, S.QUALIFIED_OUT),
    (S.QUALIFIED_OUT, S.INTRODUCED),
}
ALL_PAIRS = list(product(S, S))
ILLEGAL = [p for p in ALL_PAIRS if p not in LEGAL]


def _kwargs(to):
    kw = {"actor": "rep-1", "at": NOW}
    if to is S.QUALIFIED_OUT:
        kw["reason"] = "no budget this year"
    if to is S.INTRODUCED:
        kw["prospect_consent"] = "yes"
    if to is S.MEETING_HELD:
        kw["assignment"] = "share last quarter's churn numbers"
        kw["next_meeting_at"] = NOW + timedelta(days=7)
    return kw


@pytest.mark.parametrize(("src", "dst"), sorted(LEGAL))
def test_every_legal_transition(src, dst):
    t = apply_transition(src, dst, **_kwargs(dst))
    assert (t.from_status, t.to_status) == (src, dst)
    assert t.actor == "rep-1" and t.at == NOW
    assert can_transition(src.value, dst.value)


@pytest.mark.parametrize(("src", "dst"), ILLEGAL)
def test_every_illegal_transition(src, dst):
    with pytest.raises(IllegalTransition) as info:
        apply_transition(src, dst, **_kwargs(dst))
    err = info.value
    assert err.from_status is src and err.to_status is dst
    assert err.allowed == sorted(t.value for t in allowed_targets(src))
    msg = str(err)
    assert src.value in msg and dst.value in msg
    for target in err.allowed:
        assert target in msg
    if not err.allowed:
        assert "final" in msg
    assert not can_transition(src, dst)


def test_matrix_covers_every_pair():
    assert len(LEGAL) + len(ILLEGAL) == len(S) ** 2 == 121


def test_allowed_targets_matches_matrix():
    for s in S:
        assert set(allowed_targets(s)) == {d for (a, d) in LEGAL if a is s}
    assert allowed_targets("requested") == [S.ASKED, S.WITHDRAWN]


def test_final_statuses_have_no_moves():
    for s in FINAL_STATUSES:
        assert allowed_targets(s) == []


def test_status_sets():
    assert EARLY_STATUSES <= OPEN_STATUSES
    assert OPEN_STATUSES.isdisjoint(CLOSED_STATUSES)
    assert set(S) == OPEN_STATUSES | CLOSED_STATUSES


def test_strings_accepted_and_unknown_rejected():
    t = apply_transition(" Requested ", "asked", actor="rep-1", at=NOW)
    assert t.to_status is S.ASKED
    with pytest.raises(UnknownStatus, match="known: requested"):
        apply_transition("requested", "chasing", actor="rep-1", at=NOW)
    with pytest.raises(ValueError):
        allowed_targets("nope")


@pytest.mark.parametrize("src", [S.INTRODUCED, S.MEETING_HELD, S.QUALIFIED])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_qualified_out_requires_reason(src, reason):
    with pytest.raises(ReasonRequired, match="needs a reason"):
        apply_transition(src, S.QUALIFIED_OUT, actor="rep-1", at=NOW, reason=reason)


def test_qualified_out_keeps_reason_and_reason_error_is_illegal_transition():
    t = apply_transition(S.INTRODUCED, "qualified_out", actor="rep-1", at=NOW, reason=" no reply ")
    assert t.reason == "no reply"
    assert issubclass(ReasonRequired, IllegalTransition)


def test_actor_required():
    with pytest.raises(ValueError, match="actor"):
        apply_transition(S.REQUESTED, S.ASKED, actor=" ", at=NOW)


def test_meeting_details_only_on_meeting_held():
    with pytest.raises(ValueError, match="meeting_held"):
        apply_transition(S.REQUESTED, S.ASKED, actor="r", at=NOW, assignment="x")
    with pytest.raises(ValueError, match="meeting_held"):
        apply_transition(S.QUALIFIED, S.WON, actor="r", at=NOW, next_meeting_at=NOW)


# ---------------------------------------------------------------- reopen


def test_reopen_declined_goes_back_to_requested_then_asked():
    t = reopen(S.DECLINED, actor="rep-1", at=NOW, note="new quarter")
    assert (t.from_status, t.to_status) == (S.DECLINED, S.REQUESTED)
    assert t.note == "new quarter"
    assert apply_transition(t.to_status, S.ASKED, actor="rep-1", at=NOW).to_status is S.ASKED


def test_reopen_qualified_out_goes_back_to_introduced():
    t = reopen("qualified_out", actor="rep-1", at=NOW)
    assert t.to_status is S.INTRODUCED
    assert is_reopen(S.QUALIFIED_OUT, S.INTRODUCED)
    assert not is_reopen(S.INTRODUCED, S.MEETING_HELD)


@pytest.mark.parametrize("status", [s for s in S if s not in REOPEN_TARGETS])
def test_reopen_refused_for_other_statuses(status):
    with pytest.raises(IllegalTransition, match="can be reopened"):
        reopen(status, actor="rep-1", at=NOW)


def test_full_history_with_reopen_replays():
    at = NOW
    h = [start("rep-1", at)]

    def step(to, **kw):
        h.append(apply_transition(h[-1].to_status, to, actor="rep-1", at=at, **kw))

    step("asked")
    step("declined", reason="too busy")
    step("requested")
    step("asked")
    step("accepted")
    step("introduced", prospect_consent="yes")
    step("qualified_out", reason="no reply")
    step("introduced")
    step("meeting_held", assignment="send org chart", next_meeting_at=at + timedelta(days=3))
    step("qualified")
    step("won")
    assert replay(h) is S.WON
    assert Outcome.from_history(h) == Outcome(made=True, accepted=True, won=True)


def test_replay_rejects_broken_chains():
    h = [start("r", NOW), apply_transition("requested", "asked", actor="r", at=NOW)]
    with pytest.raises(ValueError, match="history\\[1\\]"):
        replay([h[0], h[0]])
    with pytest.raises(ValueError, match="empty"):
        replay([])
    with pytest.raises(ValueError, match="starts as requested"):
        replay([h[1].__class__(None, S.ASKED, "r", NOW)])
    bad = h[1].__class__(S.ASKED, S.WON, "r", NOW)
    with pytest.raises(IllegalTransition):
        replay([*h, bad])


def test_start_requires_actor():
    with pytest.raises(ValueError):
        start("", NOW)
    assert start("rep", NOW).from_status is None


# ---------------------------------------------------------- next step flag


def _meeting(**kw):
    return apply_transition(S.INTRODUCED, S.MEETING_HELD, actor="rep-1", at=NOW, **kw)


def test_meeting_with_assignment_and_next_meeting_has_next_step():
    t = _meeting(assignment="survey the team", next_meeting_at=NOW + timedelta(days=5))
    assert has_next_step(t)
    assert flags_for(t) == []
    assert t.to_dict()["flags"] == []


@pytest.mark.parametrize(
    ("kw", "missing"),
    [
        ({}, ["assignment", "next_meeting_at"]),
        ({"assignment": "survey"}, ["next_meeting_at"]),
        ({"next_meeting_at": NOW + timedelta(days=5)}, ["assignment"]),
        ({"assignment": "  ", "next_meeting_at": NOW + timedelta(days=5)}, ["assignment"]),
        ({"assignment": "survey", "next_meeting_at": NOW}, ["next_meeting_at"]),
        ({"assignment": "survey", "next_meeting_at": NOW - timedelta(days=1)}, ["next_meeting_at"]),
    ],
)
def test_meeting_without_next_step_is_allowed_but_flagged(kw, missing):
    t = _meeting(**kw)  # not illegal
    assert not has_next_step(t)
    assert missing_next_step(t) == missing
    assert flags_for(t) == [NO_NEXT_STEP]
    assert t.to_dict()["flags"] == [NO_NEXT_STEP]


def test_other_transitions_never_flagged():
    assert flags_for(apply_transition(S.QUALIFIED, S.WON, actor="r", at=NOW)) == []


def test_to_dict():
    t = _meeting(assignment="a", next_meeting_at=NOW + timedelta(days=1), note="good")
    d = t.to_dict()
    assert d["from"] == "introduced" and d["to"] == "meeting_held"
    assert d["at"] == NOW.isoformat()
    assert d["next_meeting_at"] == (NOW + timedelta(days=1)).isoformat()


# ----------------------------------------------------------------- outcome


@pytest.mark.parametrize(
    ("status", "made", "accepted", "won"),
    [
        (S.REQUESTED, False, False, False),
        (S.ASKED, False, False, False),
        (S.ACCEPTED, False, False, False),
        (S.DECLINED, False, False, False),
        (S.WITHDRAWN, False, False, False),
        (S.INTRODUCED, True, False, False),
        (S.QUALIFIED_OUT, True, False, False),
        (S.MEETING_HELD, True, True, False),
        (S.QUALIFIED, True, True, False),
        (S.LOST, True, True, False),
        (S.WON, True, True, True),
    ],
)
def test_outcome_from_status(status, made, accepted, won):
    assert Outcome.from_status(status) == Outcome(made, accepted, won)


def test_outcome_from_history_remembers_meetings_before_qualify_out():
    path = ["requested", "asked", "accepted", "introduced", "meeting_held", "qualified_out"]
    assert Outcome.from_history(path) == Outcome(made=True, accepted=True, won=False)
    assert Outcome.from_status("qualified_out").accepted is False
