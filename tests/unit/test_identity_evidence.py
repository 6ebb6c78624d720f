"""identity/model.py's evidence for and against each pair (the review queue shows it), and
services/identity.py's pure choices. No server."""

from __future__ import annotations

import pytest

from identity.model import resolve
from identity.records import records_from_exports
from seed.exports import write_exports
from services.identity import _conflict, _keep_first

ZORA_LINKEDIN = {"unique_id": "zora-li", "source": "linkedin", "name": "Zora Kline",
                 "linkedin_url": "https://www.linkedin.com/in/zora-kline", "email": None,
                 "title": "Chief Financial Officer", "company": "Quorbit", "company_domain": None}
ZORA_HUBSPOT = {"unique_id": "zora-hs", "source": "hubspot", "name": "Zora Kline", "linkedin_url": None,
                "email": "zora.kline@quorbit.com", "title": "CFO", "company": "Quorbit",
                "company_domain": "quorbit.com"}
# a namesake at another company with another job: the name speaks for, the rest against
ZORA_ELSEWHERE = {"unique_id": "zora-other", "source": "hubspot", "name": "Zora Kline", "linkedin_url": None,
                  "email": "zkline@pellmark.io", "title": "Office Manager", "company": "Pellmark",
                  "company_domain": "pellmark.io"}


@pytest.fixture(scope="module")
def resolved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("medium300e")
    write_exports(folder, people=300, noise="medium", seed=11)
    records = records_from_exports(folder).records
    return resolve([*records, ZORA_LINKEDIN, ZORA_HUBSPOT, ZORA_ELSEWHERE], evidence=True)


def _evidence(result, a, b):
    return {e["comparison"]: e for e in result.evidence.get((a, b)) or result.evidence[(b, a)]}


def test_every_scored_pair_has_its_evidence_and_the_weights_add_up(resolved):
    assert set(resolved.evidence) == {(a, b) for a, b, _, _ in resolved.pairs}
    for a, b, _, weight in resolved.pairs[:50]:
        items = resolved.evidence[(a, b)]
        assert items and all(e["level"] for e in items)
        # the comparisons' weights and the prior make the pair's weight (rounding aside)
        prior = weight - sum(e["weight"] for e in items)
        assert -20 < prior < 0


def test_the_halves_of_zora_kline_have_evidence_for_and_the_namesake_against(resolved):
    halves = _evidence(resolved, "zora-li", "zora-hs")
    assert halves["first_name"]["weight"] > 0 and halves["last_name"]["weight"] > 0
    assert halves["company"]["weight"] > 0 and "company" in halves["company"]["level"]
    assert halves["title"]["level"] == "Exact match on title_key"  # CFO is Chief Financial Officer
    other = _evidence(resolved, "zora-li", "zora-other")
    assert other["first_name"]["weight"] > 0
    assert other["company"]["weight"] < 0 and other["company"]["level"] == "All other comparisons"
    assert other["title"]["weight"] < 0


def test_without_evidence_resolve_keeps_none():
    assert resolve.__kwdefaults__["evidence"] is False


def test_the_node_with_the_linkedin_profile_stays_and_do_not_contact_needs_a_person():
    keep, gone = _keep_first({"unique_id": "a", "linkedin_url": None},
                             {"unique_id": "b", "linkedin_url": "https://www.linkedin.com/in/x"})
    assert (keep["unique_id"], gone["unique_id"]) == ("b", "a")
    assert _keep_first({"unique_id": "b"}, {"unique_id": "a"})[0]["unique_id"] == "a"
    assert _conflict({"do_not_contact": True}, {"do_not_contact": False}) == "do_not_contact"
    assert _conflict({"do_not_contact": True}, {"do_not_contact": True}) is None
    assert _conflict({}, {"do_not_contact": None}) is None
