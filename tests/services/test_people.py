"""The people, ties and companies use cases on the real test Neo4j: ids, duplicates,
versions and the errors every entry point maps (NotFound, Invalid, Conflict)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from referrals.errors import Conflict, Invalid, NotFound, StaleVersion
from services import companies, people
from tests.workflow_data import T0

pytestmark = pytest.mark.neo4j


@pytest.fixture
def pinned(ctx):
    return replace(ctx, clock=lambda: T0)


def test_a_person_is_created_read_changed_and_deleted(pinned):
    # a prospect: a client's people are hidden until it opts in (tests/api/test_consent_everywhere.py)
    acme, created = companies.create(pinned, {"name": "Acme", "domain": "acme.com", "status": "prospect"})
    assert created and acme["created_at"].to_native() == T0
    dana, created = people.create(pinned, {"name": "Dana Lee", "email": "Dana@Acme.com",
                                           "company_id": acme["id"]})
    assert created and dana["email"] == "dana@acme.com" and dana["company"]["id"] == acme["id"]
    assert dana["version"] == 1 and dana["updated_at"].to_native() == T0

    changed = people.update(pinned, dana["id"], {"title": "CEO", "is_rep": True})
    assert (changed["title"], changed["is_rep"], changed["version"]) == ("CEO", True, 2)
    assert people.get(pinned, dana["id"])["title"] == "CEO"
    assert [r["id"] for r in people.reps(pinned)] == [dana["id"]]
    assert people.label(pinned, dana["id"])["name"] == "Dana Lee"

    people.delete(pinned, dana["id"])
    assert people.label(pinned, dana["id"]) is None
    with pytest.raises(NotFound):
        people.get(pinned, dana["id"])
    with pytest.raises(NotFound):
        people.delete(pinned, dana["id"])


def test_duplicates_name_the_existing_record(pinned):
    first, _ = people.create(pinned, {"name": "Dana", "email": "dana@acme.com"})
    with pytest.raises(Conflict) as again:
        people.create(pinned, {"name": "Dana 2", "email": "DANA@acme.com"})
    assert again.value.code == "duplicate" and again.value.details["existing_id"] == first["id"]
    other, _ = people.create(pinned, {"name": "Other"})
    with pytest.raises(Conflict) as taken:
        people.update(pinned, other["id"], {"email": "dana@acme.com"})
    assert taken.value.details["existing_id"] == first["id"]
    # an external id updates instead
    one, created = people.create(pinned, {"name": "A", "external_id": "crm-1", "source": "hubspot"})
    same, created_again = people.create(pinned, {"name": "A B", "external_id": "crm-1", "source": "hubspot"})
    assert (created, created_again, same["id"], same["name"]) == (True, False, one["id"], "A B")


def test_bad_references_are_invalid_fields(pinned):
    with pytest.raises(Invalid) as unknown_company:
        people.create(pinned, {"name": "X", "company_id": "c-nope"})
    assert unknown_company.value.field == "company_id"
    a, _ = people.create(pinned, {"name": "A"})
    with pytest.raises(Invalid) as self_tie:
        people.relate(pinned, a["id"], a["id"], {"strength": 0.5})
    assert self_tie.value.field == "b"
    with pytest.raises(Invalid) as missing:
        people.relate(pinned, a["id"], "p-nope", {"strength": 0.5})
    assert missing.value.field == "b"
    with pytest.raises(Invalid) as bad_domain:
        companies.create(pinned, {"name": "Bad", "domain": "not a domain"})
    assert bad_domain.value.field == "domain"


def test_ties_are_one_per_pair_strongest_first(pinned):
    a, _ = people.create(pinned, {"name": "Ann"})
    b, _ = people.create(pinned, {"name": "Ben"})
    c, _ = people.create(pinned, {"name": "Cat"})
    tie, created = people.relate(pinned, a["id"], b["id"], {"strength": 0.4})
    assert created and tie["strength"] == 0.4
    tie, created = people.relate(pinned, b["id"], a["id"], {"strength": 0.6})
    assert not created and tie["strength"] == 0.6
    people.relate(pinned, a["id"], c["id"], {"strength": 0.9})
    assert [t["person"]["name"] for t in people.ties(pinned, a["id"], 10)] == ["Cat", "Ben"]
    assert [t["person"]["name"] for t in people.ties(pinned, a["id"], 1, offset=1)] == ["Ben"]
    with pytest.raises(NotFound):
        people.ties(pinned, "p-nope", 10)


def test_search_finds_people_by_name_and_company(pinned):
    globex, _ = companies.create(pinned, {"name": "Globex", "domain": "globex.com", "status": "prospect"})
    people.create(pinned, {"name": "Dana Lee", "email": "dana@initech.com"})
    people.create(pinned, {"name": "Bob Stone", "company_id": globex["id"]})
    assert [p["name"] for p in people.search(pinned, "dana l", 10)] == ["Dana Lee"]
    assert [p["name"] for p in people.search(pinned, "globex", 10)] == ["Bob Stone"]
    assert people.search(pinned, '" OR *:*', 10) == []
    assert [c["name"] for c in companies.search(pinned, "glob")] == ["Globex"]


def test_company_versions_guard_changes(pinned):
    acme, _ = companies.create(pinned, {"name": "Acme", "domain": "acme.com", "status": "client",
                                        "industry": "software", "employees": 800, "region": "EMEA"})
    assert acme["version"] == 1 and acme["icp_score"] == 1.0
    changed = companies.update(pinned, acme["id"], {"industry": "government"}, expected_version=1)
    assert changed["version"] == 2 and changed["icp_score"] == 0.0
    with pytest.raises(StaleVersion) as stale:
        companies.update(pinned, acme["id"], {"region": "NA"}, expected_version=1)
    assert stale.value.details["current_version"] == 2
    assert companies.get(pinned, acme["id"])["region"] == "EMEA"  # nothing written
    assert companies.update(pinned, acme["id"], {"region": "NA"})["version"] == 3  # no version: any
    with pytest.raises(NotFound):
        companies.update(pinned, "c-nope", {"region": "NA"})
    other, _ = companies.create(pinned, {"name": "Other", "domain": "other.com"})
    with pytest.raises(Conflict) as taken:
        companies.update(pinned, other["id"], {"domain": "acme.com"})
    assert taken.value.code == "duplicate" and taken.value.details["existing_id"] == acme["id"]


def test_clients_count_this_quarters_asks(pinned, graph):
    acme, _ = companies.create(pinned, {"name": "Acme", "status": "client"})
    companies.create(pinned, {"name": "Prospect", "status": "prospect"})
    graph.execute("CREATE (:ReferralAsk {id: 'a-1', client_id: $c, asked_on: $recent}), "
                  "(:ReferralAsk {id: 'a-2', client_id: $c, asked_on: $old})",
                  c=acme["id"], recent=T0.date(), old=T0.date().replace(year=T0.year - 1))
    (row,) = companies.clients(pinned)
    assert (row["id"], row["asks_this_quarter"]) == (acme["id"], 1)
    assert companies.card(pinned, acme["id"])["name"] == "Acme"
    assert companies.card(pinned, "c-nope") is None
