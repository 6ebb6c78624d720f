"""Drafted asks with evidence (referrals/drafting.py): every claim the draft makes is one
the facts support, and the templates take known placeholders only."""

from __future__ import annotations

from datetime import date

import pytest

from referrals.drafting import (
    DEFAULT_TEMPLATES,
    PLACEHOLDERS,
    DraftFacts,
    FitFacts,
    TieFacts,
    check_template,
    draft,
    fit_facts,
    sample_facts,
)
from referrals.errors import Invalid
from referrals.icp import DEFAULT_PROFILE
from referrals.scoring import PersonFacts

TODAY = date(2026, 3, 16)
DANA = PersonFacts(id="d", name="Dana Lee", title="CFO", company_id="acme", company_name="Acme",
                   company_status="client")
TARA = PersonFacts(id="t", name="Tara Ng", title="VP Finance", company_id="quorbit", company_name="Quorbit",
                   company_status="prospect")
RILEY = PersonFacts(id="r", name="Riley Rep", company_id="us", company_name="Northwind")
MET_3 = TieFacts(strength=0.5, meetings=3, interactions=3, last_interaction=date(2026, 3, 3),
                 source="interactions")


def facts(*chain: PersonFacts, ties=(), fit=None, requester=RILEY) -> DraftFacts:
    return DraftFacts(chain=chain, ties=ties, fit=fit, requester=requester, today=TODAY)


def everything(d) -> str:
    return " ".join([d.subject, d.ask, d.blurb, *(e.claim for e in d.evidence)])


# ---- how the referrer knows them ---------------------------------------------------------
def test_meetings_are_counted_with_the_last_date_and_named_in_the_evidence():
    d = draft(facts(DANA, TARA, ties=(MET_3,)))
    assert d.ask.startswith("Hi Dana, you know Tara Ng (VP Finance at Quorbit): you and Tara have met "
                            "3 times, the last in March 2026.")
    assert {"claim": "Dana Lee and Tara Ng have met 3 times, the last in March 2026.",
            "source": "interactions"} in [e.to_dict() for e in d.evidence]


@pytest.mark.parametrize("tie", [
    TieFacts(strength=0.5, emails=4, last_interaction=date(2026, 1, 2), source="interactions"),
    TieFacts(strength=0.5, interactions=6, last_interaction=date(2026, 1, 2), source="import"),
    TieFacts(strength=0.5, source="import"),
    None,
])
def test_no_meeting_count_when_the_log_has_no_meetings(tie):
    text = everything(draft(facts(DANA, TARA, ties=(tie,))))
    assert " met " not in text and "meeting" not in text


def test_a_count_without_channels_is_called_logged_interactions_and_nothing_logged_has_no_date():
    counted = draft(facts(DANA, TARA, ties=(TieFacts(interactions=6, last_interaction=date(2026, 1, 15),
                                                     source="import"),)))
    assert "you and Tara have 6 logged interactions, the last in January 2026" in counted.ask
    bare = draft(facts(DANA, TARA, ties=(TieFacts(strength=0.7, last_interaction=date(2026, 1, 15),
                                                  source="import"),)))
    assert "2026" not in everything(bare) and "you know Tara Ng (VP Finance at Quorbit)." in bare.ask
    assert [e.source for e in bare.evidence][0] == "import"


def test_a_bare_linkedin_connection_says_only_that():
    tie = TieFacts(strength=0.65, last_interaction=date(2025, 6, 1), source="linkedin")
    d = draft(facts(DANA, TARA, ties=(tie,)))
    assert "you are connected on LinkedIn with Tara Ng" in d.ask
    text = everything(d)
    # nothing more is claimed, not even the date: it is when they connected
    assert "you know" not in text and "well" not in text and "2025" not in text
    assert [e.to_dict() for e in d.evidence][0] == {
        "claim": "Dana Lee and Tara Ng are connected on LinkedIn.", "source": "linkedin"}


def test_a_linkedin_tie_with_logged_meetings_is_no_longer_bare_but_its_date_is_not_claimed():
    tie = TieFacts(strength=0.5, meetings=2, last_interaction=date(2025, 6, 1), source="linkedin")
    d = draft(facts(DANA, TARA, ties=(tie,)))
    assert "you and Tara have met 2 times" in d.ask and "LinkedIn" not in d.ask and "2025" not in d.ask


@pytest.mark.parametrize(("tie", "well"), [
    (TieFacts(strength=0.8, meetings=6, last_interaction=date(2026, 2, 1)), True),
    (TieFacts(strength=0.8, confirmed=True), True),  # a person said so
    (TieFacts(strength=0.8), False),  # strong, but nothing behind it
    (TieFacts(strength=0.8, meetings=2, last_interaction=date(2026, 2, 1)), False),  # too little
    (TieFacts(strength=0.8, meetings=9, last_interaction=date(2023, 2, 1)), False),  # long ago
    (TieFacts(strength=0.4, meetings=9, last_interaction=date(2026, 2, 1)), False),  # weak
    (TieFacts(strength=0.9, source="linkedin", confirmed=False), False),
])
def test_knowing_someone_well_needs_a_strong_tie_with_evidence(tie, well):
    d = draft(facts(DANA, TARA, ties=(tie,)))
    assert ("well" in d.ask) is well
    assert any("well" in e.claim for e in d.evidence) is well


# ---- colleagues and people in between ----------------------------------------------------
def test_a_colleague_is_someone_at_the_same_employer_now():
    sam = PersonFacts(id="s", name="Sam Roe", company_id="acme", company_name="Acme")
    d = draft(facts(DANA, sam, TARA, ties=(None, MET_3)))
    assert "Your colleague Sam Roe knows them (they have met 3 times, the last in March 2026)." in d.ask
    said = [e.to_dict() for e in d.evidence]
    assert {"claim": "Sam Roe works at Acme too.", "source": "employment"} in said
    assert "Would you be comfortable asking Sam for an introduction?" in d.ask
    assert d.blurb.startswith("Hi Sam, could you introduce Riley Rep at Northwind to Tara Ng")


@pytest.mark.parametrize("sam", [
    PersonFacts(id="s", name="Sam Roe", company_id="other", company_name="Other"),
    PersonFacts(id="s", name="Sam Roe"),
])
def test_someone_elsewhere_or_of_unknown_employer_is_not_a_colleague(sam):
    d = draft(facts(DANA, sam, TARA))
    assert "colleague" not in everything(d) and "Sam Roe, whom you know, knows them." in d.ask
    assert all(e.source != "employment" for e in d.evidence)


def test_linkedin_ties_in_between_are_called_so():
    sam = PersonFacts(id="s", name="Sam Roe")
    linked = TieFacts(strength=0.3, source="linkedin")
    d = draft(facts(DANA, sam, TARA, ties=(linked, linked)))
    assert "Sam Roe, a LinkedIn connection of yours, is connected with them on LinkedIn." in d.ask


def test_a_longer_chain_names_everyone_between_and_claims_no_direct_tie():
    sam, kim = PersonFacts(id="s", name="Sam Roe"), PersonFacts(id="k", name="Kim Ito")
    d = draft(facts(DANA, sam, kim, TARA))
    assert "Sam Roe, whom you know, knows Kim Ito, who knows them." in d.ask


# ---- fit and our relationship ------------------------------------------------------------
def test_fit_names_the_criteria_met_with_the_companys_values():
    fit = fit_facts("Quorbit", DEFAULT_PROFILE, {"industry": "fintech", "employees": 1200, "region": "NA"})
    assert fit is not None and fit.score == 1.0
    d = draft(facts(DANA, TARA, fit=fit))
    assert ("Quorbit matches our ideal client profile: industry we serve (fintech); 200-5000 employees "
            "(1,200 employees); region we sell in (NA); not public sector / non-profit.") in d.ask
    assert "They focus on companies like Quorbit (fintech, 1,200 employees, NA)." in d.blurb
    assert any(e.source == "icp" and "(100%)" in e.claim for e in d.evidence)


def test_no_fit_claim_when_a_must_have_is_missed_or_nothing_is_met():
    for attrs in ({"industry": "government", "employees": 1200, "region": "NA"}, {}):
        d = draft(facts(DANA, TARA, fit=fit_facts("Agency", DEFAULT_PROFILE, attrs)))
        assert "profile" not in everything(d) and "focus" not in d.blurb
        assert all(e.source != "icp" for e in d.evidence)


def test_a_partial_fit_says_part():
    fit = fit_facts("Quorbit", DEFAULT_PROFILE, {"industry": "fintech", "employees": 50})
    d = draft(facts(DANA, TARA, fit=fit))
    assert "Quorbit meets part of our ideal client profile: industry we serve (fintech)" in d.ask
    assert "focus" not in d.blurb  # in the referrer's voice only when it is an ideal fit


def test_we_work_with_them_only_when_the_referrers_company_is_our_client():
    assert "We work with Northwind at Acme." in draft(facts(DANA, TARA)).blurb
    prospect = PersonFacts(id="d", name="Dana Lee", company_id="acme", company_name="Acme",
                           company_status="prospect")
    d = draft(facts(prospect, TARA))
    assert "work with" not in d.blurb and all(e.source != "client" for e in d.evidence)


def test_without_a_known_requester_the_blurb_names_no_one():
    d = draft(facts(DANA, TARA, requester=None))
    assert "I'd like to introduce you to a contact of mine." in d.blurb
    assert d.ask.endswith("Thanks,")


# ---- templates ---------------------------------------------------------------------------
def test_the_defaults_use_known_placeholders_only():
    for kind, text in DEFAULT_TEMPLATES.items():
        assert check_template(kind, text) == text


@pytest.mark.parametrize(("kind", "text", "said"), [
    ("ask", "Hi ${referrer_first}, ${secret}", "${secret}"),
    ("blurb", "Hi $name", "${name}"),
    ("subject", "Costs $5", "character 7"),
    ("subject", "x" * 201, "at most 200"),
    ("ask", "bell\x07", "control"),
    ("ask", 3, "must be text"),
    ("footer", "hi", "not a template kind"),
])
def test_a_bad_template_is_refused_naming_its_field(kind, text, said):
    with pytest.raises(Invalid) as refused:
        check_template(kind, text)
    assert refused.value.field == kind and said in refused.value.message


def test_an_edited_template_changes_the_draft_and_keeps_the_claims_the_rules_built():
    edited = {"ask": "Dear ${referrer_first}: ${connection} Costs $$0. ${request}"}
    check_template("ask", edited["ask"])
    d = draft(facts(DANA, TARA, ties=(MET_3,)), edited)
    assert d.ask.startswith("Dear Dana: you know Tara Ng (VP Finance at Quorbit): "
                            "you and Tara have met 3 times")
    assert "Costs $0." in d.ask
    assert d.subject == "Introduction to Tara Ng?"  # the kinds not edited keep the default


def test_every_placeholder_has_a_value_and_the_sample_renders():
    d = draft(sample_facts())
    assert d.ask and d.blurb and d.subject and d.evidence
    assert "$" not in d.ask + d.blurb + d.subject
    every = " ".join("${" + n + "}" for n in PLACEHOLDERS)
    assert "$" not in draft(sample_facts(), {"ask": every}).ask


def test_an_empty_sentence_leaves_no_double_space_or_dangling_blank():
    prospect = PersonFacts(id="d", name="Dana Lee", company_id="acme", company_status="prospect")
    d = draft(facts(prospect, TARA, requester=None), {"blurb": "${relationship}  ${fit_blurb} Hello ."})
    assert d.blurb == "Hello."


def test_fit_facts_without_a_company_is_none():
    assert fit_facts(None, DEFAULT_PROFILE, {"industry": "fintech"}) is None
    assert FitFacts("X", 0.0).supported is False
