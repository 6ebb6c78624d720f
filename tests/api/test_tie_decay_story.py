"""Issue 17's story over HTTP against the real server: a tie's strength falls as its last
interaction ages and rises with a new meeting; a manual strength decays, a confirmed one
does not. The request's date is the app's clock (REFERRALS_CLOCK), as in the other stories.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest

from graph.bulk import BulkWriter
from referrals.model import CompanyRecord, CompanyStatus, EmploymentRecord, PersonRecord
from referrals.tie_strength import TieEvidence, decayed, strength

pytestmark = pytest.mark.neo4j

V1 = "/api/v1"
T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
EMAILS = {"p-rep": "riley@ourco.com", "p-ann": "ann@other.com", "p-tara": "tara@target.com",
          "p-bo": "bo@other.com"}


@pytest.fixture
def story(graph, app, client, make_key):
    w = BulkWriter(graph)
    w.companies([CompanyRecord("c-other", "Other", domain="other.com", status=CompanyStatus.OTHER),
                 CompanyRecord("c-tgt", "Target", domain="target.com", status=CompanyStatus.PROSPECT)])
    w.people([PersonRecord(pid, pid[2:].title(), email=email, is_rep=pid == "p-rep")
              for pid, email in EMAILS.items()])
    w.employments([EmploymentRecord("p-ann", "c-other"), EmploymentRecord("p-bo", "c-other"),
                   EmploymentRecord("p-tara", "c-tgt")])
    clock = {"now": T0}
    app.config["REFERRALS_CLOCK"] = lambda: clock["now"]
    return clock, make_key("write", "Riley Rep")


def _import(client, key, rows):
    log = "from,to,channel,date\n" + "".join(f"{EMAILS[a]},{EMAILS[b]},{ch},{on}\n" for a, b, ch, on in rows)
    data = {"format": "interactions", "file": (io.BytesIO(log.encode()), "log.csv")}
    r = client.post(V1 + "/imports", data=data, headers=key, content_type="multipart/form-data")
    assert r.status_code == 200 and not r.get_json()["errors"], r.get_json()


def _tie(client, key, a, b):
    r = client.get(f"{V1}/people/{a}/relationships", headers=key)
    assert r.status_code == 200, r.get_json()
    return next(t for t in r.get_json()["items"] if t["b"] == b)["strength"]


def _edge(client, key, a, b):
    r = client.get(f"{V1}/referral-paths?target=p-tara&from=p-rep", headers=key)
    assert r.status_code == 200, r.get_json()
    path = r.get_json()["paths"][0]
    return next(e["strength"] for e in path["edges"] if {e["from"], e["to"]} == {a, b})


def test_a_ties_strength_falls_as_its_last_interaction_ages_and_rises_with_a_new_meeting(story, client):
    clock, key = story
    day0 = T0.date()
    meetings = [("p-rep", "p-ann", "meeting", "2026-01-05"), ("p-ann", "p-rep", "meeting", "2026-01-08"),
                ("p-ann", "p-tara", "meeting", "2026-01-06"), ("p-tara", "p-ann", "call", "2026-01-07")]
    _import(client, key, meetings)
    evidence = TieEvidence(meetings=2, sent_by_a=1, sent_by_b=1, last_interaction=date(2026, 1, 8))
    fresh = strength(evidence, day0)
    assert _tie(client, key, "p-rep", "p-ann") == fresh == _edge(client, key, "p-rep", "p-ann")

    # half a year without contact: the part above the floor has halved, in the list and on the path
    clock["now"] = T0 + timedelta(days=180)
    aged = _tie(client, key, "p-rep", "p-ann")
    assert aged == decayed(fresh, day0, clock["now"].date(), 180) < fresh
    assert _edge(client, key, "p-rep", "p-ann") == aged
    assert aged == pytest.approx(strength(evidence, clock["now"].date()), abs=2e-4)

    # another half year: weaker still
    clock["now"] = T0 + timedelta(days=365)
    older = _tie(client, key, "p-rep", "p-ann")
    assert older < aged and _edge(client, key, "p-rep", "p-ann") == older
    score_before = client.get(f"{V1}/referral-paths?target=p-tara&from=p-rep", headers=key).get_json()

    # a new meeting today raises it again: recomputed from the evidence, not kept as it was
    today = clock["now"].date()
    _import(client, key, [("p-rep", "p-ann", "meeting", today.isoformat())])
    renewed = _tie(client, key, "p-rep", "p-ann")
    assert renewed == strength(TieEvidence(meetings=3, sent_by_a=2, sent_by_b=1, last_interaction=today),
                               today) > aged
    assert _edge(client, key, "p-rep", "p-ann") == renewed
    score_after = client.get(f"{V1}/referral-paths?target=p-tara&from=p-rep", headers=key).get_json()
    assert score_after["paths"][0]["score"] > score_before["paths"][0]["score"]


def test_a_manual_strength_decays_and_a_confirmed_one_does_not(story, client):
    clock, key = story
    r = client.post(V1 + "/relationships", json={"a": "p-rep", "b": "p-bo", "strength": 0.9}, headers=key)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["strength"] == 0.9
    r = client.post(V1 + "/relationships", json={"a": "p-rep", "b": "p-ann", "strength": 0.9}, headers=key)
    assert r.status_code == 201, r.get_json()

    clock["now"] = T0 + timedelta(days=180)
    assert _tie(client, key, "p-rep", "p-bo") == 0.475  # 0.05 + 0.85 / 2
    assert _tie(client, key, "p-rep", "p-ann") == 0.475

    # Bo confirms the tie as it stands today: from then on it holds
    r = client.post(V1 + "/relationships/p-rep/p-bo/confirmation", json={"action": "confirm", "by": "p-bo"},
                    headers=key)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["confirmed_strength"] == 0.475 == r.get_json()["inferred_strength"]

    clock["now"] = T0 + timedelta(days=720)
    assert _tie(client, key, "p-rep", "p-bo") == 0.475
    assert _tie(client, key, "p-rep", "p-ann") == decayed(0.9, T0.date(), clock["now"].date(), 180) < 0.11


def test_the_manual_strength_is_its_own_evidence(story, client, graph):
    _clock, key = story
    client.post(V1 + "/relationships", json={"a": "p-bo", "b": "p-rep", "strength": 0.6}, headers=key)
    tie = graph.query("MATCH (:Person {id: 'p-bo'})-[k:KNOWS]-(:Person {id: 'p-rep'}) "
                      "RETURN properties(k) AS k")[0]["k"]
    assert (tie["manual_strength"], tie["manual_strength_by"]) == (0.6, "Riley Rep")
    assert tie["manual_strength_on"].to_native() == tie["strength_on"].to_native() == T0.date()


def test_the_half_life_is_configurable(story, client, app):
    clock, key = story
    app.config["REFERRALS_TIE_HALF_LIFE_DAYS"] = 90
    r = client.post(V1 + "/relationships", json={"a": "p-rep", "b": "p-bo", "strength": 0.8}, headers=key)
    assert r.status_code == 201
    clock["now"] = T0 + timedelta(days=90)
    assert _tie(client, key, "p-rep", "p-bo") == 0.425
