"""Path scoring model: worked example, each term's direction, bounds, diversity."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import replace

import pytest

from referrals.model import CompanyStatus
from referrals.scoring import (
    PersonFacts,
    ScoredPath,
    ScoringWeights,
    ask_fatigue,
    edge_cost,
    referrer_track_record,
    rerank,
    score_path,
)

REP = PersonFacts(id="rep", name="Riley Rep", title="AE", is_rep=True)
DANA = PersonFacts(
    id="dana",
    name="Dana Lee",
    title="CFO",
    company_id="acme",
    company_name="Acme",
    company_status="client",
    company_icp=0.9,
    company_health=0.9,
    pagerank=0.8,
    betweenness=0.7,
    intros_made=3,
    intros_accepted=2,
    intros_won=2,
    asks_90d=1,
)
SAM = PersonFacts(
    id="sam",
    name="Sam Park",
    title="VP Sales",
    company_id="globex",
    company_name="Globex",
    company_status="prospect",
    company_icp=0.8,
)
ALEX = PersonFacts(id="alex", name="Alex Kim", pagerank=0.2, betweenness=0.1)

FACTS = {f.id: f for f in (REP, DANA, SAM, ALEX)}

FACTOR_TERMS = ("chain_factor", "referrer_quality", "centrality_factor", "target_factor", "length")
REQUIRED_TERMS = (
    "tie_strength",
    "referrer_quality",
    "referrer_icp_fit",
    "referrer_health",
    "referrer_track_record",
    "ask_fatigue",
    "connector_centrality",
    "target_value",
    "length",
)


def two_hop(referrer: PersonFacts, s1: float = 0.6, s2: float = 0.8, target=SAM) -> ScoredPath:
    facts = {**FACTS, referrer.id: referrer, target.id: target}
    return score_path(["rep", referrer.id, target.id], [s1, s2], facts)


# --------------------------------------------------------------------------- worked example


def test_worked_example_two_hops():
    # rep -(0.6)- Dana -(0.82)- Sam, default weights.
    # tie_strength      = 0.6 * 0.82                  = 0.492
    # chain_factor      = 0.492 ** 0.5                = 0.70143
    # icp mix           = 1 - 0.5 + 0.5 * 0.9         = 0.95
    # health mix        = 1 - 0.4 + 0.4 * 0.9         = 0.96
    # track record      = (0.6*2 + 0.4*2 + 2*0.5)/(3+2) = 3/5 = 0.6
    # track mix         = 1 - 0.5 + 0.5 * 0.6         = 0.8
    # ask fatigue       = 1 / (1 + (1/3)**2)          = 0.9
    # referrer_quality  = 0.95 * 0.96 * 0.8 * 0.9     = 0.65664
    # centrality        = 0.6 * 0.7 + 0.4 * 0.8       = 0.74
    # centrality_factor = 1 - 0.2 + 0.2 * 0.74        = 0.948
    # target_factor     = 1 - 0.5 + 0.5 * 0.8         = 0.9
    # length            = 0.85 ** (2 - 1)             = 0.85
    # score = 0.70143 * 0.65664 * 0.948 * 0.9 * 0.85  = 0.33401 -> 0.334
    p = score_path(["rep", "dana", "sam"], [0.6, 0.82], FACTS)
    assert p.terms["tie_strength"] == 0.492
    assert p.terms["chain_factor"] == pytest.approx(0.7014, abs=1e-4)
    assert p.terms["referrer_track_record"] == 0.6
    assert p.terms["ask_fatigue"] == 0.9
    assert p.terms["referrer_quality"] == pytest.approx(0.6566, abs=1e-4)
    assert p.terms["connector_centrality"] == 0.74
    assert p.terms["centrality_factor"] == 0.948
    assert p.terms["target_factor"] == 0.9
    assert p.terms["length"] == 0.85
    assert p.score == 0.334
    assert p.roles == ["source", "referrer", "target"]
    assert p.nodes == ("rep", "dana", "sam")
    assert p.strengths == (0.6, 0.82)
    assert p.referrer == "dana"
    assert p.hops == 2


def test_score_is_the_product_of_the_factor_terms():
    p = score_path(["rep", "alex", "dana", "sam"], [0.7, 0.5, 0.9], FACTS)
    product = math.prod(p.terms[k] for k in FACTOR_TERMS)
    assert p.score == pytest.approx(product, abs=1e-3)


def test_all_required_terms_present():
    for nodes, strengths in (
        (["rep", "sam"], [0.5]),
        (["rep", "dana", "sam"], [0.5, 0.5]),
        (["rep", "alex", "dana", "sam"], [0.5, 0.5, 0.5]),
    ):
        p = score_path(nodes, strengths, FACTS)
        for key in REQUIRED_TERMS:
            assert key in p.terms
            assert isinstance(p.terms[key], float)


# --------------------------------------------------------------------------- directions


def test_stronger_chain_wins():
    assert two_hop(DANA, 0.9, 0.9).score > two_hop(DANA, 0.5, 0.9).score > two_hop(DANA, 0.5, 0.3).score


def test_ideal_client_referrer_beats_poor_client_referrer():
    poor = replace(DANA, company_icp=0.2, company_health=0.3)
    assert two_hop(DANA).score > two_hop(poor).score
    assert two_hop(DANA).terms["referrer_quality"] > two_hop(poor).terms["referrer_quality"]


def test_higher_icp_alone_and_health_alone_raise_the_score():
    low_icp = replace(DANA, company_icp=0.3)
    low_health = replace(DANA, company_health=0.3)
    assert two_hop(DANA).score > two_hop(low_icp).score
    assert two_hop(DANA).score > two_hop(low_health).score


def test_client_beats_non_client_with_the_same_fit():
    for status in ("prospect", "other", None):
        other = replace(DANA, company_status=status)
        assert two_hop(DANA).score > two_hop(other).score
        assert two_hop(other).terms["referrer_health"] == 0.3  # neutral-low


def test_fatigue_lowers():
    scores = [two_hop(replace(DANA, asks_90d=n)).score for n in (0, 1, 3, 6, 12)]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) == len(scores)


def test_fatigue_curve():
    assert ask_fatigue(0) == 1.0
    assert ask_fatigue(3) == 0.5  # at the threshold
    assert ask_fatigue(6) == pytest.approx(0.2)  # 1 / (1 + 2**2)
    assert ask_fatigue(None) == 1.0


def test_track_record_raises_and_failures_lower():
    newcomer = replace(DANA, intros_made=0, intros_accepted=0, intros_won=0)
    proven = replace(DANA, intros_made=5, intros_accepted=5, intros_won=4)
    failing = replace(DANA, intros_made=5, intros_accepted=0, intros_won=0)
    assert referrer_track_record(newcomer) == 0.5  # the prior: neutral
    assert two_hop(proven).score > two_hop(newcomer).score > two_hop(failing).score


def test_track_record_worked_values():
    # proven: (0.6*5 + 0.4*4 + 2*0.5) / (5 + 2) = 5.6 / 7 = 0.8
    assert referrer_track_record(
        PersonFacts("x", intros_made=5, intros_accepted=5, intros_won=4)
    ) == pytest.approx(0.8)
    # failing: (0 + 1) / 7
    assert referrer_track_record(PersonFacts("x", intros_made=5)) == pytest.approx(1 / 7)
    # inconsistent counts are repaired: won <= accepted <= made
    assert referrer_track_record(PersonFacts("x", intros_won=2)) == pytest.approx((0.6 * 2 + 0.4 * 2 + 1) / 4)


def test_more_hops_lowers():
    two = score_path(["rep", "dana", "sam"], [0.8, 0.8], FACTS)
    three = score_path(["rep", "alex", "dana", "sam"], [0.8, 0.8, 0.8], FACTS)
    alex_central = {**FACTS, "alex": replace(ALEX, pagerank=1.0, betweenness=1.0)}
    three_best = score_path(["rep", "alex", "dana", "sam"], [1.0, 0.8, 0.8], alex_central)
    assert two.score > three.score
    assert two.score > three_best.score  # even a perfect, central extra hop costs
    assert three.terms["length"] == pytest.approx(0.85**2, abs=1e-4)


def test_central_connector_raises():
    hub = {**FACTS, "alex": replace(ALEX, pagerank=0.95, betweenness=0.95)}
    nobody = {**FACTS, "alex": replace(ALEX, pagerank=0.05, betweenness=0.05)}
    path = (["rep", "alex", "dana", "sam"], [0.7, 0.7, 0.7])
    assert score_path(*path, hub).score > score_path(*path, nobody).score


def test_target_value_raises():
    good = two_hop(DANA, target=replace(SAM, company_icp=0.95))
    poor = two_hop(DANA, target=replace(SAM, company_icp=0.1))
    assert good.score > poor.score
    assert good.terms["target_value"] == 0.95


# --------------------------------------------------------------------------- bounds and defaults


@pytest.mark.parametrize("s", [1e-9, 0.01, 0.3, 0.99, 1.0])
@pytest.mark.parametrize("icp", [None, 0.0, 1.0])
@pytest.mark.parametrize("asks", [0, 100])
def test_score_in_zero_one(s, icp, asks):
    ref = replace(DANA, company_icp=icp, asks_90d=asks)
    p = two_hop(ref, s, s)
    assert 0.0 <= p.score <= 1.0
    for key in FACTOR_TERMS:
        assert 0.0 <= p.terms[key] <= 1.0


def test_best_possible_path_scores_one_with_zero_weights():
    w = ScoringWeights(
        icp_weight=0,
        health_weight=0,
        track_record_weight=0,
        centrality_weight=0,
        target_icp_weight=0,
    )
    p = score_path(["rep", "dana", "sam"], [1.0, 1.0], {**FACTS, "dana": replace(DANA, asks_90d=0)}, w)
    assert p.score == pytest.approx(0.85)  # only the length penalty of the second hop


def test_out_of_range_inputs_are_clamped():
    weird = replace(DANA, company_icp=7.0, company_health=-3.0, pagerank=float("nan"), asks_90d=-4)
    p = score_path(["rep", "dana", "sam"], [1.7, -0.2], {**FACTS, "dana": weird})
    assert 0.0 <= p.score <= 1.0
    assert p.terms["referrer_icp_fit"] == 1.0
    assert p.terms["referrer_health"] == 0.0
    assert p.terms["ask_fatigue"] == 1.0


def test_missing_facts_use_neutral_defaults():
    p = score_path(["u1", "u2", "u3"], [0.5, 0.5], {})
    assert 0.0 < p.score <= 1.0
    assert p.terms["referrer_icp_fit"] == 0.5
    assert p.terms["referrer_health"] == 0.3  # unknown company: neutral-low
    assert p.terms["referrer_track_record"] == 0.5
    assert p.terms["ask_fatigue"] == 1.0
    assert p.terms["connector_centrality"] == 0.5
    assert p.terms["target_value"] == 0.5
    assert "u2" in p.summary


def test_partial_facts_do_not_crash():
    bare = {"dana": PersonFacts(id="dana", name="Dana Lee", company_status="client")}
    p = score_path(["rep", "dana", "sam"], [0.5, 0.5], bare)
    assert p.terms["referrer_health"] == 0.5  # client with unknown health
    assert "Dana Lee" in p.summary


def test_company_status_enum_accepted():
    as_enum = replace(DANA, company_status=CompanyStatus.CLIENT)
    assert two_hop(as_enum).score == two_hop(DANA).score
    assert replace(DANA, company_status="CLIENT ").status == "client"
    assert replace(DANA, company_status="weird").status == "other"


def test_teammate_referrer():
    mate = PersonFacts(id="mate", name="Max Mate", title="AE", is_rep=True)
    p = two_hop(mate)
    assert p.terms["referrer_icp_fit"] == 0.6
    assert "our team" in p.summary


@pytest.mark.parametrize(
    ("nodes", "strengths"),
    [
        (["rep"], []),
        (["rep", "sam"], []),
        (["rep", "dana", "sam"], [0.5]),
        (["rep", "dana", "rep"], [0.5, 0.5]),
    ],
)
def test_malformed_paths_rejected(nodes, strengths):
    with pytest.raises(ValueError):
        score_path(nodes, strengths, FACTS)


@pytest.mark.parametrize(
    "bad",
    [{"length_penalty": 1.0}, {"length_penalty": 0.0}, {"chain_exponent": 0}, {"icp_weight": 2}],
)
def test_weights_are_validated(bad):
    with pytest.raises(ValueError):
        ScoringWeights(**bad)


# --------------------------------------------------------------------------- 1 hop


def test_one_hop_has_no_referrer():
    p = score_path(["rep", "sam"], [0.64], FACTS)
    assert p.roles == ["source", "target"]
    assert p.referrer is None
    assert p.terms["referrer_quality"] == 0.7  # direct_quality
    assert p.terms["length"] == 1.0
    # 0.64 ** 0.5 * 0.7 * (0.8 + 0.2 * 0.5) * (0.5 + 0.5 * 0.8) * 1
    # = 0.8 * 0.7 * 0.9 * 0.9 = 0.4536
    assert p.score == 0.4536
    assert "directly" in p.summary
    assert "Sam Park" in p.summary


def test_direct_strong_tie_beats_a_long_weak_chain():
    direct = score_path(["rep", "sam"], [0.8], FACTS)
    chain = score_path(["rep", "alex", "dana", "sam"], [0.4, 0.4, 0.4], FACTS)
    assert direct.score > chain.score


# --------------------------------------------------------------------------- summary


def test_summary_is_evidence():
    p = score_path(["rep", "dana", "sam"], [0.6, 0.82], FACTS)
    s = p.summary
    assert "Dana Lee" in s and "Acme" in s and "CFO" in s
    assert "an ideal client" in s
    assert "health 0.90" in s
    assert "(tie 0.82)" in s
    assert "2 hops" in s
    assert "Dana made 3 introductions, 2 accepted, 2 won" in s
    assert "asked 1 time in the last 90 days" in s
    assert s.endswith(".")
    assert "\n" not in s


def test_summary_non_ideal_client_and_longer_path():
    meh = {
        **FACTS,
        "dana": replace(DANA, company_icp=0.4, intros_made=0, intros_accepted=0, intros_won=0, asks_90d=0),
    }
    p = score_path(["rep", "alex", "dana", "sam"], [0.6, 0.3, 0.9], meh)
    assert "a client" in p.summary and "ideal" not in p.summary
    assert "3 hops via Alex Kim" in p.summary
    assert "weakest tie 0.30" in p.summary
    assert "no introductions on record" in p.summary
    assert "asked" not in p.summary
    assert p.roles == ["source", "connector", "referrer", "target"]


# --------------------------------------------------------------------------- edge cost


def test_edge_cost_positive_and_monotone():
    w = ScoringWeights()
    costs = [edge_cost(s, w) for s in (1.0, 0.9, 0.5, 0.1, 0.0, -1.0)]
    assert all(c > 0 for c in costs)
    assert costs == sorted(costs)
    assert edge_cost(1.0) == pytest.approx(-math.log(0.85) / 0.5)
    assert math.isfinite(edge_cost(0.0))


def test_edge_cost_sum_orders_paths_like_the_score():
    # Same referrer and target facts; only chain and length differ.
    a = [0.9, 0.9]
    b = [0.9, 0.9, 0.9]
    c = [0.3, 0.9]
    facts = {**FACTS, "alex": replace(DANA, id="alex"), "x": replace(DANA, id="x")}
    pa = score_path(["rep", "x", "sam"], a, facts)
    pb = score_path(["rep", "alex", "x", "sam"], b, facts)
    pc = score_path(["rep", "x", "sam"], c, facts)
    by_cost = sorted([(a, pa), (b, pb), (c, pc)], key=lambda t: sum(edge_cost(s) for s in t[0]))
    by_shape = sorted([pa, pb, pc], key=lambda p: -(p.terms["chain_factor"] * p.terms["length"]))
    assert [p for _, p in by_cost] == by_shape


# --------------------------------------------------------------------------- diversity


def make(nodes: list[str], score: float) -> ScoredPath:
    return ScoredPath(
        score=score,
        terms={},
        summary="",
        roles=[],
        nodes=tuple(nodes),
        strengths=tuple(0.5 for _ in nodes[1:]),
    )


def test_rerank_keeps_one_per_referrer_best_first():
    paths = [
        make(["rep", "dana", "sam"], 0.5),
        make(["rep", "alex", "dana", "sam"], 0.6),  # same referrer, better score
        make(["rep", "bo", "sam"], 0.4),
        make(["rep", "cy", "bo", "sam"], 0.3),  # same referrer as above
        make(["rep", "sam"], 0.2),
    ]
    out = rerank(paths)
    assert [p.nodes for p in out] == [
        ("rep", "alex", "dana", "sam"),
        ("rep", "bo", "sam"),
        ("rep", "sam"),
    ]


def test_rerank_per_referrer_and_limit():
    paths = [make(["rep", f"c{i}", "dana", "sam"], 0.5 - i / 100) for i in range(5)]
    paths += [make(["rep", "bo", "sam"], 0.1)]
    assert len(rerank(paths, per_referrer=2)) == 3
    assert len(rerank(paths, per_referrer=10)) == 6
    assert [p.nodes[1] for p in rerank(paths, per_referrer=3, limit=2)] == ["c0", "c1"]
    assert rerank(paths, limit=0) == []
    with pytest.raises(ValueError):
        rerank(paths, per_referrer=0)


def test_rerank_tie_break_fewer_hops_then_ids_and_dedup():
    paths = [
        make(["rep", "z", "y", "sam"], 0.5),
        make(["rep", "b", "sam"], 0.5),
        make(["rep", "a", "sam"], 0.5),
        make(["rep", "a", "sam"], 0.5),  # duplicate
    ]
    out = rerank(paths, per_referrer=5)
    assert [p.nodes for p in out] == [("rep", "a", "sam"), ("rep", "b", "sam"), ("rep", "z", "y", "sam")]
    # input order does not matter
    assert rerank(list(reversed(paths)), per_referrer=5) == out


def test_rerank_accepts_any_path_like():
    @dataclasses.dataclass
    class Lite:
        score: float
        nodes: tuple[str, ...]

    out = rerank([Lite(0.2, ("r", "x", "t")), Lite(0.9, ("r", "y", "x", "t"))])
    assert out == [Lite(0.9, ("r", "y", "x", "t"))]


def test_rerank_on_real_scores():
    scored = [
        score_path(["rep", "dana", "sam"], [0.6, 0.8], FACTS),
        score_path(["rep", "alex", "dana", "sam"], [0.9, 0.9, 0.8], FACTS),
        score_path(["rep", "sam"], [0.2], FACTS),
    ]
    out = rerank(scored, limit=10)
    assert len(out) == 2
    assert {p.referrer for p in out} == {"dana", None}
    assert out == sorted(out, key=lambda p: -p.score)


def test_as_dict():
    d = score_path(["rep", "dana", "sam"], [0.6, 0.82], FACTS).as_dict()
    assert d["referrer"] == "dana" and d["hops"] == 2 and d["nodes"] == ["rep", "dana", "sam"]


def test_goodwill_resting_referrer_ranks_lower_and_says_why():
    from datetime import date

    from referrals.scoring import goodwill_factor

    base = PersonFacts(id="r", name="Rita Ref", company_status="client", company_icp=0.9, company_health=0.9)
    resting = PersonFacts(id="r", name="Rita Ref", company_status="client", company_icp=0.9,
                          company_health=0.9, resting=True, resting_until=date(2026, 12, 1))
    fresh = score_path(["rep", "r", "t"], [0.8, 0.8], {"r": base})
    tired = score_path(["rep", "r", "t"], [0.8, 0.8], {"r": resting})
    assert tired.score < fresh.score
    assert tired.terms["goodwill"] == 0.4 and fresh.terms["goodwill"] == 1.0
    assert "resting from asks until 2026-12-01" in tired.summary
    # a person we owe is asked less; an even or positive balance changes nothing
    assert goodwill_factor(PersonFacts(id="x", goodwill_balance=-3.0)) < 1.0
    assert goodwill_factor(PersonFacts(id="x", goodwill_balance=2.0)) == 1.0
    assert goodwill_factor(PersonFacts(id="x")) == 1.0


def test_an_opportunity_through_a_contact_scores_the_client_person_we_ask():
    """[our team, client person, contact, prospect]: the client person is asked, so a happy
    ideal client's ask beats an unhappy one's through the same contact (scored by the
    contact, as the person who knows the target, both would tie)."""
    contact = PersonFacts(id="m", name="Mo Contact", company_id="x", company_name="Elsewhere",
                          company_status="other", company_icp=0.5)
    prospect = PersonFacts(id="t", name="Tara Target", company_status="prospect", company_icp=0.9)
    happy = PersonFacts(id="h", name="Hana Happy", company_id="c1", company_name="Acme",
                        company_status="client", company_icp=0.95, company_health=0.95)
    unhappy = PersonFacts(id="u", name="Ugo Unhappy", company_id="c2", company_name="Poorfit",
                          company_status="client", company_icp=0.3, company_health=0.2)
    facts = {f.id: f for f in (contact, prospect, happy, unhappy)}

    def score(asker: str, **kwargs) -> float:
        return score_path(["us", asker, "m", "t"], [1.0, 0.8, 0.7], facts, **kwargs).score

    assert score("h") == score("u")  # by the contact: the client's happiness does not count
    assert score("h", asked=1) > score("u", asked=1)
    assert "we ask Hana Happy" in score_path(["us", "h", "m", "t"], [1.0, 0.8, 0.7], facts, asked=1).summary
    # a 2-hop path: the one who knows the target is the one asked, either way
    direct = (["us", "h", "t"], [1.0, 0.8], facts)
    assert score_path(*direct, asked=1) == score_path(*direct)
