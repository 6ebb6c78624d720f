"""The import path end to end against the real server: parse, resolve, write, report."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.bulk import BulkWriter
from graph.importers import UnreadableFile
from graph.importing import ImportRefused, run_import
from referrals.model import PersonRecord

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"
TODAY = date(2025, 3, 1)
REP = "p-rep"


def imp(graph, name, fmt, **kw):
    kw.setdefault("today", TODAY)
    with open(DATA / name, "rb") as fh:
        return run_import(graph, fh, fmt, **kw)


def add_reps(graph):
    BulkWriter(graph).people([
        PersonRecord(REP, "Rita Rep", email="rita.rep@ourco.com", is_rep=True),
        PersonRecord("p-sam", "Sam Seller", email="sam.seller@ourco.com", is_rep=True),
    ])


def snapshot(graph, drop=()):
    # the imports' manifest (graph/import_manifest.py) is their bookkeeping, not the network
    nodes = graph.query("MATCH (n) WHERE NOT n:ImportManifest RETURN labels(n) AS l, properties(n) AS p")
    rels = graph.query("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, properties(r) AS p, "
                       "coalesce(b.id, b.key) AS b")
    for row in nodes + rels:
        row["p"] = {k: v for k, v in row["p"].items() if k not in drop}
    key = lambda x: json.dumps(x, sort_keys=True, default=str)  # noqa: E731
    return sorted(map(key, nodes)), sorted(map(key, rels))


def count(graph, cypher, **params):
    return graph.query(cypher, **params)[0]["n"]


def errors_by_line(report):
    return {e["line"]: e for e in report.errors}


# ---- LinkedIn --------------------------------------------------------------------------------
def test_linkedin_export_with_preamble_lands_people_ties_and_reports_bad_lines(graph):
    add_reps(graph)
    report = imp(graph, "linkedin_connections.csv", "linkedin", owner_id=REP)
    assert report.rows == 15 and report.skipped == 1  # line 18: duplicate of line 5
    assert set(errors_by_line(report)) == {13, 15}
    assert errors_by_line(report)[13]["field"] == "Connected On"
    assert errors_by_line(report)[15]["field"] == "URL"
    assert count(graph, "MATCH (:Person {id: $rep})-[k:KNOWS]-(:Person) RETURN count(k) AS n", rep=REP) == 12
    # Acme Corp and ACME Corp. are one company; Wei Zhang has none
    assert count(graph, "MATCH (c:Company) RETURN count(c) AS n") == 9
    dana = graph.query("MATCH (p:Person {linkedin_url: 'https://www.linkedin.com/in/dana-lee-4b1a2c'})"
                       "-[w:WORKS_AT]->(c:Company) RETURN p.title AS t, c.name AS c, w.current AS cur")
    assert dana == [{"t": "Chief Financial Officer", "c": "Acme Corp", "cur": True}]
    tie = graph.query("MATCH (:Person {id: $rep})-[k:KNOWS]-(:Person {name: 'Dana Lee'}) "
                      "RETURN k.source AS s, k.strength AS st", rep=REP)[0]
    assert tie["s"] == "linkedin" and 0.05 < tie["st"] <= 0.3
    assert report.created > 0 and report.seconds > 0


def test_linkedin_owner_must_exist_and_nothing_is_written(graph):
    with pytest.raises(ImportRefused, match="not a person in the graph"):
        imp(graph, "linkedin_connections.csv", "linkedin", owner_id="p-nobody")
    assert count(graph, "MATCH (n) RETURN count(n) AS n") == 0
    with pytest.raises(ValueError, match="owner_id"):
        imp(graph, "linkedin_connections.csv", "linkedin")


def test_same_file_twice_changes_nothing(graph):
    add_reps(graph)
    files = [("salesforce_accounts.csv", "salesforce", {}), ("hubspot_companies.csv", "hubspot", {}),
             ("linkedin_connections.csv", "linkedin", {"owner_id": REP}),
             ("hubspot_contacts.csv", "hubspot", {}), ("salesforce_contacts.csv", "salesforce", {}),
             ("salesforce_report_contacts.csv", "salesforce", {}),
             ("interactions.csv", "interactions", {}), ("graph.json", "graph-json", {})]
    for name, fmt, kw in files:
        first = imp(graph, name, fmt, **kw)
        before = snapshot(graph)
        again = imp(graph, name, fmt, **kw)
        assert (again.created, again.updated) == (0, 0), name
        assert again.skipped == first.skipped and again.errors == first.errors, name
        assert snapshot(graph) == before, name


# ---- dedupe across files ------------------------------------------------------------------------
def test_same_person_from_linkedin_and_hubspot_is_one_node(graph):
    add_reps(graph)
    imp(graph, "linkedin_connections.csv", "linkedin", owner_id=REP)
    imp(graph, "hubspot_contacts.csv", "hubspot")
    # Marcus has his email in the LinkedIn export: HubSpot's row finds him by it
    marcus = graph.query("MATCH (p:Person {email: 'marcus.okafor@globex.com'}) "
                         "RETURN p.id AS id, p.linkedin_url AS url")
    assert len(marcus) == 1 and marcus[0]["url"] == "https://www.linkedin.com/in/marcusokafor"
    assert count(graph, "MATCH (p:Person {name: 'Marcus Okafor'}) RETURN count(p) AS n") == 1
    # the other way round: HubSpot first, then LinkedIn
    graph.execute("MATCH (n) DETACH DELETE n")
    add_reps(graph)
    imp(graph, "hubspot_contacts.csv", "hubspot")
    imp(graph, "linkedin_connections.csv", "linkedin", owner_id=REP)
    assert count(graph, "MATCH (p:Person {name: 'Marcus Okafor'}) RETURN count(p) AS n") == 1
    assert count(graph, "MATCH (:Person {name: 'Marcus Okafor'})-[k:KNOWS]-(:Person {id: $rep}) "
                        "RETURN count(k) AS n", rep=REP) == 1


def test_company_stubs_never_overwrite_known_companies(graph):
    add_reps(graph)
    imp(graph, "hubspot_companies.csv", "hubspot")
    acme = "MATCH (c:Company {domain: 'acme.com'}) RETURN c.status AS s, c.industry AS i, c.name AS n"
    assert graph.query(acme) == [{"s": "client", "i": "computer software", "n": "Acme Corp"}]
    imp(graph, "linkedin_connections.csv", "linkedin", owner_id=REP)  # "Acme Corp" / "ACME Corp." stubs
    imp(graph, "hubspot_contacts.csv", "hubspot")  # acme.com stub
    imp(graph, "salesforce_contacts.csv", "salesforce")  # stub named "acme.com"
    assert graph.query(acme) == [{"s": "client", "i": "computer software", "n": "Acme Corp"}]
    assert count(graph, "MATCH (c:Company) WHERE c.name_key = 'acme' OR c.domain = 'acme.com' "
                        "RETURN count(c) AS n") == 1
    # everyone at Acme, from three files, works at that one node
    assert count(graph, "MATCH (p:Person)-[:WORKS_AT]->(:Company {domain: 'acme.com'}) "
                        "RETURN count(DISTINCT p) AS n") == 4  # Dana, Tom (LinkedIn + CRM nodes)


def test_a_stub_first_is_completed_by_the_company_export(graph):
    add_reps(graph)
    imp(graph, "linkedin_connections.csv", "linkedin", owner_id=REP)
    report = imp(graph, "hubspot_companies.csv", "hubspot")
    assert report.updated >= 1  # Acme, Umbrella: stubs gain domain, status, industry
    rows = graph.query("MATCH (c:Company) WHERE c.name_key = 'acme' RETURN c.status AS s, c.domain AS d")
    assert rows == [{"s": "client", "d": "acme.com"}]


def test_salesforce_contacts_link_to_accounts_by_external_id(graph):
    imp(graph, "salesforce_accounts.csv", "salesforce")
    report = imp(graph, "salesforce_contacts.csv", "salesforce")
    assert report.skipped == 1  # IsDeleted
    assert set(errors_by_line(report)) == {7}
    # Ava has no email: only her AccountId says she works at Hooli
    assert graph.query("MATCH (:Person {name: 'Ava Nguyen'})-[:WORKS_AT]->(c:Company) RETURN c.name AS n") \
        == [{"n": "Hooli"}]
    assert graph.query("MATCH (:Person {name: 'Marcus Okafor'})-[:WORKS_AT]->(c:Company) "
                       "RETURN c.name AS n, c.status AS s") == [{"n": "Globex, Inc.", "s": "prospect"}]
    assert graph.query("MATCH (p:Person {name: 'Marcus Okafor'}) RETURN p.do_not_contact AS d") \
        == [{"d": True}]
    assert count(graph, "MATCH (x:ExternalId) WHERE x.source = 'salesforce' RETURN count(x) AS n") == 4 + 4
    # a second org with the same ids is another source: no cross-talk
    other = imp(graph, "salesforce_contacts.csv", "salesforce", source="sfdc-emea")
    assert other.created == 1  # Ava (no email) is "sfdc-emea:<Id>": another person; the rest match by email
    assert count(graph, "MATCH (p:Person {name: 'Ava Nguyen'}) RETURN count(p) AS n") == 2


def test_external_id_finds_a_contact_whose_email_changed(graph):
    imp(graph, "hubspot_contacts.csv", "hubspot")
    text = (DATA / "hubspot_contacts.csv").read_text()
    changed = text.replace("priya@initech.io", "priya.raman@initech.io")
    report = run_import(graph, io.BytesIO(changed.encode()), "hubspot", today=TODAY)
    assert report.created == 0 and report.updated == 1
    assert graph.query("MATCH (p:Person {name: 'Priya Raman'}) RETURN p.email AS e") \
        == [{"e": "priya.raman@initech.io"}]


def test_do_not_contact_is_never_cleared_by_an_import(graph):
    imp(graph, "salesforce_contacts.csv", "salesforce")  # Marcus opted out
    imp(graph, "salesforce_report_contacts.csv", "salesforce")  # says nothing about it
    imp(graph, "hubspot_contacts.csv", "hubspot")
    assert graph.query("MATCH (p:Person {email: 'marcus.okafor@globex.com'}) RETURN p.do_not_contact AS d") \
        == [{"d": True}]


# ---- bad rows and unreadable files ----------------------------------------------------------------
def test_bad_rows_are_reported_with_lines_while_good_rows_land(graph):
    report = imp(graph, "bad_rows_hubspot_contacts.csv", "hubspot")
    lines = errors_by_line(report)
    assert set(lines) == {3, 4, 5}
    assert lines[3]["field"] == "Email" and "ben.ortiz(at)contoso.com" in lines[3]["detail"]
    names = {r["n"] for r in graph.query("MATCH (p:Person) RETURN p.name AS n")}
    assert names == {"Anna Kowalski", "Eve Adams"}
    assert report.error_count == 3 and report.rows == 5


@pytest.mark.parametrize("name, fmt", [("binary.bin", "hubspot"), ("random.bin", "salesforce"),
                                       ("connections.xlsx", "linkedin"), ("empty.csv", "hubspot"),
                                       ("bad_header_hubspot.csv", "hubspot"), ("bad_json.json", "graph-json"),
                                       ("linkedin_wrong_file.csv", "linkedin")])
def test_unreadable_files_are_refused_whole(graph, name, fmt):
    add_reps(graph)
    before = snapshot(graph)
    with pytest.raises(UnreadableFile):
        imp(graph, name, fmt, owner_id=REP)
    assert snapshot(graph) == before


@pytest.mark.parametrize("name", ["hubspot_contacts_cp1252.csv", "hubspot_contacts_latin1.csv",
                                  "hubspot_contacts_semicolon.csv", "hubspot_contacts_utf16.csv",
                                  "hubspot_contacts_utf16be.csv", "hubspot_contacts_utf8_bom.csv"])
def test_encodings_land_the_same_people(graph, name):
    report = imp(graph, name, "hubspot")
    assert report.created > 0
    assert all(e["line"] > 1 for e in report.errors)
    names = {r["n"] for r in graph.query("MATCH (p:Person) RETURN p.name AS n")}
    assert any(not n.isascii() for n in names), names  # accents decoded, not mojibake
    assert not any("Ã" in n or "\ufffd" in n for n in names)


# ---- graph-json --------------------------------------------------------------------------------
def test_graph_json_uses_the_documents_source_and_reports_unknown_references(graph):
    report = imp(graph, "graph.json", "graph-json")
    lines = errors_by_line(report)
    assert {10, 19, 20, 25, 31, 32, 33, 38, 40} <= set(lines)
    assert lines[31]["pointer"] == "/ties/2"
    assert count(graph, "MATCH (x:ExternalId {source: 'partner-crm'}) RETURN count(x) AS n") == 2
    assert graph.query("MATCH (:Person {name: 'Marcus Okafor'})-[w:WORKS_AT]->(c:Company) "
                       "RETURN c.name AS c, w.current AS cur ORDER BY c") == [
        {"c": "Acme Corp", "cur": True}, {"c": "Hooli", "cur": False}]
    doc = {"people": [{"name": "Ann", "email": "ann@x.com"}],
           "ties": [{"a": "ann@x.com", "b": "p-0123456789abcdef", "strength": 0.5}],
           "employments": [{"person_id": "ann@x.com", "company_id": "c-nowhere"}]}
    report = run_import(graph, io.BytesIO(json.dumps(doc).encode()), "graph-json", today=TODAY)
    assert sorted(e["field"] for e in report.errors) == ["b", "company_id"]
    assert {e["pointer"] for e in report.errors} == {"/ties/0", "/employments/0"}
    assert count(graph, "MATCH (:Person {email: 'ann@x.com'}) RETURN count(*) AS n") == 1


# ---- interactions ---------------------------------------------------------------------------------
def tie(graph, a_email, b_email):
    rows = graph.query("MATCH (:Person {email: $a})-[k:KNOWS]-(:Person {email: $b}) "
                       "RETURN properties(k) AS k", a=a_email, b=b_email)
    return rows[0]["k"] if rows else None


def test_interactions_raise_strength_and_are_not_counted_twice(graph):
    add_reps(graph)
    imp(graph, "hubspot_contacts.csv", "hubspot")
    report = imp(graph, "interactions.csv", "interactions")
    assert set(errors_by_line(report)) == {6, 7, 8, 9}
    dana = tie(graph, "rita.rep@ourco.com", "dana.lee@acme.com")
    assert dana["source"] == "interactions"
    assert (dana["meetings"], dana["emails"], dana["interactions"]) == (1, 1, 2)
    assert dana["sent_by_a"] == dana["sent_by_b"] == 1  # one each way
    assert dana["strength"] > 0.25 and str(dana["last_interaction"]) == "2025-01-15"
    marcus = tie(graph, "rita.rep@ourco.com", "marcus.okafor@globex.com")
    assert marcus["calls"] == 1 and marcus["strength"] < dana["strength"]

    before = snapshot(graph)
    again = imp(graph, "interactions.csv", "interactions")
    assert (again.created, again.updated) == (0, 0)
    assert snapshot(graph) == before

    # a longer export overlapping the first: only the new interaction counts
    more = (DATA / "interactions.csv").read_text() + \
        "rita.rep@ourco.com,dana.lee@acme.com,meeting,2025-02-20\n"
    report = run_import(graph, io.BytesIO(more.encode()), "interactions", today=TODAY)
    assert (report.created, report.updated) == (0, 1)
    dana2 = tie(graph, "rita.rep@ourco.com", "dana.lee@acme.com")
    assert (dana2["meetings"], dana2["interactions"]) == (2, 3)
    assert dana2["strength"] > dana["strength"]


def test_identical_interactions_in_one_log_are_two(graph):
    add_reps(graph)
    imp(graph, "hubspot_contacts.csv", "hubspot")
    log = "from,to,channel,date\n" + "rita.rep@ourco.com,dana.lee@acme.com,email,2025-02-01\n" * 2
    run_import(graph, io.BytesIO(log.encode()), "interactions", today=TODAY)
    run_import(graph, io.BytesIO(log.encode()), "interactions", today=TODAY)
    assert tie(graph, "rita.rep@ourco.com", "dana.lee@acme.com")["emails"] == 2


def test_interactions_with_unknown_people_are_errors(graph):
    add_reps(graph)
    report = imp(graph, "interactions.csv", "interactions")
    lines = errors_by_line(report)
    assert lines[2]["field"] == "to" and "dana.lee@acme.com" in lines[2]["detail"]
    assert lines[3]["field"] == "from"
    assert count(graph, "MATCH ()-[k:KNOWS]->() RETURN count(k) AS n") == 0


def test_interactions_strengthen_a_linkedin_tie_and_linkedin_never_weakens_it(graph):
    add_reps(graph)
    imp(graph, "linkedin_connections.csv", "linkedin", owner_id=REP)
    base = tie(graph, "rita.rep@ourco.com", "marcus.okafor@globex.com")
    log = "from,to,channel,date\n" + "".join(
        f"{a},{b},meeting,2025-02-{d:02d}\n"
        for d in range(1, 13) for a, b in [("rita.rep@ourco.com", "marcus.okafor@globex.com"),
                                           ("marcus.okafor@globex.com", "rita.rep@ourco.com")])
    run_import(graph, io.BytesIO(log.encode()), "interactions", today=TODAY)
    strong = tie(graph, "rita.rep@ourco.com", "marcus.okafor@globex.com")
    assert strong["strength"] > 0.8 > base["strength"]
    assert strong["source"] == "linkedin" and strong["meetings"] == 24
    report = imp(graph, "linkedin_connections.csv", "linkedin", owner_id=REP)
    assert (report.created, report.updated) == (0, 0)
    assert tie(graph, "rita.rep@ourco.com", "marcus.okafor@globex.com") == strong


def test_bad_interaction_rows(graph):
    add_reps(graph)
    imp(graph, "hubspot_contacts.csv", "hubspot")
    report = imp(graph, "bad_rows_interactions.csv", "interactions")
    assert set(errors_by_line(report)) == {3, 4, 5}
    assert tie(graph, "rita.rep@ourco.com", "dana.lee@acme.com")["meetings"] == 1


# ---- batching and progress ---------------------------------------------------------------------------
def test_small_batches_give_the_same_graph_and_report_progress(graph):
    add_reps(graph)
    seen = []
    report = imp(graph, "linkedin_connections.csv", "linkedin", owner_id=REP, batch_size=2,
                 progress=seen.append)
    assert sum(seen) == report.rows == 15 and len(seen) == 8
    small = snapshot(graph, drop=("created_at",))
    graph.execute("MATCH (n) DETACH DELETE n")
    add_reps(graph)
    imp(graph, "linkedin_connections.csv", "linkedin", owner_id=REP)
    assert snapshot(graph, drop=("created_at",)) == small


# ---- CLI ---------------------------------------------------------------------------------------------
@pytest.fixture
def cli_env(neo4j_settings, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_settings.database)


def test_cli_imports_and_prints_a_summary(graph, cli_env):
    from cli.main import cli

    add_reps(graph)
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(DATA / "linkedin_connections.csv"), "--format", "linkedin",
                                 "--owner", REP, "--today", "2025-03-01"])
    assert result.exit_code == 0, result.output
    assert "created" in result.output and "Connected On" in result.output and "13" in result.output
    result = runner.invoke(cli, ["import", str(DATA / "linkedin_connections.csv"), "--format", "linkedin",
                                 "--owner", REP, "--today", "2025-03-01", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["created"], data["updated"], data["rows"]) == (0, 0, 15)
    assert [e["line"] for e in data["errors"]] == [13, 15]


def test_cli_exit_codes(graph, cli_env):
    from cli.main import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(DATA / "binary.bin"), "--format", "hubspot"])
    assert result.exit_code == 1 and "binary" in result.output
    result = runner.invoke(cli, ["import", str(DATA / "binary.bin"), "--format", "hubspot", "--json"])
    assert result.exit_code == 1 and "error" in json.loads(result.output)
    result = runner.invoke(cli, ["import", str(DATA / "linkedin_connections.csv"), "--format", "linkedin",
                                 "--owner", "p-nobody"])
    assert result.exit_code == 1 and "not a person" in result.output
    assert runner.invoke(cli, ["import", str(DATA / "linkedin_connections.csv"),
                               "--format", "linkedin"]).exit_code == 2
    assert runner.invoke(cli, ["import", str(DATA / "hubspot_contacts.csv"),
                               "--format", "excel"]).exit_code == 2
    assert runner.invoke(cli, ["import", "no-such-file.csv", "--format", "hubspot"]).exit_code == 2
    assert count(graph, "MATCH (n) RETURN count(n) AS n") == 0
