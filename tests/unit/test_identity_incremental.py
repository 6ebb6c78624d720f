"""identity.model.resolve_incremental: new records scored against the stored ones with a kept
model give the pairs a full run gives them (docs/identity.md, "Incremental runs"). No server."""

from __future__ import annotations

import random

import pytest

from identity.model import BLOCKING_RULES, blocking_keys, name_frequencies, resolve, resolve_incremental
from identity.records import records_from_exports
from seed.exports import write_exports


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    folder = tmp_path_factory.mktemp("medium300inc")
    write_exports(folder, people=300, noise="medium", seed=11)
    records = records_from_exports(folder).records
    return records, resolve(records)


def _pairs_of(pairs, ids):
    return {frozenset((a, b)): round(p, 6) for a, b, p, _ in pairs if a in ids or b in ids}


def test_an_incremental_run_finds_the_new_records_pairs_a_full_run_finds(full):
    records, result = full
    new = {r["unique_id"] for r in random.Random(3).sample(records, 40)}
    inc = resolve_incremental(records, new, trained=result.model)
    assert inc.records < len(records)  # only the candidates were scored
    expected = _pairs_of(result.pairs, new)
    assert len(expected) > 5  # the sample has pairs to find
    got = _pairs_of(inc.pairs, new)
    assert got.keys() == expected.keys()
    for pair, p in expected.items():  # the same probability: term frequencies of all people
        assert got[pair] == pytest.approx(p, abs=1e-4)
    assert all(a in new or b in new for a, b, _p, _w in inc.pairs)


def test_evidence_comes_with_the_pairs_and_no_new_record_means_nothing_to_score(full):
    records, result = full
    zora = {"unique_id": "zora-new", "source": "hubspot", "name": "Zora Kline",
            "email": "zora.kline@quorbit.com", "linkedin_url": None, "title": "CFO", "company": "Quorbit",
            "company_domain": "quorbit.com"}
    stored = [*records, {**zora, "unique_id": "zora-old", "email": None, "source": "linkedin",
                         "linkedin_url": "https://www.linkedin.com/in/zora-kline",
                         "title": "Chief Financial Officer"},
              zora]
    inc = resolve_incremental(stored, {"zora-new"}, trained=result.model, evidence=True)
    pair = next(p for p in inc.pairs if {p[0], p[1]} == {"zora-new", "zora-old"})
    assert pair[2] >= 0.99
    assert {e["comparison"] for e in inc.evidence[(pair[0], pair[1])]} >= {"first_name", "last_name"}
    assert resolve_incremental(stored, set(), trained=result.model).pairs == []
    lonely = {**zora, "unique_id": "nobody", "name": "Qxyzzy Vrrrmp", "company": "Nowhere"}
    assert resolve_incremental([*records, lonely], {"nobody"}, trained=result.model).pairs == []


def test_blocking_keys_pair_exactly_what_the_rules_would():
    a = {"unique_id": "a", "name": "Zóra Kline", "company": "Quorbit GmbH", "email": None}
    b = {"unique_id": "b", "name": "Zora Klein", "company": "quorbit.com", "email": "zk@gmail.com"}
    ka, kb = blocking_keys(a), blocking_keys(b)
    shared = {BLOCKING_RULES[i] for i, _ in ka & kb}
    assert shared == {("first", "last_prefix")}  # a typo in the last name: the first-name rule
    assert (0, ("zora", "kline")) in ka and not any(i == 1 for i, _ in kb)  # b has no company key


def test_name_frequencies_are_shares_of_all_records():
    freq = name_frequencies([{"name": "Ann Lee"}, {"name": "Ann Smith"}, {"name": "Bo Lee"}, {"name": None}])
    assert freq["first"] == {"ann": pytest.approx(2 / 3), "bo": pytest.approx(1 / 3)}
    assert freq["last"]["lee"] == pytest.approx(2 / 3)
