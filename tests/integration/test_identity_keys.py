"""The blocking keys kept on each Person (graph/identity_keys.py) on the real Neo4j: the
importer writes them, stale ones are found and rewritten, the candidates read by their
indexes hold every stored person the model's rules pair with a touched one, the names are
counted as a full run counts them, and an interaction log from an address only a merged-away
half had lands on the person it is now (docs/identity.md, "Phase 3")."""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime

import pytest

from graph import identity as store
from graph import identity_reads as reads
from graph.identity_keys import KEY_PROPERTIES, lookup_keys, person_keys, split_name
from graph.importing import run_import
from identity.model import candidates, name_frequencies, resolve, resolve_incremental, score_candidates
from services import identity as cases
from tests.integration.test_identity_story import _background

pytestmark = pytest.mark.neo4j

AT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)


def _keys_of(graph) -> dict[str, dict]:
    rows = graph.query("MATCH (p:Person) WHERE NOT p:Rep "
                       "RETURN p.id AS id, p.name AS name, p.email AS email, "
                       "p {" + ", ".join(f".{k}" for k in KEY_PROPERTIES) + "} AS keys")
    return {r["id"]: r for r in rows}


def test_imports_keep_the_keys_and_the_indexed_candidates_hold_every_rule_partner(ctx, graph, tmp_path):
    _background(ctx, graph, tmp_path / "exports")  # no model yet: imports run no identity
    stored = _keys_of(graph)
    assert len(stored) > 400
    for row in stored.values():  # the importer wrote them with each person
        assert row["keys"] == person_keys(row["name"], row["email"]), row
    assert reads.rekey_stale(graph) == 0

    records = reads.stored_records(graph)
    new = sorted(r["unique_id"] for r in random.Random(4).sample(records, 60))
    own = reads.candidate_records(graph, new, [])
    assert sorted(r["unique_id"] for r in own) == new
    found = reads.candidate_records(graph, new, [lookup_keys(r) for r in own])
    expected = {r["unique_id"] for r in candidates(records, set(new))}
    assert expected <= {r["unique_id"] for r in found}
    by_id = {r["unique_id"]: r for r in records}
    assert all(r == by_id[r["unique_id"]] for r in found)  # read as stored_records reads them

    # the names counted by the indexes are a full run's term frequencies
    cases_frequencies, population = cases.term_frequencies(ctx, found)
    full = name_frequencies(records)
    assert population == sum(1 for r in records if split_name(r["name"])[0])
    for column in ("first", "last"):
        assert cases_frequencies[column]
        for value, share in cases_frequencies[column].items():
            assert share == pytest.approx(full[column][value], abs=1e-12)

    # and a run on those candidates scores what the run on everyone stored scores
    model = resolve(records, seed=7).model
    by_graph = score_candidates(found, set(new), trained=model, frequencies=cases_frequencies,
                                population=population)
    by_all = resolve_incremental(records, set(new), trained=model)
    assert by_all.pairs
    assert {(a, b): round(p, 6) for a, b, p, _ in by_graph.pairs} == \
        {(a, b): round(p, 6) for a, b, p, _ in by_all.pairs}


def test_stale_and_missing_keys_are_rewritten_before_a_run_reads_them(graph):
    graph.execute("CREATE (:Person {id: 'p-a', name: 'Ann Lee', email: 'ann@lee.io'}) "
                  "CREATE (:Person {id: 'p-b', name: 'Bo Chan'}) "
                  "CREATE (:Person:Rep {id: 'p-r', name: 'Rita Rep', is_rep: true})")
    assert reads.rekey_stale(graph) == 2  # not the rep
    assert reads.rekey_stale(graph) == 0
    graph.execute("MATCH (p:Person {id: 'p-a'}) SET p.name = 'Ann Leigh'")  # an edit that kept no keys
    assert reads.rekey_stale(graph) == 1
    keys = _keys_of(graph)
    assert keys["p-a"]["keys"] == person_keys("Ann Leigh", "ann@lee.io")
    assert keys["p-a"]["keys"]["idk_ld"] == "leigh|lee.io"
    counts = reads.name_counts(graph, ["ann", "rita", "zed"], ["leigh", "rep"])
    assert counts["first"] == {"ann": 1, "rita": 0, "zed": 0} and counts["last"] == {"leigh": 1, "rep": 0}
    assert counts["totals"] == {"first": 2, "last": 2, "phone": 0}


def test_a_merge_rekeys_the_kept_person_and_its_undo_puts_the_keys_back(graph):
    graph.execute("CREATE (:Person {id: 'p-li', name: 'Zora Kline', "
                  "linkedin_url: 'https://www.linkedin.com/in/zk'}) "
                  "CREATE (:Person {id: 'p-hs', name: 'Zora Kline', email: 'zora.kline@quorbit.com'})")
    reads.rekey_stale(graph)
    before = _keys_of(graph)["p-li"]["keys"]
    assert before["idk_ld"] == ""
    merge_id = graph.write(store.merge_people, "p-li", "p-hs", weight=12.0, decided_by="model", at=AT)
    assert _keys_of(graph)["p-li"]["keys"]["idk_ld"] == "kline|quorbit.com"  # the email it took
    assert reads.rekey_stale(graph) == 0
    graph.write(store.unmerge_people, merge_id, decided_by="someone", at=AT)
    keys = _keys_of(graph)
    assert keys["p-li"]["keys"] == before and keys["p-li"]["email"] is None
    assert reads.rekey_stale(graph) == 0


def test_an_interaction_log_from_an_address_only_the_merged_away_half_had_lands_on_the_person(graph):
    graph.execute("""
    CREATE (:Person {id: 'p-li', name: 'Zora Kline', email: 'zora@kline.me',
                     linkedin_url: 'https://www.linkedin.com/in/zk'})
    CREATE (:Person {id: 'p-hs', name: 'Zora Kline', email: 'zora.kline@quorbit.com'})
    CREATE (:Person {id: 'p-theo', name: 'Theo Target', email: 'theo.target@vantora.com'})
    """)
    graph.write(store.merge_people, "p-li", "p-hs", weight=12.0, decided_by="model", at=AT)
    log = ("from,to,channel,date\r\n"
           "zora.kline@quorbit.com,theo.target@vantora.com,meeting,2025-10-01\r\n"
           "nobody@nowhere.io,theo.target@vantora.com,meeting,2025-10-01\r\n")
    report = run_import(graph, io.BytesIO(log.encode()), "interactions").as_dict()
    assert [e["line"] for e in report["errors"]] == [3]  # only the unknown address
    ties = graph.query("MATCH (a:Person)-[k:KNOWS]-(b:Person {id: 'p-theo'}) RETURN a.id AS id")
    assert [t["id"] for t in ties] == ["p-li"]
    assert graph.query("MATCH (p:Person {id: 'p-hs'}) RETURN p") == []  # nobody re-created


def test_the_run_after_an_import_scans_for_stale_keys_only_when_a_writer_may_have_left_some(graph):
    from graph.bulk import BulkWriter
    from graph.directory import create_person, update_person
    from referrals.model import PersonRecord

    graph.execute("CREATE (:Person {id: 'p-a', name: 'Ann Lee', email: 'ann@lee.io'})")
    assert not reads.keys_current(graph)
    assert reads.rekey_stale(graph, unless_current=True) == 1  # no marker yet: the scan
    assert reads.keys_current(graph)
    # the marker is trusted: a write that keeps no keys and says nothing is not looked for
    graph.execute("CREATE (:Person {id: 'p-quiet', name: 'Quinn Quiet'})")
    assert reads.rekey_stale(graph, unless_current=True) == 0
    assert reads.rekey_stale(graph) == 1  # the scan finds it
    # the API's person create and edit keep the keys themselves: the marker stays, nothing is stale
    person, _ = create_person(graph, {"name": "Bo Chan", "email": "bo@chan.io"}, now=AT)
    update_person(graph, person["id"], {"name": "Bo Chang"}, now=AT)
    assert reads.keys_current(graph)
    assert _keys_of(graph)[person["id"]]["keys"] == person_keys("Bo Chang", "bo@chan.io")
    assert reads.rekey_stale(graph) == 0
    # the seed's bulk loader writes no keys: it clears the marker, and the next run rekeys
    BulkWriter(graph).people([PersonRecord(id="p-seed", name="Cy Seed", email="cy@seed.io")])
    assert not reads.keys_current(graph)
    assert reads.rekey_stale(graph, unless_current=True) == 1
    assert _keys_of(graph)["p-seed"]["keys"] == person_keys("Cy Seed", "cy@seed.io")
