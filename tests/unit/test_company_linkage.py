"""identity/companies.py: which Company nodes are one company (pure, no database)."""

from __future__ import annotations

import random

import pytest

from identity import companies as linkage


def company(cid: str, name_key: str, domain: str | None = None, *, status: str | None = None,
            emails: list[str] | None = None) -> dict:
    emails = emails or []
    return {"id": cid, "name": name_key.title(), "name_key": name_key, "domain": domain, "status": status,
            "people": len(emails), "email_domains": emails}


def pairs_by_ids(records: list[dict]) -> dict[frozenset, linkage.CompanyPair]:
    return {frozenset((p.a, p.b)): p for p in linkage.link(records)}


def levels(pair: linkage.CompanyPair) -> set[tuple[str, str]]:
    return {(e["comparison"], e["level"]) for e in pair.evidence}


BACKGROUND = [company(f"c-bg{i}", f"{root} labs", f"{root}.com")
              for i, root in enumerate(["zentrix", "altavo", "brimco", "covella", "dunmore", "elbrook",
                                        "farlane", "gossner", "harrowby", "istrada", "jolvik", "kestra"])]


def test_the_same_domain_and_a_name_that_fits_merges_without_asking():
    found = pairs_by_ids([company("c-1", "vantora systems", "vantora.io"),
                          company("c-2", "vantora", "www.Vantora.io"), *BACKGROUND])
    pair = found[frozenset(("c-1", "c-2"))]
    assert pair.decision == "auto" and pair.probability >= linkage.AUTO
    assert ("domain", "same domain") in levels(pair)
    assert ("name", "one name begins with the other") in levels(pair)


def test_a_shared_domain_with_names_apart_is_never_merged_without_asking():
    pair = pairs_by_ids([company("c-1", "vantora", "vantora.io"),
                         company("c-2", "blue harbour", "vantora.io")])[frozenset(("c-1", "c-2"))]
    assert pair.decision == "review" and pair.reason == "names_differ"
    assert any(e["weight"] < 0 for e in pair.evidence)


def test_differing_statuses_hold_a_sure_pair_for_review():
    pair = pairs_by_ids([company("c-1", "vantora", "vantora.io", status="client"),
                         company("c-2", "vantora systems", "vantora.io", status="prospect")])[
        frozenset(("c-1", "c-2"))]
    assert pair.decision == "review" and pair.reason == "status_differs"


def test_a_free_mail_domain_is_no_domain():
    found = pairs_by_ids([company("c-1", "acme rockets", "gmail.com"),
                          company("c-2", "blue harbour", "gmail.com")])
    assert frozenset(("c-1", "c-2")) not in found  # blocked only by gmail.com: never even a pair


def test_a_short_name_without_a_domain_and_its_people_at_the_domain_is_queued():
    found = pairs_by_ids([company("c-1", "quorbit labs", "quorbit.com", emails=["quorbit.com"] * 3),
                          company("c-2", "quorbit", None, emails=["quorbit.com", "gmail.com"]), *BACKGROUND])
    pair = found[frozenset(("c-1", "c-2"))]
    assert pair.decision == "review"  # likely, but only a shared domain merges without asking
    assert pair.probability > 0.99
    assert ("people", "their people's addresses share a domain") in levels(pair)
    assert ("words", "a distinctive word in common") in levels(pair)


def test_a_typo_is_queued_and_two_real_companies_sharing_a_word_are_left_apart():
    found = pairs_by_ids([company("c-1", "quorbit labs", "quorbit.com"), company("c-2", "qourbit labs"),
                          company("c-3", "quorbit systems", "quorbitsystems.de"), *BACKGROUND])
    typo = found[frozenset(("c-1", "c-2"))]
    assert typo.decision == "review" and ("name", "Jaro-Winkler >= 0.92") in levels(typo)
    assert frozenset(("c-1", "c-3")) not in found  # two websites: two companies


def test_background_companies_with_a_generic_word_in_common_are_not_candidates():
    assert linkage.link(BACKGROUND) == []  # "labs" in common, different domains


def test_blocking_compares_only_pairs_that_share_a_key():
    records = [company(f"c-{i:04d}", f"root{i} labs", f"root{i}.com") for i in range(2000)]
    feats = [linkage.features(r) for r in records]
    pairs = linkage.candidate_pairs(feats)
    assert len(pairs) < 2000 * 5  # not the 2 million of all pairs
    twin = [linkage.features(company("c-a", "quorbit labs")),
            linkage.features(company("c-b", "quorbti labs"))]
    assert ("c-a", "c-b") in linkage.candidate_pairs(twin)  # same first three letters and last word
    swapped = [linkage.features(company("c-a", "quorbit")), linkage.features(company("c-b", "qourbit"))]
    assert ("c-a", "c-b") in linkage.candidate_pairs(swapped)  # same letters


def test_the_kept_company_is_the_client_then_the_one_with_a_domain_then_the_larger():
    client = company("c-z", "quorbit", None, status="client")
    prospect = company("c-a", "quorbit labs", "quorbit.com", status="prospect", emails=["quorbit.com"] * 9)
    assert linkage.keep_first(prospect, client)[0]["id"] == "c-z"
    with_domain, without = company("c-z", "quorbit", "quorbit.com"), company("c-a", "quorbit labs")
    assert linkage.keep_first(without, with_domain)[0]["id"] == "c-z"
    big, small = company("c-z", "q", emails=["q.com"] * 3), company("c-a", "q", emails=["q.com"])
    assert linkage.keep_first(small, big)[0]["id"] == "c-z"
    assert linkage.keep_first(company("c-b", "q"), company("c-a", "q"))[0]["id"] == "c-a"


def test_one_person_at_another_domain_does_not_speak_for_the_company():
    feats = linkage.features(company("c-1", "quorbit", None,
                                     emails=["quorbit.com"] * 5 + ["oldjob.com"]))
    assert feats["addresses"] == {"quorbit.com"}


def test_jaro_winkler_is_duckdbs():
    assert linkage.jaro_winkler([("quorbit labs", "qourbit labs"), ("abc", "xyz")]) == [0.975, 0.0]
    assert linkage.jaro_winkler([]) == []


def test_jaro_winkler_scores_as_duckdb_does():
    # the linkage's thresholds (0.92, 0.85) were set on DuckDB's scores: RapidFuzz must give the
    # same ones (to the last bit or two) on typos, swaps, accents, empty and 64+ character keys
    import duckdb

    rng = random.Random(14)
    letters = "abcdeilnorsu "
    pairs = [("quorbit labs", "qourbit labs"), ("quorbit", "quorbit labs"), ("novamark", "novamrak"),
             ("", ""), ("", "quorbit"), ("münchener ruck", "munchener ruck"), ("a", "a"), ("ab", "ba")]
    for _ in range(3000):
        a = "".join(rng.choice(letters) for _ in range(rng.randint(1, 90)))
        b = list(a)
        for _ in range(rng.randint(0, 4)):
            i = rng.randrange(len(b))
            edit = rng.randrange(4)
            if edit == 0:
                b[i] = rng.choice(letters)
            elif edit == 1 and i + 1 < len(b):
                b[i], b[i + 1] = b[i + 1], b[i]
            elif edit == 2:
                b.insert(i, rng.choice(letters))
            elif len(b) > 1:
                del b[i]
        pairs.append((a, "".join(b)) if rng.random() < 0.9 else (a, "".join(rng.sample(a, len(a)))))
    con = duckdb.connect()
    try:
        expected = [row[0] for row in con.execute(
            "SELECT jaro_winkler_similarity(l, r) FROM (SELECT unnest($l) AS l, unnest($r) AS r)",
            {"l": [a for a, _ in pairs], "r": [b for _, b in pairs]}).fetchall()]
    finally:
        con.close()
    got = linkage.jaro_winkler(pairs)
    # the same score to the last bit or two (the two sum the same terms in another order)
    assert got == pytest.approx(expected, abs=1e-12, rel=0)
    assert [(s >= 0.92, s >= 0.85) for s in got] == [(s >= 0.92, s >= 0.85) for s in expected]


def test_what_is_left_of_a_split_legal_form_is_no_part_of_the_name():
    # the importer's key of "Novamark S.A. de C.V." is "novamark sa de"
    assert linkage.features(company("c-1", "novamark sa de"))["key"] == "novamark"
    site = company("c-1", "novamark tutoring", "novamark.com.mx", emails=["novamark.com.mx"] * 4)
    found = pairs_by_ids([site, company("c-2", "novamark sa de"), *BACKGROUND])
    assert found[frozenset(("c-1", "c-2"))].decision == "review"


def test_a_company_without_a_domain_whose_people_write_from_the_others_is_one_domain():
    found = pairs_by_ids([company("c-1", "quorbit labs", "quorbit.com", emails=["quorbit.com"] * 3),
                          company("c-2", "quorbit", None, emails=["quorbit.com", "quorbit.com"]),
                          *BACKGROUND])
    assert found[frozenset(("c-1", "c-2"))].decision == "auto"  # two of its people: the same domain
    found = pairs_by_ids([company("c-1", "quorbit labs", "quorbit.com", emails=["quorbit.com"] * 3),
                          company("c-2", "blue harbour", None, emails=["quorbit.com", "quorbit.com"]),
                          *BACKGROUND])
    apart = found.get(frozenset(("c-1", "c-2")))
    assert apart is None or apart.decision == "review"  # names apart: never without a person


def _names(records: list[dict]) -> list[dict]:
    return [{k: r[k] for k in ("id", "name", "name_key", "domain", "status")} for r in records]


def test_a_new_company_is_scored_against_its_partners_as_against_everyone():
    """The run after an import reads only the partners of the new companies with their
    people (linkage.partners over names and domains) and scores what a run over every
    company scores for the pairs with a new one."""
    stored = [company("c-1", "quorbit labs", "quorbit.com", emails=["quorbit.com"] * 3),
              company("c-3", "quorbit systems", "quorbitsystems.de"), company("c-4", "vantora", "vantora.io"),
              company("c-5", "quorbit", None, emails=["quorbit.com"] * 2), *BACKGROUND]
    new = [company("c-2", "qourbit labs", emails=["quorbit.com"])]
    everyone = _names(stored + new)
    found = linkage.partners(new, everyone)
    assert {"c-1", "c-3", "c-5"} <= found and "c-4" not in found and "c-bg0" not in found
    subset = new + [r for r in stored if r["id"] in found]
    by_partners = linkage.link(subset, {"c-2"}, everyone)
    by_all = [p for p in linkage.link(stored + new) if "c-2" in (p.a, p.b)]
    assert by_partners == by_all and by_partners
    assert all("c-2" in (p.a, p.b) for p in by_partners)
