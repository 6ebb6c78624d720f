"""The drafted ask never claims what the data does not say."""

from referrals.scoring import PersonFacts
from services.paths import draft_ask

DANA = PersonFacts(id="d", name="Dana Lee", company_id="acme", company_name="Acme")
TARA = PersonFacts(id="t", name="Tara Ng", title="CFO", company_id="quorbit", company_name="Quorbit")


def test_a_contact_at_the_same_company_is_a_colleague():
    sam = PersonFacts(id="s", name="Sam Roe", company_id="acme", company_name="Acme")
    assert "Your colleague Sam Roe knows them" in draft_ask(DANA, TARA, sam)


def test_a_contact_elsewhere_or_of_unknown_employer_is_not_called_a_colleague():
    for sam in (PersonFacts(id="s", name="Sam Roe", company_id="other", company_name="Other"),
                PersonFacts(id="s", name="Sam Roe")):
        ask = draft_ask(DANA, TARA, sam)
        assert "colleague" not in ask and "Sam Roe, whom you know, knows them" in ask
        assert ask.startswith("Hi Dana,") and "Tara Ng (CFO at Quorbit)" in ask


def test_a_direct_ask_names_the_target():
    assert draft_ask(DANA, TARA, None).startswith("Hi Dana, you know Tara Ng (CFO at Quorbit).")
