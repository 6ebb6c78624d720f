"""Re-imports leave out, unread, the rows the last import of the same source landed and
that did not change (graph/import_manifest.py), against the real server: the graph ends
as a full comparison would leave it, changed rows and everything they name are compared,
and any node the last import landed on that is gone makes the import compare every row."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from graph.bulk import BulkWriter
from graph.erasure import erase
from graph.importers import LastImport
from graph.importing import run_import
from referrals.model import PersonRecord
from tests.integration.test_import_fast_path import as_file, imp, network_records, snapshot

NOW = "2026-11-01T00:00:00+00:00"
DATA = Path(__file__).resolve().parents[1] / "data" / "imports"
CSV_TODAY = date(2025, 3, 1)


def rows_of(records) -> int:
    return sum(len(v) for v in records.values())


def test_a_re_import_leaves_every_unchanged_row_unread_and_the_graph_as_it_was(graph):
    network, records = network_records(people=120, seed=21)
    data, total = as_file(records), rows_of(records)
    first = imp(graph, data, network.today, batch_size=200)
    assert (first.created, first.unchanged_since_last_import) == (total, 0)
    assert "first import of this source" in first.last_import
    landed = snapshot(graph)

    again = imp(graph, data, network.today, batch_size=200)
    assert (again.created, again.updated, again.unchanged, again.error_count) == (0, 0, total, 0)
    assert again.unchanged_since_last_import == total
    assert "not read again" in again.last_import
    assert snapshot(graph) == landed
    # the same answer once more: the manifest of a run that left everything out still stands
    assert imp(graph, data, network.today).unchanged_since_last_import == total


def test_changed_rows_and_the_rows_naming_a_changed_person_are_compared(graph):
    network, records = network_records(people=80, seed=23)
    imp(graph, as_file(records), network.today)
    ties, people = records["ties"], records["people"]
    stronger = replace(ties[0], strength=min(1.0, ties[0].strength + 0.05))
    assert stronger.strength > ties[0].strength
    person = people[-1]
    retitled = replace(person, title="Head of Partnerships")
    naming = [t for t in ties if person.id in (t.a, t.b)] + [
        j for j in records["employments"] if j.person_id == person.id]
    assert naming, "the changed person has ties or jobs in the file"
    changed = {**records, "ties": [stronger, *ties[1:]], "people": [*people[:-1], retitled]}

    report = imp(graph, as_file(changed), network.today)
    assert (report.created, report.updated, report.error_count) == (0, 2, 0)
    compared = 2 + len({id(x) for x in naming} - {id(ties[0])})
    assert report.unchanged_since_last_import == rows_of(records) - compared
    assert report.unchanged == rows_of(records) - 2
    a, b = sorted((stronger.a, stronger.b))
    assert graph.query("MATCH (:Person {id: $a})-[k:KNOWS]-(:Person {id: $b}) RETURN k.strength AS s",
                       a=a, b=b) == [{"s": stronger.strength}]
    assert graph.query("MATCH (p:Person {id: $id}) RETURN p.title AS t", id=person.id) == [
        {"t": "Head of Partnerships"}]


def test_a_person_deleted_since_makes_the_import_compare_every_row_and_bring_them_back(graph):
    network, records = network_records(people=80, seed=25)
    data = as_file(records)
    imp(graph, data, network.today)
    landed = snapshot(graph)
    gone = next(t.a for t in records["ties"])
    graph.execute("MATCH (p:Person {id: $id}) DETACH DELETE p", id=gone)

    report = imp(graph, data, network.today)
    assert report.unchanged_since_last_import == 0
    assert "deleted, merged or erased" in report.last_import
    assert snapshot(graph) == landed  # the person and every tie and job of theirs are back
    assert imp(graph, data, network.today).unchanged_since_last_import == rows_of(records)


def test_an_edit_made_in_the_app_stays_until_the_row_changes_or_a_full_import(graph):
    network, records = network_records(people=60, seed=27)
    data = as_file(records)
    imp(graph, data, network.today)
    person = records["people"][0]
    graph.execute("MATCH (p:Person {id: $id}) SET p.title = 'Corrected in the app'", id=person.id)

    imp(graph, data, network.today)
    title = "MATCH (p:Person {id: $id}) RETURN p.title AS t"
    assert graph.query(title, id=person.id) == [{"t": "Corrected in the app"}]

    full = imp(graph, data, network.today, full=True)
    assert full.unchanged_since_last_import == 0 and full.updated == 1
    assert "full import" in full.last_import
    assert graph.query(title, id=person.id) == [{"t": person.title}]


def test_a_bad_row_is_reported_again_on_every_import(graph):
    network, records = network_records(people=40, seed=29)
    lines = as_file(records).decode().split("\n")
    ties_at = next(i for i, line in enumerate(lines) if line.startswith('"ties"'))
    lines[ties_at + 3] = json.dumps({"a": records["people"][0].id, "b": "p-nobody", "strength": 0.5}) + ","
    data = "\n".join(lines).encode()
    first = imp(graph, data, network.today)
    again = imp(graph, data, network.today)
    for report in (first, again):
        assert [(e["line"], e["field"]) for e in report.errors] == [(ties_at + 4, "b")]
    assert again.unchanged_since_last_import == rows_of(records) - 1
    # once the person it names exists, the same row lands
    BulkWriter(graph).people([PersonRecord(id="p-nobody", name="No Body")])
    third = imp(graph, data, network.today)
    assert (third.error_count, third.created) == (0, 1)


def test_another_source_compares_every_row(graph):
    network, records = network_records(people=40, seed=31)
    data = as_file(records)
    imp(graph, data, network.today)
    other = imp(graph, data, network.today, source="crm-emea")
    assert other.unchanged_since_last_import == 0
    assert "first import of this source" in other.last_import


def test_a_person_whose_row_now_names_another_node_takes_their_ties_there(graph):
    network, records = network_records(people=60, seed=33)
    imp(graph, as_file(records), network.today)
    BulkWriter(graph).people([PersonRecord(id="p-crm-twin", name="Twin", email="twin@crm.example")])
    person = next(p for p in records["people"] if any(p.id in (t.a, t.b) for t in records["ties"]))
    theirs = [t for t in records["ties"] if person.id in (t.a, t.b)]
    moved = replace(person, email="twin@crm.example", linkedin_url=None)  # the URL rule comes first
    changed = {**records, "people": [moved if p.id == person.id else p for p in records["people"]]}

    report = imp(graph, as_file(changed), network.today)
    assert report.error_count == 0
    # the email rule comes before the id: the row lands on the stored twin, and so do the ties
    twin_ties = graph.query("MATCH (:Person {id: 'p-crm-twin'})-[k:KNOWS]-() RETURN count(k) AS n")[0]["n"]
    assert twin_ties == len(theirs)


def test_an_erasure_forgets_every_manifest_and_the_erased_rows_are_reported(graph):
    network, records = network_records(people=40, seed=35)
    data = as_file(records)
    imp(graph, data, network.today)
    assert graph.query("MATCH (m:ImportManifest) RETURN count(m) AS n") == [{"n": 1}]
    person = records["people"][0]
    erase(graph, person.id, by="test", now=datetime.fromisoformat(NOW))
    assert graph.query("MATCH (m:ImportManifest) RETURN count(m) AS n") == [{"n": 0}]
    report = imp(graph, data, network.today)
    assert report.unchanged_since_last_import == 0
    assert any(e["pointer"].startswith("/people/") for e in report.errors)



# ---- CSV exports -------------------------------------------------------------------------------
def good_rows(report) -> int:
    return report.rows - report.skipped - report.error_count


def csv_import(graph, data: bytes, fmt, **kw):
    return run_import(graph, io.BytesIO(data), fmt, today=CSV_TODAY, **kw)


def test_a_crms_companies_and_contacts_exports_each_leave_their_unchanged_rows_out(graph):
    companies = (DATA / "hubspot_companies.csv").read_bytes()
    contacts = (DATA / "hubspot_contacts.csv").read_bytes()
    csv_import(graph, companies, "hubspot")
    csv_import(graph, contacts, "hubspot")
    landed = snapshot(graph)
    for data in (companies, contacts, companies):  # one source, two exports: both are kept
        again = csv_import(graph, data, "hubspot")
        assert (again.created, again.updated) == (0, 0)
        assert again.unchanged_since_last_import == good_rows(again) > 0
    assert snapshot(graph) == landed

    lines = contacts.decode().splitlines()
    lines[1] = lines[1].replace(",CFO,", ",Chief Financial Officer,")
    changed = csv_import(graph, ("\n".join(lines) + "\n").encode(), "hubspot")
    assert changed.updated >= 1 and changed.unchanged_since_last_import == good_rows(changed) - 1
    assert graph.query("MATCH (p:Person {email: 'dana.lee@acme.com'}) RETURN p.title AS t") == [
        {"t": "Chief Financial Officer"}]


def test_a_linkedin_export_is_kept_per_owner(graph):
    BulkWriter(graph).people([PersonRecord("p-rep", "Rita Rep", is_rep=True),
                              PersonRecord("p-sam", "Sam Seller", is_rep=True)])
    data = (DATA / "linkedin_connections.csv").read_bytes()
    first = csv_import(graph, data, "linkedin", owner_id="p-rep")
    again = csv_import(graph, data, "linkedin", owner_id="p-rep")
    assert first.unchanged_since_last_import == 0
    assert again.unchanged_since_last_import == good_rows(again) == good_rows(first)
    assert again.errors == first.errors  # bad lines are read and reported every time
    sams = csv_import(graph, data, "linkedin", owner_id="p-sam")  # another rep's connections: new ties
    assert sams.unchanged_since_last_import == 0 and sams.created > 0


def test_a_manifest_written_in_pieces_reads_back_whole(graph):
    import random

    from graph import import_manifest

    digests = {random.getrandbits(64) for _ in range(3 * import_manifest.DIGEST_PIECE // 8 + 5)}
    BulkWriter(graph).people([PersonRecord("p-kept", "Kept")])
    import_manifest.save(graph, "graph-json\x1fpieces\x1f", digests=sorted(digests), landed_people={},
                         landed_companies={}, people={"p-kept"}, companies=set(),
                         at=datetime.fromisoformat(NOW))
    loaded = LastImport()
    note = import_manifest.load(graph, "graph-json\x1fpieces\x1f", into=loaded)
    assert "not read again" in note and loaded.digests == digests
