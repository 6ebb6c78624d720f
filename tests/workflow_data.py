"""A small referral network for the workflow tests (introductions, asks, review, ICP).

    p-rep (our rep) --0.8-- p-ann (CFO at Acme, ideal happy client c-acme) --0.7-- p-tara
    p-rep           --0.8-- p-ben (CFO at Bolt, ideal happy client c-bolt) --0.7-- p-tara
    p-rep           --0.6-- p-dnc (do not contact)                         --0.9-- p-tara
    p-tara: VP at Target Co (c-tgt), an ideal-fit prospect.
    p-gov: works at a government agency (c-gov, misses a must-have), knows p-ann.

Ann and Ben are alike in every way that ranking reads, so outcomes decide between them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from graph.bulk import BulkWriter
from graph.consent import set_consent
from referrals.model import CompanyRecord, CompanyStatus, EmploymentRecord, PersonRecord, TieRecord

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

COMPANIES = [
    CompanyRecord("c-acme", "Acme", domain="acme.com", status=CompanyStatus.CLIENT,
                  industry="software", employees=800, region="EMEA", health=0.9),
    CompanyRecord("c-bolt", "Bolt", domain="bolt.com", status=CompanyStatus.CLIENT,
                  industry="software", employees=800, region="EMEA", health=0.9),
    CompanyRecord("c-tgt", "Target Co", domain="target.com", status=CompanyStatus.PROSPECT,
                  industry="fintech", employees=1200, region="NA"),
    CompanyRecord("c-gov", "Agency", domain="agency.gov", status=CompanyStatus.PROSPECT,
                  industry="government", employees=3000, region="NA"),
    CompanyRecord("c-us", "Us", domain="us.example", status=CompanyStatus.OTHER),
]
PEOPLE = [
    PersonRecord("p-rep", "Riley Rep", email="riley@us.example", is_rep=True),
    PersonRecord("p-am", "Alex Manager", email="alex@us.example", is_rep=True),
    PersonRecord("p-ann", "Ann Able", email="ann@acme.com", title="CFO"),
    PersonRecord("p-ben", "Ben Bold", email="ben@bolt.com", title="CFO"),
    PersonRecord("p-dnc", "Dee Private", email="dee@acme.com", title="CTO", do_not_contact=True),
    PersonRecord("p-tara", "Tara Target", email="tara@target.com", title="VP Finance"),
    PersonRecord("p-gov", "Gil Gov", email="gil@agency.gov", title="Director"),
]
EMPLOYMENTS = [
    EmploymentRecord("p-rep", "c-us", "AE"),
    EmploymentRecord("p-am", "c-us", "AM"),
    EmploymentRecord("p-ann", "c-acme", "CFO"),
    EmploymentRecord("p-ben", "c-bolt", "CFO"),
    EmploymentRecord("p-dnc", "c-acme", "CTO"),
    EmploymentRecord("p-tara", "c-tgt", "VP Finance"),
    EmploymentRecord("p-gov", "c-gov", "Director"),
]
TIES = [
    TieRecord("p-rep", "p-ann", 0.8, 10, date(2026, 2, 1)),
    TieRecord("p-rep", "p-ben", 0.8, 10, date(2026, 2, 1)),
    TieRecord("p-rep", "p-dnc", 0.6),
    TieRecord("p-ann", "p-tara", 0.7, 6, date(2026, 1, 15)),
    TieRecord("p-ben", "p-tara", 0.7, 6, date(2026, 1, 15)),
    TieRecord("p-dnc", "p-tara", 0.9),
    TieRecord("p-ann", "p-gov", 0.5),
    TieRecord("p-rep", "p-gov", 0.4),
]

PATH_ANN = ["p-rep", "p-ann", "p-tara"]
PATH_BEN = ["p-rep", "p-ben", "p-tara"]


def load_network(graph) -> None:
    writer = BulkWriter(graph)
    writer.companies(COMPANIES)
    writer.people(PEOPLE)
    writer.employments(EMPLOYMENTS)
    writer.ties(TIES)
    # these stories are about the workflow, so every client has agreed to be a connector
    # (what happens without consent is tested in tests/api/test_consent_ranking.py)
    for company in COMPANIES:
        if company.status == CompanyStatus.CLIENT:
            set_consent(graph, company.id, "opted_in", actor="test", now=datetime.now(UTC))
