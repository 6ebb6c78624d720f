"""Market reach on the real test Neo4j (graph/market_reach.py, referrals/market_reach.py):
the centrality batch stores each client person's reach into the ideal-prospect market, and
of two client people alike in all else the one who knows more ideal-fit prospect people is
asked first, in a client's opportunities and in the weekly list, with the why in words."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pytest

from graph.bulk import BulkWriter
from graph.centrality import run_centrality
from graph.market_reach import reach_of, refresh_market_reach
from graph.ownership import assign_owner
from graph.users import user_id_for_email
from referrals.model import EmploymentRecord, PersonRecord, TieRecord
from services import opportunities, users, weekly_asks
from services.context import Actor
from tests.workflow_data import T0, load_network

pytestmark = pytest.mark.neo4j


def _add(graph, people, employments, ties):
    writer = BulkWriter(graph)
    writer.people(people)
    writer.employments(employments)
    writer.ties(ties)


def _tess_known_by(graph, person: str) -> None:
    """Tess, a second person at the ideal-fit prospect Target Co, known (weakly) by `person` only."""
    _add(graph, [PersonRecord("p-tess", "Tess Target", email="tess@target.com", title="Controller")],
         [EmploymentRecord("p-tess", "c-tgt", "Controller")],
         [TieRecord(person, "p-tess", 0.3, 2, date(2026, 1, 15))])


def test_the_batch_counts_ideal_prospect_people_only_and_skips_the_rest(graph):
    load_network(graph)
    _tess_known_by(graph, "p-ben")
    # not counted: a do-not-contact person and a rep at the prospect, a hidden tie
    _add(graph, [PersonRecord("p-quiet", "Quinn Quiet", email="q@target.com", do_not_contact=True),
                 PersonRecord("p-vic", "Vic Hidden", email="vic@target.com")],
         [EmploymentRecord("p-quiet", "c-tgt", "CEO"), EmploymentRecord("p-vic", "c-tgt", "COO")],
         [TieRecord("p-ben", "p-quiet", 0.9), TieRecord("p-ben", "p-vic", 0.9),
          TieRecord("p-ben", "p-rep", 0.8)])
    graph.execute("MATCH (:Person {id: 'p-ben'})-[k:KNOWS]-(:Person {id: 'p-vic'}) SET k.hidden = true")
    done = refresh_market_reach(graph)
    # Ann and Ben are asked (Dee is do-not-contact)
    assert done["people"] == 2 and done["threshold"] == pytest.approx(0.7)
    reach = reach_of(graph, ["p-ann", "p-ben", "p-tara", "p-dnc"])
    assert set(reach) == {"p-ann", "p-ben"}
    # Ann: Tara (0.7); Gil's agency misses a must-have, so he is not the market
    assert reach["p-ann"].people == 1 and reach["p-ann"].reach == pytest.approx(0.7)
    assert reach["p-ben"].people == 2 and reach["p-ben"].reach == pytest.approx(1.0)

    # someone who left the client loses it at the next run
    graph.execute("MATCH (:Person {id: 'p-ben'})-[w:WORKS_AT]->() SET w.current = false")
    assert refresh_market_reach(graph)["cleared"] == 1
    assert set(reach_of(graph, ["p-ann", "p-ben"])) == {"p-ann"}


def test_the_centrality_batch_computes_it(graph):
    load_network(graph)
    result = run_centrality(graph, betweenness_samples=8)
    assert "market_reach" in result.timings
    assert reach_of(graph, ["p-ann"])["p-ann"].people == 1


@pytest.mark.parametrize("knows_more", ["p-ann", "p-zed"])
def test_a_clients_opportunities_ask_first_who_knows_more_of_the_market(graph, ctx, knows_more):
    load_network(graph)
    # Zed: Ann's colleague at Acme, alike in everything the score reads, and knows Tara alike
    _add(graph, [PersonRecord("p-zed", "Zed Able", email="zed@acme.com", title="CFO")],
         [EmploymentRecord("p-zed", "c-acme", "CFO")],
         [TieRecord("p-rep", "p-zed", 0.8, 10, date(2026, 2, 1)),
          TieRecord("p-zed", "p-tara", 0.7, 6, date(2026, 1, 15))])
    _tess_known_by(graph, knows_more)
    refresh_market_reach(graph)
    at = replace(ctx, clock=lambda: T0)
    found = opportunities.client_opportunities(at, "c-acme")
    tara = next(o for o in found["opportunities"] if o["target"]["id"] == "p-tara")
    assert tara["referrer"]["id"] == knows_more
    name = "Ann Able" if knows_more == "p-ann" else "Zed Able"
    assert f"{name} knows 2 people at ideal-fit prospects." in tara["path"]["explanation"]["summary"]
    # reach 0.7 + 0.3 = 1.0: the factor 1 + ln(1 + 1.0)
    assert tara["path"]["explanation"]["terms"]["market_reach"] == pytest.approx(1 + math.log(2), abs=1e-6)


def test_the_weekly_list_asks_first_who_knows_more_of_the_market_and_says_so(graph, ctx):
    load_network(graph)
    users.create_user(ctx, email="alex@us.example", password="correct horse battery",
                      role="account_manager", person_id="p-am")
    for client in ("c-acme", "c-bolt"):
        assign_owner(graph, client, "alex@us.example", by="test", now=T0)
    am = replace(ctx, clock=lambda: T0,
                 actor=Actor(kind="user", id=user_id_for_email(graph, "alex@us.example"),
                             name="alex@us.example", role="account_manager", person_id="p-am"))
    _tess_known_by(graph, "p-ben")
    # without the batch, Ann and Ben tie for Tara and the id decides (Acme first)
    before = weekly_asks.weekly_asks(am)
    assert (before["asks"][0]["referrer"]["id"], before["asks"][0]["target"]["id"]) == ("p-ann", "p-tara")
    assert not any("ideal-fit prospects" in r for r in before["asks"][0]["reasons"])

    refresh_market_reach(graph)
    after = weekly_asks.weekly_asks(am)
    first = after["asks"][0]
    assert (first["client"]["id"], first["referrer"]["id"], first["target"]["id"]) == \
        ("c-bolt", "p-ben", "p-tara")
    assert "Ben Bold knows 2 people at ideal-fit prospects" in first["reasons"]
    assert first["weekly_score"] > before["asks"][0]["weekly_score"]
