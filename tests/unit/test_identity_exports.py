"""seed/exports.py: multi-source exports with known truth (docs/identity.md, "The exports")."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from graph.importers import parse_file
from seed.exports import NOISE_LEVELS, plain, title_variant, true_people, write_exports

FILES = ("hubspot-contacts.csv", "salesforce-contacts.csv", "interactions.csv", "truth.csv", "people.csv",
         "manifest.json")


@pytest.fixture(scope="module")
def medium(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("medium")
    write_exports(out, people=400, noise="medium", seed=3)
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        if path.name.startswith("linkedin"):
            for _ in range(3):  # the "Notes:" preamble
                fh.readline()
        return list(csv.DictReader(fh))


def test_same_seed_same_bytes_other_seed_other_data(tmp_path, medium):
    write_exports(tmp_path / "again", people=400, noise="medium", seed=3)
    names = sorted(p.name for p in medium.iterdir())
    assert names == sorted(p.name for p in (tmp_path / "again").iterdir())
    for name in names:
        assert (medium / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name
    write_exports(tmp_path / "other", people=400, noise="medium", seed=4)
    assert (tmp_path / "other" / "truth.csv").read_bytes() != (medium / "truth.csv").read_bytes()


def test_every_row_has_its_true_person_and_every_person_a_row(medium):
    truth = _rows(medium / "truth.csv")
    people = {p["true_id"]: p for p in _rows(medium / "people.csv")}
    by_file = Counter(t["file"] for t in truth)
    for name in [*FILES[:3], *(p.name for p in medium.glob("linkedin-*.csv"))]:
        assert by_file[name] == len(_rows(medium / name)), name
    assert {t["true_id"] for t in truth} == set(people)
    # the truth line is the physical line of the row: LinkedIn rows carry their person's URL
    for path in medium.glob("linkedin-*.csv"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for t in (t for t in truth if t["file"] == path.name):
            assert people[t["true_id"]]["linkedin_url"] in lines[int(t["line"]) - 1]


def test_the_real_parsers_read_every_file_without_a_row_error(medium):
    manifest = json.loads((medium / "manifest.json").read_text())
    for entry in manifest["files"]:
        with open(medium / entry["file"], "rb") as fh:
            rows = list(parse_file(fh, entry["format"], owner_id=entry.get("owner"),
                                   source=entry.get("source"), today=date(2026, 11, 1)))
        assert rows and not [r.error for r in rows if r.error], entry["file"]


def _crm_stats(folder: Path) -> dict[str, float]:
    people = {p["true_id"]: p for p in _rows(folder / "people.csv")}
    truth = [t for t in _rows(folder / "truth.csv") if t["file"] == "hubspot-contacts.csv"]
    rows = _rows(folder / "hubspot-contacts.csv")
    n = len(rows)
    named_as_truth = sum(
        1 for r, t in zip(rows, truth, strict=True)
        if (r["First Name"], r["Last Name"]) == (people[t["true_id"]]["first"], people[t["true_id"]]["last"]))
    personal = sum(1 for r in rows if r["Email"].split("@")[-1] in ("gmail.com", "outlook.com", "yahoo.com",
                                                                     "icloud.com", "hotmail.com", "gmx.de"))
    return {"no_email": sum(1 for r in rows if not r["Email"]) / n, "personal": personal / n,
            "name_changed": 1 - named_as_truth / n,
            "duplicates": 1 - len({t["true_id"] for t in truth}) / n}


def test_noise_levels_do_what_the_docs_say(tmp_path):
    stats = {}
    for level in ("low", "high"):
        write_exports(tmp_path / level, people=1500, noise=level, seed=5)
        stats[level] = _crm_stats(tmp_path / level)
    low, high = NOISE_LEVELS["low"], NOISE_LEVELS["high"]
    # missing email: the level's rate, plus half the duplicates (a second record has none)
    assert stats["low"]["no_email"] == pytest.approx(low.missing_email, abs=0.03)
    assert stats["high"]["no_email"] == pytest.approx(high.missing_email + high.duplicate / 2, abs=0.04)
    assert stats["high"]["personal"] > stats["low"]["personal"] + 0.08
    assert stats["high"]["name_changed"] > stats["low"]["name_changed"] + 0.15
    assert stats["high"]["duplicates"] == pytest.approx(high.duplicate, abs=0.025)
    assert stats["low"]["duplicates"] < 0.025


def test_people_have_accents_nicknames_are_real_and_jobs_change():
    people, companies = true_people(3000, NOISE_LEVELS["high"], seed=1)
    assert 0.1 < sum(1 for p in people if plain(p.first + p.last) != p.first + p.last) / len(people) < 0.4
    moved = [p for p in people if p.previous_company is not None]
    assert 0.15 < len(moved) / len(people) < 0.25
    assert all(p.previous_email and p.previous_email.split("@")[1] == companies[p.previous_company].domain
               for p in moved)
    assert len({p.email for p in people} | {p.personal_email for p in people}) == 2 * len(people)
    assert plain("Łukasz Müller-Ødegaard") == "Lukasz Muller-Odegaard"
    assert title_variant("Chief Financial Officer") == "CFO"
    assert title_variant("VP of Sales") == "VP Sales"


def test_more_companies_than_the_name_lists_have_roots_still_get_unique_names_and_domains():
    from seed.exports import _companies

    companies = _companies(5000, seed=2)  # 100,000 people; the lists give about 2,400 roots
    assert len({c.domain for c in companies}) == len({c.name for c in companies}) == 5000
