"""Synthetic network generator: determinism, sizes, integrity, shape (no database)."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

import pytest

from referrals.model import (
    CompanyRecord,
    CompanyStatus,
    EmploymentRecord,
    PastIntroduction,
    PersonRecord,
    TieRecord,
)
from seed.generator import (
    DEMO_PEOPLE,
    INTRO_STATUSES,
    OWN_COMPANY_ID,
    generate,
    size_from_name,
)

TODAY = date(2026, 11, 1)


@dataclass
class Materialized:
    net: object
    companies: list[CompanyRecord]
    people: list[PersonRecord]
    employments: list[EmploymentRecord]
    ties: list[TieRecord]
    introductions: list[PastIntroduction]

    def adjacency(self) -> dict[str, set[str]]:
        adj: dict[str, set[str]] = defaultdict(set)
        for t in self.ties:
            adj[t.a].add(t.b)
            adj[t.b].add(t.a)
        return adj

    def current_company(self) -> dict[str, str]:
        return {e.person_id: e.company_id for e in self.employments if e.current}


def materialize(people: int, seed: int = 7) -> Materialized:
    net = generate(people, seed=seed)
    return Materialized(
        net,
        list(net.companies()),
        list(net.people()),
        list(net.employments()),
        list(net.ties()),
        list(net.introductions()),
    )


@pytest.fixture(scope="module")
def demo() -> Materialized:
    return materialize(DEMO_PEOPLE)


@pytest.fixture(scope="module")
def mid() -> Materialized:
    return materialize(20_000)


@pytest.fixture(scope="module", params=["demo", "mid"])
def any_net(request) -> Materialized:
    return request.getfixturevalue(request.param)


# --------------------------------------------------------------------------- sizes / API


def test_size_from_name():
    assert DEMO_PEOPLE == 2000
    assert size_from_name("demo") == 2000
    assert size_from_name("20000") == 20_000
    assert size_from_name("100_000") == 100_000
    assert size_from_name("100k") == 100_000
    assert size_from_name("1m") == 1_000_000
    for bad in ("huge", "", "-5", "0"):
        with pytest.raises(ValueError):
            size_from_name(bad)


def test_argument_validation():
    with pytest.raises(ValueError):
        generate(0)
    with pytest.raises(ValueError):
        generate(10, reps=11)
    assert generate(10, reps=2).reps == 2


@pytest.mark.parametrize("people", [1, 2, 5, 50])
def test_tiny_networks_work(people):
    m = materialize(people)
    assert len(m.people) == people
    assert sum(p.is_rep for p in m.people) >= 1
    assert all(t.a != t.b for t in m.ties)


@pytest.mark.parametrize(
    ("fixture", "people", "reps", "companies"),
    [("demo", 2000, 4, (80, 130)), ("mid", 20_000, 40, (800, 1300))],
)
def test_counts_in_range(request, fixture, people, reps, companies):
    m: Materialized = request.getfixturevalue(fixture)
    assert len(m.people) == people
    assert sum(p.is_rep for p in m.people) == reps
    assert companies[0] <= len(m.companies) <= companies[1]
    assert 8.5 * people <= len(m.ties) <= 11.5 * people  # about 10 tie records per person
    assert 1.3 * people <= len(m.employments) <= 1.65 * people
    assert len(m.introductions) == max(20, people // 100)
    stats = m.net.stats
    assert stats["ties"] == len(m.ties)
    assert stats["companies"] == len(m.companies)
    assert stats["employments"] == len(m.employments)
    assert stats["introductions"] == len(m.introductions)
    assert sum(stats["ties_by_layer"].values()) == len(m.ties)


# --------------------------------------------------------------------------- determinism


def _head(net, n=300):
    return (
        list(itertools.islice(net.companies(), n)),
        list(itertools.islice(net.people(), n)),
        list(itertools.islice(net.employments(), n)),
        list(itertools.islice(net.ties(), n)),
    )


def test_same_seed_same_records_and_stats(demo):
    again = materialize(DEMO_PEOPLE)
    assert again.companies == demo.companies
    assert again.people == demo.people
    assert again.employments == demo.employments
    assert again.ties[:2000] == demo.ties[:2000]
    assert len(again.ties) == len(demo.ties)
    assert again.introductions == demo.introductions
    assert again.net.stats == demo.net.stats


def test_different_seed_differs(demo):
    other = generate(DEMO_PEOPLE, seed=8)
    a, b = _head(demo.net), _head(other)
    for x, y in zip(a, b, strict=True):
        assert x != y


def test_streams_do_not_depend_on_order():
    net = generate(3000, seed=3)
    intros_first = list(net.introductions())  # runs ties() internally
    ties = list(net.ties())
    people = list(net.people())
    again = generate(3000, seed=3)
    assert list(again.people()) == people
    assert list(again.ties()) == ties
    assert list(again.introductions()) == intros_first


# --------------------------------------------------------------------------- integrity


def test_ids_are_formatted_and_unique(any_net):
    assert [c.id for c in any_net.companies][:2] == [OWN_COMPANY_ID, "c-000001"]
    assert all(re.fullmatch(r"c-\d{6}", c.id) for c in any_net.companies)
    assert all(re.fullmatch(r"p-\d{7}", p.id) for p in any_net.people)
    assert all(re.fullmatch(r"i-\d{6}", i.id) for i in any_net.introductions)
    assert any_net.people[0].id == "p-0000001"
    for ids in (
        [c.id for c in any_net.companies],
        [p.id for p in any_net.people],
        [i.id for i in any_net.introductions],
    ):
        assert len(ids) == len(set(ids))


def test_unique_emails_linkedin_domains_and_company_names(any_net):
    emails = [p.email for p in any_net.people]
    urls = [p.linkedin_url for p in any_net.people]
    domains = [c.domain for c in any_net.companies]
    cnames = [c.name for c in any_net.companies]
    for values in (emails, urls, domains, cnames):
        assert None not in values
        assert len(values) == len(set(values))
    assert all(re.fullmatch(r"[a-z]+\.[a-z]+\d*@[a-z0-9.]+", e) for e in emails)
    assert all(re.fullmatch(r"https://www\.linkedin\.com/in/[a-z]+-[a-z]+-[0-9a-f]+", u)
               for u in urls)


def test_email_domain_is_the_current_employer(demo):
    domain = {c.id: c.domain for c in demo.companies}
    cur = demo.current_company()
    for p in demo.people:
        assert p.email.endswith("@" + domain[cur[p.id]])


def test_ties_have_no_self_loops_or_duplicates_and_known_endpoints(any_net):
    ids = {p.id for p in any_net.people}
    pairs = set()
    for t in any_net.ties:
        assert t.a != t.b
        assert t.a in ids and t.b in ids
        pairs.add(frozenset((t.a, t.b)))
    assert len(pairs) == len(any_net.ties)


def test_tie_attributes(any_net):
    for t in any_net.ties:
        assert 0.0 < t.strength <= 1.0
        assert t.interactions >= 1
        assert t.last_interaction is not None and t.last_interaction <= TODAY
        assert t.source == "seed"
    strengths = [t.strength for t in any_net.ties]
    assert min(strengths) < 0.2 and max(strengths) > 0.8  # weak and strong ties both


def test_colleague_ties_are_stronger_than_the_rest(mid):
    cur = mid.current_company()
    same = [t.strength for t in mid.ties if cur[t.a] == cur[t.b]]
    other = [t.strength for t in mid.ties if cur[t.a] != cur[t.b]]
    assert statistics.median(same) > statistics.median(other) + 0.2


def test_employments_point_at_known_people_and_companies(any_net):
    people = {p.id for p in any_net.people}
    companies = {c.id for c in any_net.companies}
    current = Counter()
    past_share = set()
    for e in any_net.employments:
        assert e.person_id in people and e.company_id in companies
        assert e.start is not None and e.start <= TODAY
        if e.current:
            current[e.person_id] += 1
            assert e.end is None
        else:
            past_share.add(e.person_id)
            assert e.end is not None and e.start < e.end <= TODAY
    assert set(current) == people and set(current.values()) == {1}
    assert 0.3 <= len(past_share) / len(people) <= 0.5  # ~40% have past employers


def test_people_have_titles_seniority_and_some_do_not_contact(mid):
    assert all(p.title and p.seniority for p in mid.people)
    dnc = sum(p.do_not_contact for p in mid.people) / len(mid.people)
    assert 0.005 <= dnc <= 0.02
    by_seniority = Counter(p.seniority.value for p in mid.people)
    assert by_seniority["ic"] > by_seniority["manager"] > by_seniority["director"]
    assert by_seniority["cxo"] > 0


def test_reps_work_for_our_own_company(any_net):
    own = any_net.companies[0]
    assert own.id == OWN_COMPANY_ID and own.status == CompanyStatus.OTHER
    cur = any_net.current_company()
    for p in any_net.people:
        assert (cur[p.id] == OWN_COMPANY_ID) == p.is_rep
        if p.is_rep:
            assert not p.do_not_contact


def test_company_mix(mid):
    others = mid.companies[1:]
    status = Counter(c.status for c in others)
    n = len(others)
    assert 0.06 <= status[CompanyStatus.CLIENT] / n <= 0.10
    assert 0.22 <= status[CompanyStatus.PROSPECT] / n <= 0.28
    assert status[CompanyStatus.PARTNER] >= 1
    assert len({c.industry for c in others}) >= 10
    assert {c.region for c in others} == {"NA", "EMEA", "APAC", "LATAM"}
    health = [c.health for c in others if c.status == CompanyStatus.CLIENT]
    assert all(h is not None and 0 <= h <= 1 for h in health)
    assert min(health) < 0.4 and max(health) > 0.8  # healthy and unhealthy clients
    assert all(c.health is None for c in others if c.status != CompanyStatus.CLIENT)
    sizes = sorted(c.employees for c in others)
    assert sizes[-1] > 50 * sizes[len(sizes) // 2]  # heavy-tailed company sizes


def test_about_half_the_clients_are_ideal_fit_some_healthy(any_net):
    clients = [c for c in any_net.companies if c.status == CompanyStatus.CLIENT]
    ideal = [
        c for c in clients
        if 200 <= c.employees <= 5000
        and c.industry in ("software", "fintech", "healthcare", "logistics", "manufacturing")
        and c.region in ("NA", "EMEA")
    ]
    assert 0.4 * len(clients) <= len(ideal) <= 0.8 * len(clients)
    assert any(c.health >= 0.6 for c in ideal)
    assert any(c.health < 0.6 for c in clients)


# --------------------------------------------------------------------------- shape


def test_degree_distribution_is_heavy_tailed(mid):
    degrees = sorted(len(v) for v in mid.adjacency().values())
    median = degrees[len(degrees) // 2]
    assert 5 <= median <= 15
    assert degrees[-1] >= 25 * median
    assert mid.net.stats["max_degree"] == degrees[-1]


def test_homophily_same_company_is_the_largest_group(mid):
    cur = mid.current_company()
    same = sum(1 for t in mid.ties if cur[t.a] == cur[t.b])
    assert same / len(mid.ties) >= 0.3
    layers = mid.net.stats["ties_by_layer"]
    assert layers["company"] == max(layers.values())
    assert layers["company"] == same


def test_reps_are_well_connected_and_reach_prospects(any_net):
    adj = any_net.adjacency()
    cur = any_net.current_company()
    status = {c.id: c.status for c in any_net.companies}
    reps = [p.id for p in any_net.people if p.is_rep]
    prospects = {c.id for c in any_net.companies if c.status == CompanyStatus.PROSPECT}
    for rep in reps:
        assert 50 <= len(adj[rep]) <= 400
        at_clients = sum(1 for x in adj[rep] if status[cur[x]] == CompanyStatus.CLIENT)
        assert at_clients >= 20
    # two to three hops from one rep reach most prospect companies
    seen = {reps[0]}
    frontier = {reps[0]}
    for _ in range(3):
        frontier = {y for x in frontier for y in adj[x]} - seen
        seen |= frontier
    reached = {cur[p] for p in seen} & prospects
    assert len(reached) >= 0.8 * len(prospects)


def test_introductions_follow_emitted_ties(any_net):
    adj = any_net.adjacency()
    cur = any_net.current_company()
    status = {c.id: c.status for c in any_net.companies}
    people = {p.id: p for p in any_net.people}
    assert len(any_net.introductions) >= 20
    for intro in any_net.introductions:
        path = intro.path
        assert 3 <= len(path) <= 4
        assert path[0] == intro.requester_id and people[path[0]].is_rep
        assert len(set(path)) == len(path)
        for a, b in itertools.pairwise(path):
            assert b in adj[a]
        assert status[cur[path[1]]] == CompanyStatus.CLIENT
        assert status[cur[path[-1]]] == CompanyStatus.PROSPECT
        assert not any(people[x].do_not_contact for x in path)
        assert intro.status in INTRO_STATUSES
        assert intro.requested_on is not None and intro.requested_on <= TODAY
    dates = [i.requested_on for i in any_net.introductions]
    assert dates == sorted(dates)
    assert len({i.status for i in any_net.introductions}) >= 4
