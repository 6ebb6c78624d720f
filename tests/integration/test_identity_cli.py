"""`referrals identity resolve` and `referrals identity reviews` on the real Neo4j."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from cli.main import cli
from tests.integration.test_identity_story import _background

pytestmark = pytest.mark.neo4j


@pytest.fixture
def cli_env(neo4j_settings, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_settings.database)


def test_resolve_prints_its_progress_and_the_queue_its_evidence(ctx, graph, cli_env, tmp_path):
    runner = CliRunner()
    graph.execute("CREATE (:Person {id: 'p-1', name: 'Ann Lee'})")
    result = runner.invoke(cli, ["identity", "resolve"])
    assert result.exit_code == 1 and "at least 100 people" in result.output

    _background(ctx, graph, tmp_path / "exports")
    result = runner.invoke(cli, ["identity", "resolve"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert re.match(r"\[\s*\d+\.\d s\] read \d{3} people", lines[0]), lines
    assert "scored" in lines[1] and "(trained now)" in lines[1] and "merged" in lines[2]
    merged = int(re.search(r"pairs: ([\d,]+) merged", lines[-1]).group(1).replace(",", ""))
    assert merged > 0
    assert graph.query("MATCH (m:IdentityMerge) RETURN count(m) AS n")[0]["n"] == merged

    result = runner.invoke(cli, ["identity", "reviews", "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert result.output.count("    for: ") == 3 and result.output.count("    against: ") == 3
    page = json.loads(runner.invoke(cli, ["identity", "reviews", "--limit", "3", "--json"]).output)
    assert len(page["items"]) == 3 and page["next_cursor"]
    weights = [i["weight"] for i in page["items"]]
    assert weights == sorted(weights, reverse=True)

    # a rerun predicts with the kept model (a merged graph may have nothing left to train on)
    result = runner.invoke(cli, ["identity", "resolve"])
    assert result.exit_code == 0 and ": 0 merged" in result.output, result.output
    assert "(with the kept model)" in result.output


def test_a_graph_with_nothing_to_learn_from_says_so(graph, cli_env):
    # no two people share a name: EM has no pair in its blocks, and the run says so
    letters = "bcdfghjklmnprstvwz"
    names = [f"{a.upper()}{b}a {b.upper()}{a}o" for a in letters for b in letters][:150]
    graph.execute("UNWIND $names AS name CREATE (:Person {id: 'p-' + name, name: name})", names=names)
    result = CliRunner().invoke(cli, ["identity", "resolve", "--retrain"])
    assert result.exit_code == 1 and "could not be trained" in result.output, result.output
    assert "Traceback" not in result.output


def test_reviews_names_the_companies_of_a_company_pair(graph, cli_env):
    from datetime import UTC, datetime

    from graph.company_identity import save_reviews

    graph.execute("CREATE (:Company {id: 'c-ql', name: 'Quorbit Labs', name_key: 'quorbit labs', "
                  "domain: 'quorbit.com', status: 'client'}) "
                  "CREATE (:Company {id: 'c-q', name: 'Quorbit', name_key: 'quorbit', status: 'prospect'})")
    evidence = [{"comparison": "name", "level": "one name begins with the other", "weight": 5.0},
                {"comparison": "domain", "level": "one has none", "weight": -1.0}]
    graph.write(save_reviews, [{"a": "c-q", "b": "c-ql", "probability": 0.9, "weight": 3.0,
                                "evidence": json.dumps(evidence), "reason": "review"}],
                at=datetime(2026, 12, 2, tzinfo=UTC))
    result = CliRunner().invoke(cli, ["identity", "reviews"])
    assert result.exit_code == 0, result.output
    assert "Quorbit (company, no domain, 0 people, prospect)" in result.output
    assert "Quorbit Labs (company, quorbit.com, 0 people, client)" in result.output
    assert "(not shown)" not in result.output
    assert "for: name: one name begins with the other (+5.0)" in result.output
    assert "against: domain: one has none (-1.0)" in result.output
