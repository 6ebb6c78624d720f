"""graph/identity_keys.py: the blocking keys kept on each Person find every stored person a
blocking rule of the model pairs with a touched one (docs/identity.md, "Phase 3"). The
candidate query of graph/identity_reads.py is emulated here over plain records; the integration
test (tests/integration/test_identity_keys.py) runs the query itself. No server."""

from __future__ import annotations

import pytest

from graph.identity_keys import SERVED_RULES, lookup_keys, person_keys, split_name
from graph.importers.keys import normalise_company_name
from identity.model import BLOCKING_RULES, candidates, prediction_rules, rules_of, serves
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
        k["lf"] is not None and mine["idk_lf"] == k["lf"] and (
            k["lf_any"] or first == k["first"] or (k["f2"] is not None and first[:len(k["f2"])] == k["f2"])),
        k["fl"] is not None and mine["idk_fl"] == k["fl"] and (
            k["fl_any"] or (k["l2"] is not None and last[:len(k["l2"])] == k["l2"])),
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
        k = lookup_keys(new, BLOCKING_RULES)  # only the keys the rules in use need
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


def test_a_kept_model_with_the_initial_rules_predicts_with_the_narrower_ones():
    """A model kept from before the initial rules were narrowed to two letters neither scores
    their wide pairs nor has their candidates read (docs/identity.md, "The bench")."""
    old = {"blocking_rules_to_generate_predictions": [
        {"blocking_rule": f'l."{a}" = r."{b}"'.replace(f'r."{b}"', f'r."{a}"') + f' AND l."{b}" = r."{b}"'}
        for a, b in (("first", "last"), ("last", "company_key"), ("first", "company_key"),
                     ("last", "company_domain"), ("last", "first_initial"), ("first", "last_initial"))]}
    assert {frozenset(cols) for cols in rules_of(old)} == {frozenset(cols) for cols in BLOCKING_RULES}
    assert len(prediction_rules(old)) == len(BLOCKING_RULES) and serves(old)
    narrow = lookup_keys({"name": "Zora Kline", "company": "Quorbit"}, rules_of(old))
    assert (narrow["lf"], narrow["lf_any"], narrow["f2"]) == ("kline|z", False, "zo")
    assert (narrow["fl"], narrow["fl_any"], narrow["l2"]) == ("zora|k", False, "kl")
    wide = lookup_keys({"name": "Zora Kline", "company": "Quorbit"})  # every served rule
    assert (wide["lf_any"], wide["fl_any"]) == (True, True)
