"""The offline importer's CSV files (pure: no server): numbering and row content."""

import csv
from datetime import date

from graph.offline_load import write_csvs
from referrals.model import CompanyRecord, EmploymentRecord, PersonRecord, TieRecord


class TinyNetwork:
    def companies(self):
        return [CompanyRecord("c-1", "Acme, Inc.", domain="acme.com")]

    def people(self):
        return [PersonRecord("p-b", "Bo \"Bee\" Lin", is_rep=True), PersonRecord("p-a", "Al Ng")]

    def employments(self):
        return [EmploymentRecord("p-a", "c-1", "CFO", current=True)]

    def ties(self):
        return [TieRecord("p-b", "p-a", 0.75, 3, date(2026, 3, 1)), TieRecord("p-a", "p-b", 0.5)]


def read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_nodes_are_numbered_companies_first_and_ties_point_from_the_smaller_id(tmp_path):
    counts = write_csvs(tmp_path, TinyNetwork())
    assert counts == {"companies": 1, "people": 2, "employments": 1, "ties": 2}
    companies, people = read(tmp_path / "companies.csv"), read(tmp_path / "people.csv")
    assert companies[0][:2] == [":ID", "id"] and companies[1][:3] == ["0", "c-1", "Acme, Inc."]
    assert [row[:3] for row in people[1:]] == [["1", "p-b", 'Bo "Bee" Lin'], ["2", "p-a", "Al Ng"]]
    assert people[1][-1] == "Person;Rep" and people[2][-1] == "Person"
    assert read(tmp_path / "works_at.csv")[1][:3] == ["2", "0", "CFO"]
    ties = read(tmp_path / "knows.csv")
    assert ties[0][:2] == [":START_ID", ":END_ID"]
    # p-a < p-b, so both ties run from p-a (node 2) to p-b (node 1); missing dates stay empty
    assert ties[1:] == [["2", "1", "0.75", "3", "2026-03-01", "import"],
                        ["2", "1", "0.5", "0", "", "import"]]
