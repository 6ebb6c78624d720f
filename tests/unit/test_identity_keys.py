"""graph/identity_keys.py: the blocking keys kept on each Person find every stored person a
blocking rule of the model pairs with a touched one (docs/identity.md, "Phase 3"). The
candidate query of graph/identity.py is emulated here over plain records; the integration
test (tests/integration/test_identity_keys.py) runs the query itself. No server."""

from __future__ import annotations

import pytest

from graph.identity_keys import SERVED_RULES, lookup_keys, person_keys, split_name
from graph.importers.keys import normalise_company_name
from identity.model import BLOCKING_RULES, candidates, serves
from identity.records import records_from_exports
from seed.exports import write_exports


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys300")
    write_exports(folder, people=300, noise="high", seed=5)
    return records_from_exports(folder).records


def _found_by(stored: dict, k: dict) -> bool:
    """What graph.identity._CANDIDATES finds: the person keys, or the company's name_key or
    domain (a company named by its domain has that as its name_key) with the same name."""
    mine = person_keys(stored.get("name"), stored.get("email"))
    first, last = split_name(stored.get("name"))
    company = stored.get("company")
    name_key = normalise_company_name(company) if company else None
    domain = stored.get("company_domain")
    return any((
        k["lf"] is not None and mine["idk_lf"] == k["lf"],
        k["fl"] is not None and mine["idk_fl"] == k["fl"],
        k["ld"] is not None and mine["idk_ld"] == k["ld"],
        k["ck"] is not None and name_key == k["ck"] and (last == k["last"] or first == k["first"]),
        k["cd"] is not None and domain == k["cd"] and last == k["last"],
        k["cdk"] is not None and name_key == k["cdk"] and last == k["last"],
    ))


def test_the_kept_keys_find_every_candidate_a_blocking_rule_pairs(records):
    assert {frozenset(r) for r in BLOCKING_RULES} <= SERVED_RULES
    missed, extra = [], 0
    for new in records:
        expected = {r["unique_id"] for r in candidates(records, {new["unique_id"]})} - {new["unique_id"]}
        k = lookup_keys(new)
        found = {r["unique_id"] for r in records if r is not new and _found_by(r, k)}
        missed += [(new["unique_id"], x) for x in expected - found]
        extra += len(found - expected)
    assert missed == []
    assert extra >= 0  # more may come (any current job, a work address with another company)


def test_person_keys_are_made_of_the_name_and_the_address_alone():
    keys = person_keys("Zóra  Kline-Ødegaard", "Zora.Kline@Quorbit.com")
    assert keys["id_first"] == "zora" and keys["id_last"] == "klineodegaard"
    assert (keys["idk_lf"], keys["idk_fl"], keys["idk_ld"]) == ("klineodegaard|z", "zora|k",
                                                                 "klineodegaard|quorbit.com")
    free = person_keys("Zora", "zora@gmail.com")  # no last name, free mail: the keys are empty
    assert (free["id_last"], free["idk_lf"], free["idk_fl"], free["idk_ld"]) == ("", "", "", "")
    assert person_keys(None, None)["idk_src"] == person_keys("", "")["idk_src"]


def test_a_kept_model_with_another_rule_is_not_served():
    model = {"blocking_rules_to_generate_predictions": [
        {"blocking_rule": 'l."first" = r."first" AND l."last" = r."last"'},
        {"blocking_rule": 'l."title_key" = r."title_key"'}]}
    assert not serves(model)
    model["blocking_rules_to_generate_predictions"].pop()
    assert serves(model)
