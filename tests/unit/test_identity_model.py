"""identity/model.py on a small generated set (docs/identity.md). No server; about 10 s."""

from __future__ import annotations

import re

import pytest

from identity.model import AUTO, REVIEW, features, first_name_forms, resolve, title_key
from identity.records import records_from_exports
from seed.exports import write_exports
from seed.identity_evaluation import PairScore, pair_score, read_truth

ZORA_LINKEDIN = {"unique_id": "zora-li", "source": "linkedin", "name": "Zora Kline",
                 "linkedin_url": "https://www.linkedin.com/in/zora-kline", "email": None,
                 "title": "Chief Financial Officer", "company": "Quorbit", "company_domain": None}
ZORA_HUBSPOT = {"unique_id": "zora-hs", "source": "hubspot", "name": "Zora Kline", "linkedin_url": None,
                "email": "zora.kline@quorbit.com", "title": "CFO", "company": "Quorbit",
                "company_domain": "quorbit.com"}


@pytest.fixture(scope="module")
def resolved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("medium300")
    write_exports(folder, people=300, noise="medium", seed=11)
    parsed = records_from_exports(folder)
    truth = read_truth(folder, parsed.rows)
    result = resolve([*parsed.records, ZORA_LINKEDIN, ZORA_HUBSPOT])
    truth.update({"zora-li": "zora", "zora-hs": "zora"})
    return result, truth


def test_auto_merges_are_precise_and_the_review_queue_finds_most(resolved):
    result, truth = resolved
    auto, review = pair_score(result.auto_clusters, truth), pair_score(result.review_clusters, truth)
    assert auto.true > 100  # the set has pairs to find
    assert auto.precision >= 0.97
    assert auto.recall >= 0.75
    assert review.recall >= 0.85
    assert review.recall >= auto.recall


def test_the_linkedin_and_hubspot_halves_of_zora_kline_are_one_person(resolved):
    result, _ = resolved
    assert result.review_clusters["zora-li"] == result.review_clusters["zora-hs"]
    p = next(p for a, b, p, _ in result.pairs if {a, b} == {"zora-li", "zora-hs"})
    assert p >= REVIEW
    assert all(0.0 <= q <= 1.0 for _, _, q, _ in result.pairs)
    assert all(q >= REVIEW for _, _, q, _ in result.pairs)


def test_pair_score_counts_pairs_within_clusters():
    truth = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
    # {a, b, d} predicted together: pairs ab (right), ad, bd (wrong); c and e alone
    score = pair_score({"a": "x", "b": "x", "d": "x", "c": "c", "e": "e"}, truth)
    assert (score.predicted, score.correct, score.true) == (3, 1, 4)
    assert score.precision == pytest.approx(1 / 3) and score.recall == pytest.approx(1 / 4)
    assert (PairScore(0, 0, 0).precision, PairScore(0, 0, 0).recall) == (1.0, 1.0)  # nothing to find


def test_names_titles_and_companies_are_compared_in_a_normal_form():
    assert set(first_name_forms("bob")) & set(first_name_forms("robert"))
    assert not set(first_name_forms("zora")) & set(first_name_forms("maria"))
    assert title_key("CFO") == title_key("Chief Financial Officer") == "chief financial officer"
    assert title_key("Sr. Mgr, Sales") == "senior manager sales"
    f = features({"unique_id": "x", "name": "Łukasz Müller-Nagy", "email": "LMuller@Quorbit.com",
                  "company": "Quorbit GmbH", "linkedin_url": "https://www.linkedin.com/in/lukasz-muller-4b1a2c9d"})
    assert (f["first"], f["last"]) == ("lukasz", "mullernagy")
    assert f["company_key"] == "quorbit" and f["company_domain"] == "quorbit.com"
    assert f["handles"] == ["lmuller", "lukaszmuller"]
    assert AUTO > REVIEW


def test_the_commands_write_exports_and_print_the_table(tmp_path):
    from click.testing import CliRunner

    from cli.main import cli

    runner = CliRunner()
    out = tmp_path / "x"
    result = runner.invoke(cli, ["seed", "exports", "--people", "60", "--noise", "high", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "truth.csv").exists() and "true people" in result.output
    result = runner.invoke(cli, ["evaluate", "identities", "--people", "150", "--noise", "low"])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "auto P" in line)
    assert "auto+review R" in header and "queue pairs" in header
    row = next(line for line in result.output.splitlines() if " low " in line)
    assert "…" not in row and len(re.findall(r"\d\.\d{4}", row)) == 5  # P, R, F1, P, R printed whole
