"""The weekly ask list's ranking (referrals/weekly.py): timing decides between clients,
held asks say why, and the week asks each person and each prospect once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from referrals.ask_timing import TimingSignals, ask_timing
from referrals.weekly import MERGE_FACTOR, AskCandidate, rank_week, weekly_score

TODAY = date(2026, 3, 2)


def candidate(client: str, referrer: str, target: str, score: float, **kw) -> AskCandidate:
    return AskCandidate(client_id=client, client_name=client.title(), referrer_id=referrer,
                        target_id=target, base_score=score, referrer_name=referrer.title(), **kw)


def test_a_renewal_next_month_moves_a_clients_asks_above_another_clients():
    acme = [candidate("acme", "ann", "tara", 0.50), candidate("acme", "amy", "tom", 0.40)]
    bolt = [candidate("bolt", "ben", "tina", 0.55), candidate("bolt", "bea", "ted", 0.45)]
    before = rank_week([*acme, *bolt])
    assert [a.candidate.client_id for a in before.asks] == ["bolt", "acme", "bolt", "acme"]

    renewal = ask_timing(TimingSignals(renewal_on=TODAY + timedelta(days=30)), TODAY)
    assert renewal.multiplier == pytest.approx(1.15)
    acme = [replace(c, timing=renewal) for c in acme]
    after = rank_week([*acme, *bolt])
    assert [a.candidate.referrer_id for a in after.asks] == ["ann", "ben", "amy", "bea"]
    first = after.asks[0]
    assert first.weekly_score == pytest.approx(0.575)
    assert "renews in 30 days" in first.why_now and first.reasons[0].startswith("renews in 30 days")
    assert "No timing signal at Bolt" in after.asks[1].why_now


def test_inside_one_client_timing_changes_no_order():
    asks = [candidate("acme", "ann", "tara", 0.5), candidate("acme", "amy", "tom", 0.4)]
    timing = ask_timing(TimingSignals(satisfaction=0.9, last_win_on=TODAY), TODAY)
    plain = [a.candidate.referrer_id for a in rank_week(asks).asks]
    timed = [a.candidate.referrer_id for a in rank_week([replace(c, timing=timing) for c in asks]).asks]
    assert plain == timed == ["ann", "amy"]


def test_a_client_at_its_quarterly_limit_and_a_resting_person_are_held_with_why():
    full = candidate("acme", "ann", "tara", 0.9, asks_this_quarter=3, max_per_quarter=3)
    resting = candidate("bolt", "ben", "tina", 0.8, decision="cooldown", cooldown_until=date(2026, 3, 20))
    fine = candidate("bolt", "bea", "ted", 0.1)
    plan = rank_week([full, resting, fine])
    assert [a.candidate.referrer_id for a in plan.asks] == ["bea"]
    reasons = [h.reason for h in plan.held]
    assert "Acme was asked 3 times this quarter (the limit is 3)" in reasons[0]
    assert "Ben rests until 2026-03-20" in reasons[1]


def test_one_ask_per_person_and_per_prospect_and_the_clients_room():
    asks = [candidate("acme", "ann", "tara", 0.9), candidate("acme", "ann", "tom", 0.8),
            candidate("bolt", "ben", "tara", 0.7), candidate("acme", "amy", "tim", 0.6),
            candidate("acme", "ada", "tod", 0.5, asks_this_quarter=1)]
    plan = rank_week(asks, per_client=5)
    # Ann once (her best), Tara once (the best client for her); Acme has 2 asks left this quarter
    assert [(a.candidate.referrer_id, a.candidate.target_id) for a in plan.asks] == [
        ("ann", "tara"), ("amy", "tim")]
    assert [a.candidate.target_id for a in rank_week(asks, per_client=1).asks] == ["tara"]


def test_an_ask_joining_a_colleagues_conversation_counts_half_and_says_so():
    merged = candidate("acme", "ann", "tara", 0.8, decision="merge", asked_by="Alex")
    fresh = candidate("bolt", "ben", "tom", 0.5)
    assert weekly_score(merged) == pytest.approx(0.8 * MERGE_FACTOR)
    plan = rank_week([merged, fresh])
    assert [a.candidate.referrer_id for a in plan.asks] == ["ben", "ann"]
    assert any("already asked this week by Alex" in r for r in plan.asks[1].reasons)


def test_goodwill_fit_and_path_are_said():
    row = rank_week([candidate("acme", "ann", "tara", 0.5, balance=1.5, client_fit=0.9,
                               client_health=0.8, target_fit=0.75, via="Val")]).asks[0]
    assert row.reasons == ["happy client (health 80%)", "ideal-fit client (90%)",
                           "3 of 3 asks left this quarter", "we gave them more than we asked (goodwill +1.5)",
                           "ideal-fit prospect (75%)", "knows them through Val"]


def test_the_limit_and_bad_arguments():
    many = [candidate("c", f"r{i}", f"t{i}", 1 - i / 100) for i in range(30)]
    assert len(rank_week(many, limit=3, per_client=30).asks) == 3
    with pytest.raises(ValueError):
        rank_week(many, limit=0)
    with pytest.raises(ValueError):
        rank_week(many, per_client=0)
