"""Explanation rules (tier, weakest link, confidence, why a path lost), consent hiding and
the runner-up choice, without a database."""

from __future__ import annotations

import math

import pytest

from referrals.consent import Consent, hidden_people, needs_consent, parse_consent
from referrals.explain import (
    TieEvidence,
    confidence,
    record_evidence,
    strength_tier,
    tie_evidence_score,
    weakest_link,
    why_lost,
)
from referrals.scoring import PersonFacts, score_path
from search.paths import runner_up

CLIENT = dict(company_id="c-acme", company_name="Acme", company_status="client", company_icp=0.9,
              company_health=0.9)


def test_strength_tier_thresholds():
    assert strength_tier(0.334) == "strong"
    assert strength_tier(0.30) == "strong"
    assert strength_tier(0.2999) == "medium"
    assert strength_tier(0.15) == "medium"
    assert strength_tier(0.149) == "weak"
    assert strength_tier(0.0) == "weak"


def test_weakest_link_is_the_lowest_tie_first_on_a_tie():
    assert weakest_link(["r", "a", "b", "t"], [0.9, 0.3, 0.6]) == {"from": "a", "to": "b", "strength": 0.3}
    assert weakest_link(["r", "a", "t"], [0.4, 0.4]) == {"from": "r", "to": "a", "strength": 0.4}
    with pytest.raises(ValueError):
        weakest_link(["r", "t"], [])


def test_tie_and_record_evidence():
    assert tie_evidence_score(None) == 0.0
    assert tie_evidence_score(TieEvidence(0)) == 0.0  # a bare connection
    assert tie_evidence_score(TieEvidence(5)) == pytest.approx(1 - math.exp(-1))
    assert tie_evidence_score(TieEvidence(0, confirmed=True)) == 1.0
    assert record_evidence(PersonFacts("p")) == 0.0
    assert record_evidence(PersonFacts("p", intros_made=3, intros_declined=1)) == pytest.approx(0.5)


def test_confidence_blends_tie_evidence_and_the_referrers_record():
    facts = {"a": PersonFacts("a", intros_made=4, intros_declined=4)}  # record 8 / 12
    c = confidence(["r", "a", "t"], [TieEvidence(0, True), TieEvidence(5)], facts)
    expected = 0.75 * (1 + (1 - math.exp(-1))) / 2 + 0.25 * 8 / 12
    assert c["value"] == pytest.approx(round(expected, 2))
    assert c["level"] == "high" and c["confirmed_ties"] == 1 and c["interactions"] == 5
    weak = confidence(["r", "a", "t"], [None, None], {})
    assert weak == {"value": 0.0, "level": "low", "confirmed_ties": 0, "interactions": 0}
    direct = confidence(["r", "t"], [TieEvidence(0)], {})  # no referrer: the record part is known
    assert direct["value"] == 0.25 and direct["level"] == "low"


def _paths():
    facts = {"good": PersonFacts("good", name="Good Person", **CLIENT),
             "poor": PersonFacts("poor", name="Poor Fit", company_id="c-p", company_status="client",
                                 company_icp=0.2, company_health=0.9)}
    best = score_path(["rep", "good", "t"], [0.6, 0.6], facts)
    worse = score_path(["rep", "poor", "t"], [0.6, 0.6], facts)
    longer = score_path(["rep", "x", "good", "t"], [1.0, 0.6, 0.6], facts)  # same chain, 1 hop more
    return facts, best, worse, longer


def test_why_lost_names_the_factor_it_lost_most_on():
    _facts, best, worse, longer = _paths()
    line = why_lost(worse, best, "rank", winner_rank=1)
    assert line.startswith(f"Scores {worse.score:.2f} against {best.score:.2f} for path #1")
    assert "poorer ICP fit (ICP fit 0.20 against 0.90)" in line
    assert "a longer path (3 hops against 2)" in why_lost(longer, best, "rank", winner_rank=2)
    assert why_lost(worse, best, "diversity", winner_rank=1, referrer_name="Dana") == (
        "Same referrer (Dana) as path #1, which scores higher; one path per referrer is shown.")
    assert "not opted in" in why_lost(worse, best, "consent")
    assert why_lost(best, best, "rank").endswith("a shown path.")  # nothing worse: the scores alone


def test_consent_values_and_who_is_hidden():
    assert parse_consent(None) is Consent.NOT_ASKED  # the default for existing data
    assert parse_consent("Opted_In") is Consent.OPTED_IN
    with pytest.raises(ValueError):
        parse_consent("maybe")
    client = PersonFacts("a", **CLIENT)
    assert needs_consent(client)  # never asked
    assert needs_consent(PersonFacts("a", **CLIENT, company_consent="declined"))
    assert not needs_consent(PersonFacts("a", **CLIENT, company_consent="opted_in"))
    assert not needs_consent(PersonFacts("a", company_status="prospect"))  # non-client people
    assert not needs_consent(PersonFacts("a", **{**CLIENT, "company_status": "partner"}))
    # a former client (flagged once) still needs its consent, whatever its status now
    for status in ("partner", "prospect", "other", None):
        former = {**CLIENT, "company_status": status, "consent_required": True}
        assert needs_consent(PersonFacts("a", **former))
        assert not needs_consent(PersonFacts("a", **former, company_consent="opted_in"))
        assert not needs_consent(PersonFacts("rep", is_rep=True, **former))
    assert not needs_consent(PersonFacts("rep", is_rep=True, **CLIENT))  # our reps
    assert not needs_consent(None)
    assert needs_consent(PersonFacts("a", **CLIENT, company_consent="garbage"))  # unreadable: hide
    facts = {"c1": client, "c2": PersonFacts("c2", **CLIENT, company_consent="opted_in"),
             "tgt": PersonFacts("tgt", **CLIENT), "rep": PersonFacts("rep", is_rep=True)}
    # the source and the target are never hidden, even at a client that has not opted in
    assert hidden_people(["rep", "c1", "c2", "tgt"], facts) == {"c1"}
    assert hidden_people(["tgt", "c1"], facts) == set()


def test_runner_up_rank_diversity_and_consent():
    facts, best, worse, longer = _paths()
    facts = {**facts, "good": PersonFacts("good", name="Good Person", **CLIENT, company_consent="opted_in"),
             "poor": PersonFacts("poor", company_status="prospect")}
    best = score_path(best.nodes, best.strengths, facts)
    worse = score_path(worse.nodes, worse.strengths, facts)
    longer = score_path(longer.nodes, longer.strengths, facts)
    # limit 1: the next one lost on rank, against the last shown path
    r = runner_up([best, worse], [best], facts)
    assert (r.reason, r.path, r.winner, r.winner_rank) == ("rank", worse, best, 1)
    # same referrer as a shown path: diversity
    r = runner_up([best, longer], [best], facts)
    assert (r.reason, r.path, r.winner_rank) == ("diversity", longer, 1)
    # the best shown path is counts-only (its client never asked): it is the one that lost
    hidden_facts = {**facts, "good": PersonFacts("good", **CLIENT)}
    best_h = score_path(best.nodes, best.strengths, hidden_facts)
    worse_h = score_path(worse.nodes, worse.strengths, hidden_facts)
    r = runner_up([best_h, worse_h], [best_h, worse_h], hidden_facts)
    assert (r.reason, r.path, r.winner, r.winner_rank) == ("consent", best_h, worse_h, 2)
    assert runner_up([best], [best], facts) is None
