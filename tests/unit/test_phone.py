"""Phones (issue #16): one written form, read by the CRM and graph-json importers, made by
the exports generator per true person, and compared by the identity model."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date

import pytest

from graph.importers import parse_file
from graph.importers.keys import normalise_phone
from identity.model import _comparisons, _tf_columns, features, name_frequencies, resolve
from seed.exports import NOISE_LEVELS, write_exports

TODAY = date(2026, 11, 1)


@pytest.mark.parametrize("text, number", [
    ("+1 415 555 0123", "+14155550123"),
    ("(415) 555-0123", "+14155550123"),
    ("415.555.0123", "+14155550123"),
    ("+1 415-555-0123 ext. 12", "+14155550123"),  # the extension is the desk, not the person
    ("+44 20 7946 0958", "+442079460958"),
    ("+49 30 12345678", "+493012345678"),
    ("  +65 6123 4567 ", "+6561234567"),
])
def test_written_forms_become_one(text, number):
    assert normalise_phone(text) == number


@pytest.mark.parametrize("text", [None, "", "   ", "n/a", "ask reception", "12345", "+1 415"])
def test_what_cannot_be_a_number_is_none(text):
    assert normalise_phone(text) is None


def _people(data: bytes, fmt: str, source: str | None = None):
    rows = list(parse_file(io.BytesIO(data), fmt, source=source or fmt, today=TODAY))
    return rows, [p for r in rows for p in r.people]


def test_hubspot_and_salesforce_phones_are_read():
    hubspot = (b"Record ID,First Name,Last Name,Email,Phone Number,Company Name\n"
               b"1,Zora,Kline,zora.kline@quorbit.com,(415) 555-0123,Quorbit\n")
    salesforce = (b"Contact ID,First Name,Last Name,Email,Phone,Account Name\n"
                  b"0035g1,Zora,Kline,,+1 415 555 0123,Quorbit\n")
    assert [p.phone for p in _people(hubspot, "hubspot")[1]] == ["+14155550123"]
    assert [p.phone for p in _people(salesforce, "salesforce")[1]] == ["+14155550123"]


def test_a_mobile_column_is_read_where_there_is_no_other():
    data = b"Record ID,First Name,Last Name,Mobile Phone Number\n7,Ann,Lee,+44 7700 900123\n"
    assert [p.phone for p in _people(data, "hubspot")[1]] == ["+447700900123"]


def test_a_phone_that_is_not_a_number_leaves_the_contact_in():
    data = (b"Record ID,First Name,Last Name,Email,Phone Number\n"
            b"1,Ann,Lee,ann@acme.com,ask reception\n"
            b"2,Bo,Ng,bo@acme.com,+1 212 555 0199\n")
    rows, people = _people(data, "hubspot")
    assert [r.error for r in rows] == [None, None]
    assert [(p.email, p.phone) for p in people] == [("ann@acme.com", None), ("bo@acme.com", "+12125550199")]


def test_graph_json_phone_is_kept_and_a_bad_one_is_an_error_on_its_item():
    doc = {"source": "partner", "people": [
        {"name": "Ann Lee", "email": "ann@acme.com", "phone": "+44 20 7946 0958"},
        {"name": "Bo Ng", "email": "bo@acme.com", "phone": "call me"},
    ]}
    rows, people = _people(json.dumps(doc).encode(), "graph-json", "partner")
    assert [p.phone for p in people] == ["+442079460958"]
    errors = [r.error for r in rows if r.error is not None]
    assert len(errors) == 1 and errors[0].field == "phone"
    assert "'call me' is not a phone number" in errors[0].detail


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    out = tmp_path_factory.mktemp("phones")
    write_exports(out, people=600, noise="low", seed=5)
    return out


def _csv(path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_exports_write_each_true_persons_own_numbers(exports):
    people = {p["true_id"]: p for p in _csv(exports / "people.csv")}
    truth = {(t["file"], int(t["line"])): t["true_id"] for t in _csv(exports / "truth.csv")}
    shown = 0
    for name, column in (("hubspot-contacts.csv", "Phone Number"), ("salesforce-contacts.csv", "Phone")):
        for line, row in enumerate(_csv(exports / name), start=2):
            if not row[column]:
                continue
            shown += 1
            person = people[truth[(name, line)]]
            number = normalise_phone(row[column])
            assert number is not None, row[column]
            # the mobile, the desk now or before a job change, or the switchboard (with an extension)
            if number not in (person["mobile"], person["work_phone"]):
                assert "ext." in row[column] or person["previous_company"], (row[column], person)
    crm_rows = sum(1 for name in ("hubspot-contacts.csv", "salesforce-contacts.csv")
                   for _ in _csv(exports / name))
    # "low" leaves a phone out of 35% of CRM records
    assert 0.55 < shown / crm_rows < 0.75
    missing = [NOISE_LEVELS[level].missing_phone for level in ("low", "medium", "high")]
    assert missing == sorted(missing) and len(set(missing)) == 3


def test_a_switchboard_is_shared_and_a_mobile_is_not(exports):
    people = _csv(exports / "people.csv")
    work = Counter(p["work_phone"] for p in people)
    assert max(work.values()) > 1  # colleagues without a direct line share the switchboard
    assert len({p["mobile"] for p in people}) == len(people)
    assert all(normalise_phone(p["mobile"]) == p["mobile"] for p in people)  # E.164 already


def test_the_model_compares_phones_weighed_by_how_common_they_are():
    assert features({"unique_id": "a", "name": "Ann Lee", "phone": "+14155550123"})["phone"] == "+14155550123"
    assert features({"unique_id": "a", "name": "Ann Lee"})["phone"] is None
    phone = next(c for c in _comparisons() if c._output_column_name == "phone")
    assert phone is not None
    freq = name_frequencies([{"name": "Ann Lee", "phone": "+1"}, {"name": "Bo Ng", "phone": "+1"},
                             {"name": "Cy Orr", "phone": "+2"}, {"name": "Di Poe"}])
    assert freq["phone"] == {"+1": 2 / 3, "+2": 1 / 3}


def test_a_trained_model_adjusts_the_phone_by_term_frequency(exports):
    from identity.records import records_from_exports

    result = resolve(records_from_exports(exports).records)
    assert _tf_columns(result.model) == ["first", "last", "phone"]
    assert _tf_columns({"comparisons": []}) == []  # a model kept from before phones: none
