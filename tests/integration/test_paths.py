"""Referral paths on small hand-built graphs where the right answer is obvious."""

from datetime import date

import pytest

from graph.bulk import BulkWriter
from graph.paths import PathFinder, PathQuery
from referrals.errors import DomainError, Invalid, NotFound
from referrals.model import CompanyRecord, CompanyStatus, EmploymentRecord, PersonRecord, TieRecord

ACME = CompanyRecord("c-acme", "Acme", domain="acme.com", status=CompanyStatus.CLIENT, industry="software",
                     employees=900, region="EMEA", health=0.95)
POOR = CompanyRecord("c-poor", "Poorfit", domain="poor.com", status=CompanyStatus.CLIENT,
                     industry="government", employees=20, region="APAC", health=0.2)
TARGET_CO = CompanyRecord("c-target", "Targetco", domain="target.com", status=CompanyStatus.PROSPECT,
                          industry="software", employees=1500, region="NA")


def build(graph, people, ties, jobs=(), companies=(ACME, POOR, TARGET_CO), opted_in=True):
    """The graph; every client opted in to being asked unless ``opted_in`` is False
    (a client that was never asked is counts-only: tests/api/test_consent_ranking.py)."""
    writer = BulkWriter(graph)
    writer.companies(list(companies))
    if opted_in:
        graph.execute("MATCH (c:Company {status: 'client'}) SET c.connector_consent = 'opted_in'")
    writer.people([PersonRecord(p, p.title(), is_rep=p.startswith("rep"),
                                do_not_contact=p.startswith("dnc")) for p in people])
    writer.employments([EmploymentRecord(p, c, current=current) for p, c, current in jobs])
    writer.ties([TieRecord(a, b, s) for a, b, s in ties])


def find(graph, target, source="rep", **kw):
    paths, _facts = PathFinder(graph).find(PathQuery(target=target, source=source, today=date(2026, 11, 1),
                                                     **kw))
    return [list(p.nodes) for p in paths], paths


def test_strong_chain_beats_weak_chain(graph):
    build(graph, ["rep", "strong", "weak", "tgt"],
          [("rep", "strong", 0.9), ("strong", "tgt", 0.9), ("rep", "weak", 0.3), ("weak", "tgt", 0.3)])
    nodes, paths = find(graph, "tgt")
    assert nodes == [["rep", "strong", "tgt"], ["rep", "weak", "tgt"]]
    assert paths[0].score > paths[1].score
    assert paths[0].roles == ["source", "referrer", "target"]


def test_ideal_client_person_beats_poor_client_person(graph):
    build(graph, ["rep", "ideal", "poor", "tgt"],
          [("rep", "ideal", 0.6), ("ideal", "tgt", 0.6), ("rep", "poor", 0.6), ("poor", "tgt", 0.6)],
          jobs=[("ideal", "c-acme", True), ("poor", "c-poor", True)])
    nodes, paths = find(graph, "tgt")
    assert nodes[0] == ["rep", "ideal", "tgt"]
    assert paths[0].terms["referrer_icp_fit"] > paths[1].terms["referrer_icp_fit"]
    assert "Acme" in paths[0].summary


def test_do_not_contact_people_never_appear(graph):
    build(graph, ["rep", "dnc-strong", "ok", "tgt"],
          [("rep", "dnc-strong", 0.99), ("dnc-strong", "tgt", 0.99), ("rep", "ok", 0.2), ("ok", "tgt", 0.2)])
    nodes, _ = find(graph, "tgt")
    assert nodes == [["rep", "ok", "tgt"]]


def test_do_not_contact_target_is_refused(graph):
    build(graph, ["rep", "dnc-t"], [("rep", "dnc-t", 0.9)])
    with pytest.raises(Invalid) as err:
        find(graph, "dnc-t")
    assert err.value.field == "target"


def test_hop_limit_respected_and_no_repeated_person(graph):
    build(graph, ["rep", "a", "b", "c", "tgt"],
          [("rep", "a", 0.9), ("a", "b", 0.9), ("b", "c", 0.9), ("c", "tgt", 0.9), ("a", "c", 0.2)])
    nodes, _ = find(graph, "tgt", max_hops=2)
    assert nodes == []
    nodes, _ = find(graph, "tgt", max_hops=3)
    assert nodes == [["rep", "a", "c", "tgt"]]
    nodes, _ = find(graph, "tgt", max_hops=4, per_referrer=3)
    assert ["rep", "a", "b", "c", "tgt"] in nodes
    assert all(len(set(p)) == len(p) for p in nodes)
    assert all(len(p) - 1 <= 4 for p in nodes)


def test_diversity_one_path_per_referrer_unless_relaxed(graph):
    build(graph, ["rep", "x", "y", "hub", "tgt"],
          [("rep", "x", 0.9), ("rep", "y", 0.8), ("x", "hub", 0.9), ("y", "hub", 0.8), ("hub", "tgt", 0.9)])
    nodes, _ = find(graph, "tgt")
    assert nodes == [["rep", "x", "hub", "tgt"]]
    nodes, _ = find(graph, "tgt", per_referrer=2)
    assert nodes == [["rep", "x", "hub", "tgt"], ["rep", "y", "hub", "tgt"]]


def test_company_target_uses_current_employees_only(graph):
    build(graph, ["rep", "a", "b", "now", "former"],
          [("rep", "a", 0.5), ("a", "now", 0.5), ("rep", "b", 0.9), ("b", "former", 0.9)],
          jobs=[("now", "c-target", True), ("former", "c-target", False)])
    nodes, paths = find(graph, "c-target")
    assert nodes == [["rep", "a", "now"]]
    assert paths[0].terms["target_value"] == 1.0  # Targetco fits the ICP


def test_all_reps_are_sources_when_none_is_given(graph):
    build(graph, ["rep1", "rep2", "a", "tgt"], [("rep1", "a", 0.3), ("a", "tgt", 0.5), ("rep2", "tgt", 0.9)])
    nodes, _ = find(graph, "tgt", source=None)
    assert nodes[0] == ["rep2", "tgt"]
    assert ["rep1", "a", "tgt"] in nodes


def test_referral_paths_endpoint(client, graph, make_key):
    build(graph, ["rep", "ideal", "tgt"], [("rep", "ideal", 0.8), ("ideal", "tgt", 0.7)],
          jobs=[("ideal", "c-acme", True), ("tgt", "c-target", True)])
    headers = make_key("read")
    response = client.get("/api/v1/referral-paths?target=tgt&from=rep", headers=headers)
    assert response.status_code == 200, response.get_json()
    path = response.get_json()["paths"][0]
    assert [n["id"] for n in path["nodes"]] == ["rep", "ideal", "tgt"]
    assert [n["role"] for n in path["nodes"]] == ["source", "referrer", "target"]
    assert path["nodes"][1]["company"]["name"] == "Acme"
    assert path["edges"] == [{"from": "rep", "to": "ideal", "strength": 0.8, "confirmed": False},
                             {"from": "ideal", "to": "tgt", "strength": 0.7, "confirmed": False}]
    assert set(path["explanation"]["terms"]) >= {"tie_strength", "referrer_quality", "target_value",
                                                  "connector_centrality", "length"}
    assert "Ideal" in path["explanation"]["summary"]


def test_referral_paths_errors(client, graph, make_key):
    build(graph, ["rep", "tgt"], [("rep", "tgt", 0.5)])
    headers = make_key("read")
    assert client.get("/api/v1/referral-paths?target=tgt").status_code == 401
    bad = client.get("/api/v1/referral-paths?target=tgt&max_hops=9", headers=headers)
    assert bad.status_code == 422
    assert bad.get_json()["errors"][0]["pointer"] == "/max_hops"
    missing = client.get("/api/v1/referral-paths", headers=headers)
    assert missing.status_code == 422 and missing.get_json()["errors"][0]["pointer"] == "/target"
    unknown = client.get("/api/v1/referral-paths?target=p-nobody", headers=headers)
    assert unknown.status_code == 404 and unknown.mimetype == "application/problem+json"


def test_client_referral_opportunities(client, graph, make_key):
    # zed is reachable only through our own rep: that is no referral from the client
    build(graph, ["ann", "bob", "pat", "quinn", "other", "rep", "zed"],
          [("ann", "pat", 0.8), ("bob", "quinn", 0.3), ("ann", "other", 0.9), ("ann", "rep", 0.95),
           ("rep", "zed", 0.95)],
          jobs=[("ann", "c-acme", True), ("bob", "c-acme", True), ("pat", "c-target", True),
                ("quinn", "c-target", True), ("other", "c-poor", True), ("zed", "c-target", True)])
    response = client.get("/api/v1/clients/c-acme/referral-opportunities", headers=make_key("read"))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [o["target"]["id"] for o in body["opportunities"]] == ["pat", "quinn"]  # prospects only
    assert body["opportunities"][0]["referrer"]["id"] == "ann"
    assert "Ann" in body["opportunities"][0]["ask"]
    not_client = client.get("/api/v1/clients/c-target/referral-opportunities", headers=make_key("read"))
    assert not_client.status_code == 422


def test_a_referrer_resting_under_the_goodwill_ledger_ranks_below_an_equal_one(graph):
    build(graph, ["rep", "ann", "bob", "tgt"],
          [("rep", "ann", 0.7), ("ann", "tgt", 0.7), ("rep", "bob", 0.7), ("bob", "tgt", 0.7)])
    nodes, _ = find(graph, "tgt")
    assert nodes[0] == ["rep", "ann", "tgt"]  # equal: ids break the tie
    graph.execute("MATCH (p:Person {id: 'ann'}) SET p.ask_cooldown_until = date('2026-11-20')")
    nodes, paths = find(graph, "tgt")  # the query runs on 2026-11-01: ann is resting
    assert nodes[0] == ["rep", "bob", "tgt"]
    assert paths[1].terms["goodwill"] < 1.0 and "resting from asks" in paths[1].summary


def random_network(graph, seed=5, people=70, ties=260):
    """Person ids in the service's own shape (p-...), which is what the folded search takes."""
    import random

    rng = random.Random(seed)
    ids = [f"p-{i:03d}" for i in range(people)]
    pairs = {tuple(sorted(rng.sample(ids, 2))) for _ in range(ties)}
    jobs = [(p, rng.choice(["c-acme", "c-poor", "c-target"]), True) for p in ids[5:]]
    writer = BulkWriter(graph)
    writer.companies([ACME, POOR, TARGET_CO])
    graph.execute("MATCH (c:Company {id: 'c-acme'}) SET c.connector_consent = 'opted_in'")
    writer.people([PersonRecord(p, f"Person {p}", is_rep=p < "p-005", do_not_contact=p == "p-069")
                   for p in ids])
    writer.employments([EmploymentRecord(p, c, current=cur) for p, c, cur in jobs])
    writer.ties([TieRecord(a, b, round(rng.uniform(0.1, 0.95), 3)) for a, b in sorted(pairs)])
    return ids


def test_the_folded_search_ranks_exactly_like_the_step_by_step_one(graph):
    ids = random_network(graph)
    folded, stepwise = PathFinder(graph), PathFinder(graph)
    stepwise.fold_queries = False
    compared = 0
    for source in ("p-000", "p-001", "p-002"):
        for target in ids[40:60]:
            for hops in (3, 4):
                query = PathQuery(target=target, source=source, max_hops=hops, limit=5,
                                  today=date(2026, 11, 1))
                a, b = folded.find_explained(query), stepwise.find_explained(query)
                assert [(p.nodes, round(p.score, 12)) for p in a.paths] == \
                       [(p.nodes, round(p.score, 12)) for p in b.paths]
                assert a.hood.ties == b.hood.ties and a.hood.evidence == b.hood.evidence
                # a 3-hop search reads the facts of the referrers a path can reach only:
                # the same runner-up too
                assert (a.runner_up and (a.runner_up.path.nodes, a.runner_up.reason)) == \
                       (b.runner_up and (b.runner_up.path.nodes, b.runner_up.reason))
                assert {n: a.facts[n] for p in a.paths for n in p.nodes} == \
                       {n: b.facts[n] for p in b.paths for n in p.nodes}
                compared += len(a.paths)
    assert compared > 100  # the graph really has paths to compare


def company_network(graph):
    """160 people, 60 of them reps, the rest at three companies, 420 random ties."""
    import random

    rng = random.Random(11)
    ids = [f"p-{i:03d}" for i in range(160)]
    writer = BulkWriter(graph)
    writer.companies([ACME, POOR, TARGET_CO])
    graph.execute("MATCH (c:Company) SET c.connector_consent = 'opted_in'")
    writer.people([PersonRecord(p, f"Person {p}", is_rep=p < "p-060") for p in ids])
    writer.employments([EmploymentRecord(p, rng.choice(["c-acme", "c-poor", "c-target"]))
                        for p in ids[60:]])
    pairs = {tuple(sorted(rng.sample(ids, 2))) for _ in range(420)}
    writer.ties([TieRecord(a, b, round(rng.uniform(0.1, 0.95), 3)) for a, b in sorted(pairs)])


@pytest.mark.parametrize("hops", [1, 2, 3, 4])
@pytest.mark.parametrize("source", [None, "p-007"])
def test_a_company_search_from_its_entry_points_ranks_like_the_search_from_every_employee(
        graph, hops, source):
    """The company search starts from the employees' strongest ties (a budget); where the
    budget holds every such tie it finds exactly what the unbudgeted searches find: from
    every employee, with the reps expanded a level or the company's side alone."""
    company_network(graph)
    entries, reps_expanded, company_side = PathFinder(graph), PathFinder(graph), PathFinder(graph)
    entries.company_budget = 1000  # more than the employees' ties
    reps_expanded.company_budget = company_side.company_budget = None
    company_side.expand_reps_for_companies = False
    query = PathQuery(target="c-target", source=source, max_hops=hops, limit=10, per_referrer=2,
                      today=date(2026, 11, 1))
    a, b, c = (f.find_explained(query) for f in (entries, reps_expanded, company_side))
    assert len(a.paths) >= (1 if source else 5)  # there is something to compare
    assert a.scope is not None and a.scope.employees == 31 and b.scope is None
    # (one hop expands nothing; four reach the whole of this small network either way)
    if source is None and 1 < hops < 4:
        assert b.hood.ties != c.hood.ties  # different searches ...
    # ... with the same answer
    assert [(p.nodes, round(p.score, 12)) for p in a.paths] == \
           [(p.nodes, round(p.score, 12)) for p in b.paths] == \
           [(p.nodes, round(p.score, 12)) for p in c.paths]


def test_a_company_search_within_a_small_budget_reaches_only_its_entry_points(graph):
    """A budget of 6 entry points: the answer names how many employees the search
    considered, every path ends at one of them, and the asking rep's own tie into the
    company, however weak, is always an entry point (a direct tie is the best path there is)."""
    company_network(graph)
    employee = "MATCH (p:Person {id: $id})-[:WORKS_AT {current: true}]->(:Company {id: 'c-target'}) RETURN p"
    weakly_known = graph.query("MATCH (e:Person)-[:WORKS_AT {current: true}]->(:Company {id: 'c-target'}) "
                               "WHERE NOT (e)--(:Rep) RETURN e.id AS id ORDER BY id LIMIT 1")[0]["id"]
    graph.execute("MATCH (r:Person {id: 'p-003'}), (e:Person {id: $id}) "
                  "MERGE (r)-[:KNOWS {strength: 0.11}]->(e)", id=weakly_known)
    finder = PathFinder(graph)
    finder.company_budget = 6
    every_rep, one_rep = (finder.find_explained(PathQuery(target="c-target", source=source, max_hops=3,
                                                          limit=10, today=date(2026, 11, 1)))
                          for source in (None, "p-003"))
    assert ["p-003", weakly_known] in [list(p.nodes) for p in one_rep.paths]
    result = every_rep
    assert result.scope.employees == 31 and 1 <= result.scope.searched <= 6
    ends = {p.nodes[-1] for p in result.paths}
    assert ends and all(graph.query(employee, id=e) for e in ends)
    assert len(ends) <= result.scope.searched


@pytest.mark.parametrize("hops", [2, 3])
def test_missing_or_unreachable_ends_are_refused_folded_or_not(graph, hops):
    random_network(graph)
    finder = PathFinder(graph)

    def refused(target, source):
        with pytest.raises(DomainError) as err:
            finder.find(PathQuery(target=target, source=source, max_hops=hops))
        return {NotFound: 404, Invalid: 422}[type(err.value)], err.value.field

    assert refused("p-nobody", "p-000") == (404, "target")
    assert refused("p-010", "p-nobody") == (404, "from")
    assert refused("p-069", "p-000") == (422, "target")  # asked not to be contacted
    assert refused("p-nobody", "p-nobody") == (404, "target")


@pytest.mark.parametrize("hops", [1, 2])
def test_bounded_referral_opportunities_match_the_search_of_every_tie(graph, hops):
    """A client's opportunities start from its people's ties (a budget); where the budget
    holds every tie they are exactly those of the search through every tie."""
    from graph.opportunities import referral_opportunities

    company_network(graph)
    today = date(2026, 11, 1)
    _, every, _ = referral_opportunities(graph, "c-acme", limit=15, max_hops=hops, today=today, budget=None)
    _, bounded, _ = referral_opportunities(graph, "c-acme", limit=15, max_hops=hops, today=today)
    assert len(every) >= 5
    assert [(o.path.nodes, o.path.score) for o in bounded] == [(o.path.nodes, o.path.score) for o in every]


def test_a_weak_direct_tie_to_a_prospect_survives_a_small_budget(graph):
    """Ties to people at a prospect come first: with a budget of exactly the client's
    direct ties to prospect people, the weakest of them (weaker than many ties that lead
    nowhere directly) is still a direct opportunity."""
    from graph.opportunities import referral_opportunities

    company_network(graph)
    first = "MATCH (p:Person)-[:WORKS_AT {current: true}]->(:Company {id: $c}) RETURN p.id AS id ORDER BY id"
    client_person, prospect_person = (graph.query(first, c=c)[0]["id"] for c in ("c-acme", "c-target"))
    graph.execute("MATCH (a:Person {id: $a}), (b:Person {id: $b}) MERGE (a)-[:KNOWS {strength: 0.05}]->(b)",
                  a=client_person, b=prospect_person)
    direct = graph.query("MATCH (:Company {id: 'c-acme'})<-[:WORKS_AT {current: true}]-(:Person)-[:KNOWS]-"
                         "(:Person)-[:WORKS_AT {current: true}]->(:Company {id: 'c-target'}) "
                         "RETURN count(*) AS n")
    stronger_elsewhere = graph.query(
        "MATCH (:Company {id: 'c-acme'})<-[:WORKS_AT {current: true}]-(:Person)-[k:KNOWS]-(m:Person) "
        "WHERE k.strength > 0.05 AND NOT (m)-[:WORKS_AT {current: true}]->(:Company {id: 'c-target'}) "
        "RETURN count(*) AS n")
    assert stronger_elsewhere[0]["n"] > direct[0]["n"]  # strength alone would crowd it out
    _, found, _ = referral_opportunities(graph, "c-acme", limit=100, max_hops=1, today=date(2026, 11, 1),
                                         budget=direct[0]["n"])
    assert [client_person, prospect_person] in [list(o.path.nodes[1:]) for o in found]


@pytest.mark.parametrize("source", [None, "p-007"])
def test_kept_entry_points_answer_like_the_live_scan_and_are_checked_live(graph, source):
    """A big company keeps its entry points (graph/entry_points.py); the search reads them
    back with the same answer as the live scan, with the asking rep's own ties added, and
    checks each one live: a tie hidden since, or an employee gone since, is not used."""
    from graph.entry_points import refresh_entry_points

    company_network(graph)
    query = PathQuery(target="c-target", source=source, max_hops=3, limit=10, today=date(2026, 11, 1))
    live = PathFinder(graph)
    live.company_budget = 1000
    expected = live.find_explained(query)
    assert refresh_entry_points(graph, min_employees=10) == 3  # every company here is "big"
    assert graph.query("MATCH (c:Company {id: 'c-target'}) RETURN c.entry_employees AS n")[0]["n"] == 31
    kept = live.find_explained(query)
    assert [(p.nodes, p.score) for p in kept.paths] == [(p.nodes, p.score) for p in expected.paths]
    assert kept.scope == expected.scope

    best = kept.paths[0]
    referrer, target = best.nodes[-2], best.nodes[-1]
    graph.execute("MATCH (:Person {id: $a})-[k:KNOWS]-(:Person {id: $b}) SET k.hidden = true",
                  a=referrer, b=target)
    assert tuple(best.nodes) not in {tuple(p.nodes) for p in live.find_explained(query).paths}
    gone = "MATCH (p:Person {id: $id})-[w:WORKS_AT]->(:Company {id: 'c-target'}) SET w.current = false"
    graph.execute(gone, id=target)
    assert target not in {p.nodes[-1] for p in live.find_explained(query).paths}
    # the kept count is what the answer reports (it is read back, not scanned again)
    graph.execute("MATCH (c:Company {id: 'c-target'}) SET c.entry_employees = 999")
    assert live.find_explained(query).scope.employees == 999
    # a company that shrank below the line forgets them (and is scanned live again)
    assert refresh_entry_points(graph, min_employees=1000) == 0
    assert graph.query("MATCH (c:Company) WHERE c.entry_from IS NOT NULL RETURN count(c) AS n")[0]["n"] == 0


def test_a_big_clients_kept_reach_answers_like_the_live_search_and_is_checked_live(graph):
    from graph.entry_points import refresh_entry_points
    from graph.opportunities import referral_opportunities

    company_network(graph)
    today = date(2026, 11, 1)
    _, expected, _ = referral_opportunities(graph, "c-acme", limit=15, today=today)
    refresh_entry_points(graph, min_employees=10, min_client_people=10)
    kept = graph.query("MATCH (c:Company) WHERE c.reach_target IS NOT NULL RETURN c.id AS id ORDER BY id")
    assert [r["id"] for r in kept] == ["c-acme", "c-poor"]  # the clients, not the prospect
    _, found, _ = referral_opportunities(graph, "c-acme", limit=15, today=today)
    assert [(o.path.nodes, o.path.score) for o in found] == [(o.path.nodes, o.path.score) for o in expected]
    # read back, not searched: a kept reach cut to one path gives that opportunity alone
    best = found[0].path.nodes  # [our team, client person, (connector), prospect person]
    graph.execute("MATCH (c:Company {id: 'c-acme'}) SET c.reach_referrer = [$r], c.reach_via = [$v], "
                  "c.reach_target = [$t]", r=best[1], v=best[2] if len(best) == 4 else "", t=best[-1])
    _, cut, _ = referral_opportunities(graph, "c-acme", limit=15, today=today)
    assert [o.path.nodes for o in cut] == [best]
    # checked live: a tie on it hidden since, and it is gone
    graph.execute("MATCH (:Person {id: $a})-[k:KNOWS]-(:Person {id: $b}) SET k.hidden = true",
                  a=best[-2], b=best[-1])
    _, hidden, _ = referral_opportunities(graph, "c-acme", limit=15, today=today)
    assert hidden == []
    # a client that stopped being one forgets its reach
    graph.execute("MATCH (c:Company {id: 'c-poor'}) SET c.status = 'other'")
    refresh_entry_points(graph, min_employees=10, min_client_people=10)
    kept = graph.query("MATCH (c:Company) WHERE c.reach_target IS NOT NULL RETURN c.id AS id ORDER BY id")
    assert [r["id"] for r in kept] == ["c-acme"]


def test_a_kept_reach_scores_with_the_request_days_strengths_like_the_live_search(graph):
    """The kept paths' ties are read with their strength on the request's day (decayed), as
    the live search scores them: not as stored, not as of the clock's today."""
    from graph.entry_points import refresh_entry_points
    from graph.opportunities import referral_opportunities

    company_network(graph)
    # every tie computed a year before the request's day: it has decayed since
    graph.execute("MATCH ()-[k:KNOWS]->() SET k.strength_on = date('2025-11-01')")
    today = date(2026, 11, 1)
    _, live, _ = referral_opportunities(graph, "c-acme", limit=15, today=today)
    _, fresh, _ = referral_opportunities(graph, "c-acme", limit=15, today=date(2025, 11, 1))
    assert [o.path.score for o in live] != [o.path.score for o in fresh]  # the decay shows
    refresh_entry_points(graph, min_employees=10, min_client_people=10)
    _, kept, _ = referral_opportunities(graph, "c-acme", limit=15, today=today)
    assert [(o.path.nodes, o.path.score) for o in kept] == [(o.path.nodes, o.path.score) for o in live]


def test_a_kept_reach_drops_what_changed_since(graph):
    """Each kept path is checked when read: the target left the prospect, or the client
    person left the client, or someone on it asked not to be contacted."""
    from graph.entry_points import refresh_entry_points
    from graph.opportunities import referral_opportunities

    company_network(graph)
    today = date(2026, 11, 1)
    refresh_entry_points(graph, min_employees=10, min_client_people=10)
    _, found, _ = referral_opportunities(graph, "c-acme", limit=50, today=today)
    first = found[0].path.nodes
    graph.execute("MATCH (:Person {id: $id})-[w:WORKS_AT]->() SET w.current = false", id=first[-1])
    _, after, _ = referral_opportunities(graph, "c-acme", limit=50, today=today)
    assert first[-1] not in {o.target for o in after}
    second = after[0].path.nodes
    graph.execute("MATCH (p:Person {id: $id}) SET p.do_not_contact = true", id=second[1])
    _, after, _ = referral_opportunities(graph, "c-acme", limit=50, today=today)
    assert second[1] not in {o.path.nodes[1] for o in after}
    assert after, "the other client people's opportunities stay"


def test_the_join_within_its_budget_ranks_exactly_like_the_join_of_every_tie(graph):
    """The 3-hop join reads at most JOIN_BUDGET ties; where that holds every tie of its side
    (this small network) the answer is the unbudgeted one, folded (find_checked's first
    statement included) or step by step."""
    ids = random_network(graph)
    budgeted, every = PathFinder(graph), PathFinder(graph)
    every.join_budget = None
    compared = 0
    for source in ("p-000", "p-003"):
        for target in ids[40:60]:
            query = PathQuery(target=target, source=source, max_hops=3, limit=5, today=date(2026, 11, 1))
            a, b = budgeted.find_explained(query), every.find_explained(query)
            assert [(p.nodes, round(p.score, 12)) for p in a.paths] == \
                   [(p.nodes, round(p.score, 12)) for p in b.paths]
            assert a.hood.ties == b.hood.ties
            compared += len(a.paths)
    assert compared > 30


def budget_network(graph):
    """rep -> a1 -> b1 -> p-t (0.9 each) and rep -> a2 -> b2 -> p-t with a weak last tie
    (0.3): the target's side has fewer ties in all (a1 and a2 know three more people each),
    so the join starts from b1 and b2, the target's strongest tie first."""
    writer = BulkWriter(graph)
    writer.companies([ACME, POOR, TARGET_CO])
    graph.execute("MATCH (c:Company) SET c.connector_consent = 'opted_in'")
    people = ["p-rep", "p-a1", "p-a2", "p-b1", "p-b2", "p-t", *(f"p-x{i}" for i in range(6))]
    writer.people([PersonRecord(p, f"Person {p}", is_rep=p == "p-rep") for p in people])
    writer.ties([TieRecord("p-rep", "p-a1", 0.9), TieRecord("p-a1", "p-b1", 0.9),
                 TieRecord("p-b1", "p-t", 0.9), TieRecord("p-rep", "p-a2", 0.9),
                 TieRecord("p-a2", "p-b2", 0.9), TieRecord("p-b2", "p-t", 0.3),
                 *(TieRecord(a, f"p-x{i}", 0.5) for a, i in [("p-a1", 0), ("p-a1", 1), ("p-a1", 2),
                                                            ("p-a2", 3), ("p-a2", 4), ("p-a2", 5)])])


def test_a_join_over_its_budget_keeps_the_ends_strongest_people(graph):
    """A budget of 2 ties holds b1's two (the target's strongest tie) but not b2's as well:
    the path through b1 stays, the one through the weak last tie b2 -> target is given up,
    in the search a request makes (find_checked) as in find."""
    budget_network(graph)
    query = PathQuery(target="p-t", source="p-rep", max_hops=3, today=date(2026, 11, 1))
    every, small = PathFinder(graph), PathFinder(graph)
    every.join_budget, small.join_budget = None, 2
    assert {tuple(p.nodes) for p in every.find_explained(query).paths} == \
           {("p-rep", "p-a1", "p-b1", "p-t"), ("p-rep", "p-a2", "p-b2", "p-t")}
    kept = [tuple(p.nodes) for p in small.find_explained(query).paths]
    _q, checked, _hidden = small.find_checked(query, lambda _rep, _target, _hidden: query)
    assert kept == [tuple(p.nodes) for p in checked.paths] == [("p-rep", "p-a1", "p-b1", "p-t")]


@pytest.mark.parametrize("bound", [None, 1])
def test_a_request_s_search_reads_who_is_hidden_on_every_candidate_path(graph, monkeypatch, bound):
    """find_checked reads who on its candidate paths is hidden until their client opts in:
    with the join's statement when it touched few people (no third statement), else
    (a screen bound of 1: never) in a statement of its own. Either way the same people as the
    consent rule's own read (graph.consent.hidden_among), and the same ranking as find."""
    from graph.consent import hidden_among

    ids = random_network(graph)  # Poorfit, a client, has not opted in: its people are hidden
    finder = PathFinder(graph)
    if bound is not None:
        finder.screen_bound = bound
    third = []
    reads = finder.facts_and_hidden
    monkeypatch.setattr(finder, "facts_and_hidden", lambda *a, **k: third.append(1) or reads(*a, **k))
    searched = hidden_seen = 0
    for source in ("p-000", "p-001", "p-002"):
        for target in (t for t in ids[40:70] if t != "p-069"):  # p-069 asked not to be contacted
            query = PathQuery(target=target, source=source, max_hops=3, limit=5, today=date(2026, 11, 1))
            _q, result, hidden = finder.find_checked(query, lambda _rep, _target, _hidden, q=query: q)
            if not result.paths:
                continue
            searched += 1
            people = {n for nodes, _cost in result.candidates for n in nodes}
            assert hidden == hidden_among(graph, people)
            hidden_seen += len(hidden)
            assert [(p.nodes, round(p.score, 12)) for p in result.paths] == \
                   [(p.nodes, round(p.score, 12)) for p in finder.find_explained(query).paths]
    assert searched > 20 and hidden_seen > 0  # paths to check, some through Poorfit
    if bound is None:
        assert len(third) < searched / 2  # most searches: two statements
    else:
        assert len(third) == searched


def test_a_worker_s_warm_up_runs_the_statements_of_both_ways(graph, monkeypatch):
    """services.paths.warm_up runs a request's search as usual (the join screens who is
    hidden) and then unscreened (the third statement), so both ways' statements are planned
    before the first request."""
    from services.context import Context
    from services.paths import warm_up

    random_network(graph)
    third = []
    reads = PathFinder.facts_and_hidden
    monkeypatch.setattr(PathFinder, "facts_and_hidden",
                        lambda self, *a, **k: third.append(1) or reads(self, *a, **k))
    warm_up(Context(graph=graph), "p-041", "p-000")
    assert len(third) == 1  # the unscreened run only: the usual one screened in the join
