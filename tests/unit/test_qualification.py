from datetime import UTC, datetime

import pytest

from referrals.qualification import (
    Bant,
    BantItem,
    Inquiry,
    InquiryKind,
    Opportunity,
    is_lead,
    is_qualified,
)

K = BantItem(known=True)
NOW = datetime(2025, 3, 3, tzinfo=UTC)
FULL = Bant(budget=K, authority=K, need=K, timing=K)


def test_qualified_needs_icp_budget_and_need():
    r = is_qualified(0.8, Bant(budget=K, need=K), threshold=0.7)
    assert r.qualified and bool(r)
    assert not r.complete
    assert r.completeness == 0.5
    assert r.missing == [
        "authority unknown (completes qualification)",
        "timing unknown (completes qualification)",
    ]
    assert len(r.questions) == 2


def test_complete_when_all_four_known():
    r = is_qualified(0.8, FULL)
    assert r.qualified and r.complete and r.completeness == 1.0
    assert r.missing == [] and r.questions == []


@pytest.mark.parametrize("missing", ["budget", "need"])
def test_budget_and_need_are_required(missing):
    bant = Bant(**{f: K for f in ("budget", "authority", "need", "timing") if f != missing})
    r = is_qualified(0.9, bant)
    assert not r.qualified and not r.complete
    assert r.completeness == 0.75
    assert f"{missing} unknown (required)" in r.missing


def test_authority_and_timing_do_not_block_qualification():
    assert is_qualified(0.9, Bant(budget=K, need=K)).qualified


@pytest.mark.parametrize(("score", "ok"), [(0.7, True), (0.69, False), (None, False), (1.0, True)])
def test_icp_threshold(score, ok):
    r = is_qualified(score, FULL, threshold=0.7)
    assert r.qualified is ok
    assert r.icp_fit is ok
    if not ok:
        assert "ICP fit" in r.missing[0]


def test_hot_but_poor_fit_is_not_qualified():
    # seed 001: ready to buy (everything known) but a poor fit is still not a lead
    assert not is_qualified(0.3, FULL).qualified


def test_completeness_steps():
    assert Bant().completeness == 0.0
    assert Bant(timing=K).completeness == 0.25


def test_bant_from_dict_and_back():
    b = Bant.from_dict({"budget": True, "need": {"known": True, "note": "churn"}, "timing": None})
    assert b.budget.known and b.need.note == "churn" and not b.timing.known
    assert Bant.from_dict(b.to_dict()) == b


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        ({"money": True}, "money"),
        ({"budget": "yes"}, "budget"),
        ({"need": {"known": "yes"}}, "need"),
        ({"timing": {"known": True, "note": 5}}, "timing"),
    ],
)
def test_bant_from_dict_errors_name_field(doc, field):
    with pytest.raises(ValueError, match=f"^{field}:"):
        Bant.from_dict(doc)


@pytest.mark.parametrize("kind", list(InquiryKind))
def test_inquiry_is_never_a_lead(kind):
    inquiry = Inquiry("i1", kind, NOW, person_id="p1", company_id="c1", source="website")
    assert is_lead(inquiry) is False
    assert is_lead(inquiry, threshold=0.0) is False


def test_inquiry_kind_parsed_and_validated():
    assert Inquiry("i", "Demo_View", NOW).kind is InquiryKind.DEMO_VIEW
    with pytest.raises(ValueError, match="kind"):
        Inquiry("i", "cold_call", NOW)


def test_opportunity_is_lead_only_when_qualified():
    assert is_lead(Opportunity("o1", "c1", icp_score=0.8, bant=Bant(budget=K, need=K)))
    assert not is_lead(Opportunity("o2", "c1", icp_score=0.8, bant=Bant(budget=K)))
    assert not is_lead(Opportunity("o3", "c1", icp_score=0.5, bant=FULL))
    assert not is_lead(Opportunity("o4", "c1"))


def test_other_things_are_not_leads():
    assert is_lead({"icp_score": 1.0}) is False
    assert is_lead(None) is False
