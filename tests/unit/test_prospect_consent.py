"""Double opt-in: the prospect's yes before names are shared (referrals.introductions)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from referrals.introductions import (
    ConsentAnswer,
    ConsentRequired,
    IllegalTransition,
    IntroStatus,
    apply_transition,
    check_prospect_consent,
    consent_declined_reason,
    record_prospect_consent,
)

S = IntroStatus
NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


def test_introduced_needs_the_prospects_yes():
    with pytest.raises(ConsentRequired, match="double opt-in"):
        apply_transition(S.ACCEPTED, S.INTRODUCED, actor="rep", at=NOW)
    with pytest.raises(ConsentRequired, match="said no"):
        apply_transition(S.ACCEPTED, S.INTRODUCED, actor="rep", at=NOW, prospect_consent="no")
    t = apply_transition(S.ACCEPTED, S.INTRODUCED, actor="rep", at=NOW, prospect_consent=ConsentAnswer.YES)
    assert t.to_status is S.INTRODUCED


def test_consent_required_is_an_illegal_transition_with_the_allowed_moves():
    with pytest.raises(IllegalTransition) as info:
        check_prospect_consent("accepted", "introduced", None)
    assert info.value.allowed == ["declined", "introduced"]


def test_reopening_a_qualified_out_intro_needs_no_new_consent():
    assert apply_transition(S.QUALIFIED_OUT, S.INTRODUCED, actor="rep", at=NOW).to_status is S.INTRODUCED
    check_prospect_consent("meeting_held", "qualified", None)  # other moves are not checked


@pytest.mark.parametrize("status", [S.ASKED, S.ACCEPTED])
def test_consent_is_recorded_while_asked_or_accepted(status):
    c = record_prospect_consent(status, " YES ", channel="Email", at=NOW, recorded_by=" ann ")
    assert c.given and c.channel == "email" and c.recorded_by == "ann"
    assert c.to_dict()["answer"] == "yes" and c.to_dict()["at"] == NOW.isoformat()


@pytest.mark.parametrize("status", [S.REQUESTED, S.INTRODUCED, S.DECLINED, S.WON])
def test_consent_is_refused_outside_asked_and_accepted(status):
    with pytest.raises(IllegalTransition, match="asked or accepted"):
        record_prospect_consent(status, "yes", channel="email", at=NOW, recorded_by="ann")


def test_consent_validation():
    with pytest.raises(ValueError, match="answer"):
        record_prospect_consent("asked", "maybe", channel="email", at=NOW, recorded_by="ann")
    with pytest.raises(ValueError, match="channel"):
        record_prospect_consent("asked", "yes", channel="pigeon", at=NOW, recorded_by="ann")
    with pytest.raises(ValueError, match="recorded_by"):
        record_prospect_consent("asked", "yes", channel="call", at=NOW, recorded_by=" ")


def test_a_no_closes_the_intro_as_declined_with_the_reason():
    c = record_prospect_consent("accepted", "no", channel="call", at=NOW, recorded_by="ann",
                                note="busy with a merger")
    reason = consent_declined_reason(c)
    assert reason == "the prospect said no (call, 2025-03-03): busy with a merger"
    t = apply_transition(S.ACCEPTED, S.DECLINED, actor="ann", at=NOW, reason=reason)
    assert t.to_status is S.DECLINED and t.reason == reason
    assert apply_transition(S.ASKED, S.DECLINED, actor="ann", at=NOW, reason=reason).reason == reason
