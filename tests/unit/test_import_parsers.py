"""Import parsers: files -> records + per-line errors. Pure; no database."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pytest

from graph.importers import (
    FORMATS,
    ParsedRow,
    RowError,
    UnreadableFile,
    company_id_for,
    company_status_from,
    normalise_company_name,
    normalise_domain,
    normalise_email,
    normalise_linkedin_url,
    parse_file,
    person_id_for,
    recognise_header,
    region_from_country,
    seniority_from_title,
)
from graph.importers.limits import ImportLimits
from referrals.model import Channel, CompanyStatus, Seniority
from referrals.tie_strength import connection_strength

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"
TODAY = date(2025, 3, 1)
OWNER = "p-rep-rita"


def parse(name: str, fmt: str, **kw) -> list[ParsedRow]:
    kw.setdefault("today", TODAY)
    if fmt == "linkedin":
        kw.setdefault("owner_id", OWNER)
    with open(DATA / name, "rb") as fh:
        return list(parse_file(fh, fmt, **kw))


def parse_bytes(data: bytes, fmt: str, **kw) -> list[ParsedRow]:
    kw.setdefault("today", TODAY)
    if fmt == "linkedin":
        kw.setdefault("owner_id", OWNER)
    return list(parse_file(io.BytesIO(data), fmt, **kw))


def good(rows: list[ParsedRow]) -> list[ParsedRow]:
    return [r for r in rows if r.error is None and r.skipped is None]


def errors(rows: list[ParsedRow]) -> list[tuple[int, str]]:
    return [(r.error.line, r.error.field) for r in rows if r.error]


def people(rows: list[ParsedRow]):
    return [p for r in rows for p in r.people]


def companies(rows: list[ParsedRow]):
    return [c for r in rows for c in r.companies]


def sha16(key: str) -> str:
    return hashlib.sha1(key.encode()).hexdigest()[:16]


# ------------------------------------------------------------------------------ ids


class TestIds:
    def test_person_id_is_sha1_of_normalised_linkedin_url(self):
        pid = person_id_for(linkedin_url="https://www.linkedin.com/in/dana-lee-4b1a2c")
        assert pid == "p-" + sha16("https://www.linkedin.com/in/dana-lee-4b1a2c")

    @pytest.mark.parametrize(
        "url",
        [
            "https://www.linkedin.com/in/dana-lee-4b1a2c",
            "https://www.linkedin.com/in/Dana-Lee-4B1A2C/",
            "http://linkedin.com/in/dana-lee-4b1a2c?trk=public_profile#about",
            "linkedin.com/in/dana-lee-4b1a2c",
            "https://uk.linkedin.com/in/dana-lee-4b1a2c/details/experience/",
            " www.linkedin.com/in/dana-lee-4b1a2c ",
        ],
    )
    def test_linkedin_url_spellings_give_one_id(self, url):
        assert normalise_linkedin_url(url) == "https://www.linkedin.com/in/dana-lee-4b1a2c"
        assert person_id_for(linkedin_url=url) == person_id_for(
            linkedin_url="https://www.linkedin.com/in/dana-lee-4b1a2c"
        )

    @pytest.mark.parametrize(
        "url", ["", "https://example.com/in/dana", "https://www.linkedin.com/company/acme", "x"]
    )
    def test_non_profile_urls_are_rejected(self, url):
        assert normalise_linkedin_url(url) is None

    def test_percent_encoded_slug_is_decoded(self):
        assert (
            normalise_linkedin_url("https://www.linkedin.com/in/j%C3%BCrgen-m%C3%BCller-5a/")
            == "https://www.linkedin.com/in/jürgen-müller-5a"
        )

    def test_email_key_is_lower_case(self):
        assert person_id_for(email="Dana.Lee@ACME.com") == "p-" + sha16("dana.lee@acme.com")
        assert person_id_for(email="Dana Lee <dana.lee@acme.com>") == person_id_for(
            email="mailto:dana.lee@acme.com"
        )

    def test_key_priority_url_then_email_then_source_id(self):
        url = "https://www.linkedin.com/in/dana"
        assert person_id_for(linkedin_url=url, email="d@acme.com") == person_id_for(linkedin_url=url)
        assert person_id_for(email="d@acme.com", source="hubspot", external_id="51") == (
            person_id_for(email="d@acme.com")
        )
        assert person_id_for(source="hubspot", external_id="51") == "p-" + sha16("hubspot:51")
        assert person_id_for(source="hubspot", external_id="51") != person_id_for(
            source="salesforce", external_id="51"
        )

    def test_person_without_any_key_is_refused(self):
        with pytest.raises(ValueError):
            person_id_for()
        with pytest.raises(ValueError):
            person_id_for(email="not an email", external_id="7")

    @pytest.mark.parametrize(
        "domain", ["acme.com", "https://www.Acme.com/about?x=1", "WWW.ACME.COM.", "http://acme.com:8080"]
    )
    def test_company_id_from_domain(self, domain):
        assert normalise_domain(domain) == "acme.com"
        assert company_id_for(domain=domain) == "c-" + sha16("acme.com")

    def test_company_domain_wins_over_name(self):
        assert company_id_for(domain="acme.com", name="Acme") == company_id_for(domain="acme.com")
        assert company_id_for(domain="n/a", name="Acme, Inc.") == "c-" + sha16("acme")

    def test_company_without_key_is_refused(self):
        with pytest.raises(ValueError):
            company_id_for()
        with pytest.raises(ValueError):
            company_id_for(domain="not a domain", name="  ")

    @pytest.mark.parametrize(
        ("name", "key"),
        [
            ("Acme, Inc.", "acme"),
            ("ACME Inc", "acme"),
            ("Acme Corp.", "acme"),
            ("Acme Corporation", "acme"),
            ("Acme LLC", "acme"),
            ("Acme Ltd", "acme"),
            ("Acme Pty Ltd", "acme"),
            ("Müller & Söhne GmbH", "muller sohne"),
            ("Société Générale S.A.", "societe generale"),
            ("Barclays PLC", "barclays"),
            ("Smith & Co.", "smith"),
            ("McDonald's", "mcdonalds"),
            ("Inc", "inc"),
            ("", ""),
        ],
    )
    def test_normalise_company_name(self, name, key):
        assert normalise_company_name(name) == key

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("not an email", None),
            ("a@b", None),
            ("", None),
            ("  Dana@Acme.COM ", "dana@acme.com"),
        ],
    )
    def test_normalise_email(self, text, expected):
        assert normalise_email(text) == expected


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Chief Financial Officer", Seniority.CXO),
        ("CFO", Seniority.CXO),
        ("Co-Founder & CEO", Seniority.CXO),
        ("Owner", Seniority.CXO),
        ("President", Seniority.CXO),
        ("Managing Director", Seniority.CXO),
        ("Geschäftsführer", Seniority.CXO),
        ("Vice President, Customer Success", Seniority.VP),
        ("SVP Sales", Seniority.VP),
        ("VP of Sales", Seniority.VP),
        ("Director of Procurement", Seniority.DIRECTOR),
        ("Head of Partnerships", Seniority.DIRECTOR),
        ("Engineering Manager", Seniority.MANAGER),
        ("Team Lead, Support", Seniority.MANAGER),
        ("Senior Software Engineer", Seniority.IC),
        ("Executive Assistant to the CEO", Seniority.IC),
        ("", None),
        (None, None),
    ],
)
def test_seniority_from_title(title, level):
    assert seniority_from_title(title) == level


@pytest.mark.parametrize(
    ("values", "status"),
    [
        (("Customer - Direct",), CompanyStatus.CLIENT),
        (("", "Customer"), CompanyStatus.CLIENT),
        (("Client",), CompanyStatus.CLIENT),
        (("Prospect", "Opportunity"), CompanyStatus.PROSPECT),
        (("", "Lead"), CompanyStatus.PROSPECT),
        (("", "Marketing Qualified Lead"), CompanyStatus.PROSPECT),
        (("Channel Partner / Reseller",), CompanyStatus.PARTNER),
        (("Partner", "Customer"), CompanyStatus.CLIENT),
        (("Other",), CompanyStatus.OTHER),
        (("",), CompanyStatus.OTHER),
    ],
)
def test_company_status_from(values, status):
    assert company_status_from(*values) is status


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("United States", "NA"),
        ("DE", "EMEA"),
        ("japan", "APAC"),
        ("emea", "EMEA"),
        ("Atlantis", "Atlantis"),
        ("", None),
    ],
)
def test_region_from_country(country, region):
    assert region_from_country(country) == region


# ------------------------------------------------------------------------- linkedin


class TestLinkedIn:
    def test_rows_count_preamble_lines(self):
        rows = parse("linkedin_connections.csv", "linkedin")
        assert rows[0].line == 5  # Notes:, the note, a blank line, the header
        assert [r.line for r in rows] == list(range(5, 20))

    def test_bad_rows_are_reported_with_their_physical_line(self):
        rows = parse("linkedin_connections.csv", "linkedin")
        assert errors(rows) == [(13, "Connected On"), (15, "URL")]
        bad_date = next(r for r in rows if r.line == 13)
        assert "31 Feb 2021" in bad_date.error.detail
        assert bad_date.empty and not bad_date.ok

    def test_duplicate_profile_is_skipped(self):
        rows = parse("linkedin_connections.csv", "linkedin")
        dup = next(r for r in rows if r.line == 18)
        assert dup.empty and dup.error is None
        assert dup.skipped == "duplicate of line 5 (same URL)"

    def test_records(self):
        rows = parse("linkedin_connections.csv", "linkedin")
        ok = good(rows)
        assert len(ok) == 12
        dana = ok[0].people[0]
        assert dana.name == "Dana Lee"
        assert dana.email is None  # LinkedIn leaves most emails blank
        assert dana.linkedin_url == "https://www.linkedin.com/in/dana-lee-4b1a2c"
        assert dana.id == person_id_for(linkedin_url=dana.linkedin_url)
        assert dana.title == "Chief Financial Officer"
        assert dana.seniority is Seniority.CXO
        marcus = ok[1].people[0]
        assert marcus.email == "marcus.okafor@globex.com"
        assert marcus.seniority is Seniority.VP
        assert ok[1].companies[0].name == "Globex, Inc."

    def test_employment_and_tie(self):
        row = parse("linkedin_connections.csv", "linkedin")[0]
        (emp,) = row.employments
        (tie,) = row.ties
        pid = row.people[0].id
        assert emp.person_id == pid and emp.current is True
        assert emp.title == "Chief Financial Officer" and emp.seniority is Seniority.CXO
        assert emp.company_id == company_id_for(name="Acme Corp")
        assert (tie.a, tie.b, tie.source) == (OWNER, pid, "linkedin")
        assert tie.last_interaction == date(2021, 3, 12)
        assert tie.strength == connection_strength(date(2021, 3, 12), TODAY)
        assert 0 < tie.strength <= 1

    def test_companies_matched_by_normalised_name_and_emitted_once(self):
        rows = parse("linkedin_connections.csv", "linkedin")
        acme_id = company_id_for(name="Acme Corp")
        tom = next(r for r in rows if r.line == 8)  # "ACME Corp."
        assert tom.companies == []
        assert tom.employments[0].company_id == acme_id
        names = [c.name for c in companies(rows)]
        assert len(names) == len(set(names))
        assert all(c.status is CompanyStatus.OTHER for c in companies(rows))
        assert rows[0].company_stubs == {acme_id}

    def test_blank_company_gives_no_employment(self):
        wei = next(r for r in parse("linkedin_connections.csv", "linkedin") if r.line == 11)
        assert wei.people and wei.employments == [] and wei.companies == []
        assert len(wei.ties) == 1

    def test_owner_required(self):
        with open(DATA / "linkedin_connections.csv", "rb") as fh:
            with pytest.raises(ValueError, match="owner_id"):
                parse_file(fh, "linkedin", today=TODAY)
            with pytest.raises(ValueError, match="owner_id"):
                parse_file(fh, "linkedin", owner_id=" ", today=TODAY)

    def test_export_without_preamble(self):
        rows = parse("linkedin_no_preamble.csv", "linkedin")
        assert [r.line for r in rows] == [2]
        assert rows[0].people[0].name == "Dana Lee"

    def test_other_csv_is_refused(self):
        with pytest.raises(UnreadableFile, match="Connections.csv"):
            parse("linkedin_wrong_file.csv", "linkedin")
        with pytest.raises(UnreadableFile, match="Connections.csv"):
            parse("hubspot_contacts.csv", "linkedin")

    def test_header_without_url_is_refused(self):
        with pytest.raises(UnreadableFile, match="URL"):
            parse_bytes(b"First Name,Last Name,Company\nDana,Lee,Acme\n", "linkedin")

    def test_future_date_and_bad_url(self):
        data = (
            b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"A,B,https://www.linkedin.com/in/ab,,X,CEO,01 Jan 2030\n"
            b"C,D,https://twitter.com/cd,,X,CEO,01 Jan 2020\n"
            b"E,F,https://www.linkedin.com/in/ef,not-an-email,X,CEO,01 Jan 2020\n"
            b",,https://www.linkedin.com/in/gh,,X,CEO,01 Jan 2020\n"
        )
        rows = parse_bytes(data, "linkedin")
        assert errors(rows) == [
            (2, "Connected On"),
            (3, "URL"),
            (4, "Email Address"),
            (5, "First Name"),
        ]
        assert "after today" in rows[0].error.detail

    def test_owner_own_profile_is_skipped(self):
        url = "https://www.linkedin.com/in/rita"
        data = (
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            f"Rita,Rep,{url},,OurCo,AE,01 Jan 2020\n"
        ).encode()
        rows = parse_bytes(data, "linkedin", owner_id=person_id_for(linkedin_url=url))
        assert rows[0].skipped and rows[0].empty

    def test_reimport_gives_identical_records(self):
        first = parse("linkedin_connections.csv", "linkedin")
        second = parse("linkedin_connections.csv", "linkedin")
        assert first == second


# -------------------------------------------------------------------------- hubspot


class TestHubSpot:
    def test_header_recognition(self):
        with open(DATA / "hubspot_contacts.csv", newline="") as fh:
            header = next(csv.reader(fh))
        assert recognise_header(header, "hubspot").kind == "contacts"
        with open(DATA / "hubspot_companies.csv", newline="") as fh:
            header = next(csv.reader(fh))
        found = recognise_header(header, "hubspot")
        assert found.kind == "companies" and found.label == "HubSpot companies export"

    def test_internal_property_names_are_recognised(self):
        data = b"hs_object_id,firstname,lastname,email,jobtitle,company\n7,Dana,Lee,dana@acme.com,CFO,Acme\n"
        (row,) = parse_bytes(data, "hubspot")
        assert row.people[0].title == "CFO"
        assert row.external_ids == {row.people[0].id: "7"}

    def test_contacts(self):
        rows = parse("hubspot_contacts.csv", "hubspot")
        dana = rows[0]
        (person,) = dana.people
        assert person.id == person_id_for(email="dana.lee@acme.com")
        assert person.seniority is Seniority.CXO
        assert dana.external_ids == {person.id: "51"}
        assert dana.account_refs == {person.id: "9011"}
        (acme,) = dana.companies
        assert acme.domain == "acme.com" and acme.name == "Acme Corp"
        assert acme.id == company_id_for(domain="acme.com")
        assert dana.company_stubs == {acme.id}
        assert dana.employments[0].company_id == acme.id

    def test_contacts_dedupe_on_email_case_insensitively(self):
        rows = parse("hubspot_contacts.csv", "hubspot")
        tom = rows[1]  # TOM.BECKER@ACME.COM: same company as Dana, emitted once
        assert tom.people[0].email == "tom.becker@acme.com"
        assert tom.companies == []
        dup = next(r for r in rows if r.line == 7)
        assert dup.skipped == "duplicate of line 2 (same email)" and dup.empty

    def test_company_from_email_domain_but_not_from_free_mail(self):
        rows = parse("hubspot_contacts.csv", "hubspot")
        olivia = next(r for r in rows if r.line == 5)  # gmail address, company by name
        assert olivia.companies[0].domain is None
        assert olivia.companies[0].id == company_id_for(name="Brown Advisory")
        priya = next(r for r in rows if r.line == 6)  # no company name: the email domain
        assert priya.companies[0].domain == "initech.io"
        assert priya.companies[0].name == "initech.io"
        ines = next(r for r in rows if r.line == 10)  # no name: the email stands in
        assert ines.people[0].name == "ines@wayne.com"

    def test_contact_errors(self):
        rows = parse("hubspot_contacts.csv", "hubspot")
        assert errors(rows) == [(8, "Last Name"), (9, "Email")]

    def test_bad_rows_file(self):
        rows = parse("bad_rows_hubspot_contacts.csv", "hubspot")
        assert errors(rows) == [(3, "Email"), (4, "Email"), (5, "Email Opt Out")]
        assert "can't be identified" in rows[2].error.detail
        eve = rows[4].people[0]
        assert eve.do_not_contact is True
        assert rows[0].people[0].do_not_contact is False

    def test_companies(self):
        rows = parse("hubspot_companies.csv", "hubspot")
        by_line = {r.line: r for r in rows}
        acme = by_line[2].companies[0]
        assert acme.id == company_id_for(domain="acme.com")
        assert (acme.status, acme.employees, acme.region, acme.industry) == (
            CompanyStatus.CLIENT,
            800,
            "NA",
            "computer software",
        )
        assert by_line[2].external_ids == {acme.id: "9011"}
        assert by_line[2].company_stubs == set()
        globex = by_line[3].companies[0]
        assert globex.employees == 12500 and globex.status is CompanyStatus.PROSPECT
        umbrella = by_line[4].companies[0]
        assert umbrella.domain == "umbrella-health.com"  # from Website URL
        assert umbrella.employees == 125 and umbrella.region == "EMEA"
        assert by_line[6].companies[0].status is CompanyStatus.PARTNER

    def test_company_errors_and_duplicates(self):
        rows = parse("hubspot_companies.csv", "hubspot")
        assert errors(rows) == [(5, "Number of Employees"), (8, "Website URL")]
        dup = next(r for r in rows if r.line == 7)
        assert dup.skipped == "duplicate of line 2 (same domain)"

    def test_company_first_known_by_name_gets_its_domain_later(self):
        data = (
            b"Company name,Company Domain Name,Industry\n"
            b"Acme Inc,,Software\nACME,acme.com,Software\nAcme Corp,,Software\n"
        )
        rows = parse_bytes(data, "hubspot")
        first, second, third = rows
        assert second.companies[0].id == first.companies[0].id  # same company, now with a domain
        assert second.companies[0].domain == "acme.com"
        assert third.skipped == "duplicate of line 2 (same name)"

    def test_same_name_different_domains_are_two_companies(self):
        data = b"Company name,Company Domain Name\nAcme,acme.com\nAcme GmbH,acme.de\n"
        rows = parse_bytes(data, "hubspot")
        assert len(companies(rows)) == 2

    def test_unknown_header(self):
        with pytest.raises(UnreadableFile) as info:
            parse("bad_header_hubspot.csv", "hubspot")
        message = str(info.value)
        assert "HubSpot" in message and "'Deal Name'" in message and "First Name" in message

    def test_contacts_without_email_or_id_column(self):
        with pytest.raises(UnreadableFile, match="neither an Email nor"):
            parse_bytes(b"First Name,Last Name,Job Title\nDana,Lee,CFO\n", "hubspot")


# ----------------------------------------------------------------------- salesforce


class TestSalesforce:
    def test_api_contacts(self):
        rows = parse("salesforce_contacts.csv", "salesforce")
        dana = rows[0]
        pid = dana.people[0].id
        assert pid == person_id_for(email="dana.lee@acme.com")
        assert dana.external_ids == {pid: "0035g00000AbCdEAAV"}
        assert dana.account_refs == {pid: "0015g00000XyZ01AAB"}
        assert dana.companies[0].id == company_id_for(domain="acme.com")
        assert rows[2].people[0].do_not_contact is True  # HasOptedOutOfEmail

    def test_deleted_rows_are_skipped(self):
        rows = parse("salesforce_contacts.csv", "salesforce")
        deleted = next(r for r in rows if r.line == 5)
        assert deleted.skipped == "marked deleted in the export" and deleted.empty

    def test_contact_without_email_is_identified_by_source_id(self):
        rows = parse("salesforce_contacts.csv", "salesforce")
        ava = next(r for r in rows if r.line == 6)
        assert ava.people[0].id == person_id_for(source="salesforce", external_id="0035g00000AbCdIAAV")
        assert ava.employments == []  # only an AccountId: left to the writer
        assert ava.account_refs == {ava.people[0].id: "0015g00000XyZ03AAB"}
        other = parse("salesforce_contacts.csv", "salesforce", source="sfdc-emea")
        assert other[4].people[0].id == person_id_for(source="sfdc-emea", external_id="0035g00000AbCdIAAV")

    def test_contact_errors(self):
        assert errors(parse("salesforce_contacts.csv", "salesforce")) == [(7, "Email")]

    def test_accounts(self):
        rows = parse("salesforce_accounts.csv", "salesforce")
        status = {c.name: c.status for c in companies(rows)}
        assert status == {
            "Acme Corp": CompanyStatus.CLIENT,
            "Globex, Inc.": CompanyStatus.PROSPECT,
            "Hooli": CompanyStatus.PARTNER,
            "Massive Dynamic": CompanyStatus.CLIENT,
        }
        assert errors(rows) == [(5, "NumberOfEmployees")]
        acme = rows[0].companies[0]
        assert acme.domain == "acme.com" and acme.region == "NA"
        assert rows[0].external_ids == {acme.id: "0015g00000XyZ01AAB"}

    def test_accounts_and_contacts_from_all_sources_share_company_ids(self):
        ids = {
            c.id
            for name, fmt in [
                ("salesforce_accounts.csv", "salesforce"),
                ("salesforce_contacts.csv", "salesforce"),
                ("hubspot_companies.csv", "hubspot"),
                ("hubspot_contacts.csv", "hubspot"),
            ]
            for c in companies(parse(name, fmt))
            if c.domain == "acme.com"
        }
        assert ids == {company_id_for(domain="acme.com")}

    def test_report_export_with_labels_and_footer(self):
        rows = parse("salesforce_report_contacts.csv", "salesforce")
        assert errors(rows) == []
        assert [p.name for p in people(rows)] == [
            "Dana Lee",
            "Marcus Okafor",
            "Ravi Patel",
            "Ines Garcia",
        ]
        assert [c.name for c in companies(rows)] == ["Acme Corp", "Globex, Inc.", "Wayne Enterprises"]
        ravi = rows[2]
        assert ravi.employments[0].company_id == company_id_for(domain="globex.com")
        assert rows[0].people[0].seniority is Seniority.CXO

    def test_report_accounts_by_label(self):
        data = (
            b'"Account Name","Type","Website","Industry","Employees","Billing Country"\r\n'
            b'"Acme Corp","Customer - Direct","www.acme.com","Technology","800","Germany"\r\n'
        )
        (row,) = parse_bytes(data, "salesforce")
        assert row.companies[0].status is CompanyStatus.CLIENT
        assert row.companies[0].region == "EMEA"

    def test_unknown_header_names_salesforce_columns(self):
        with pytest.raises(UnreadableFile, match="Salesforce.*FirstName"):
            parse("bad_header_hubspot.csv", "salesforce")


# --------------------------------------------------------------------- interactions


class TestInteractions:
    def test_log(self):
        rows = parse("interactions.csv", "interactions")
        first = rows[0].interactions[0]
        rita = person_id_for(email="rita.rep@ourco.com")
        dana = person_id_for(email="dana.lee@acme.com")
        assert (first.sender, first.recipient, first.channel, first.on) == (
            rita,
            dana,
            Channel.MEETING,
            date(2025, 1, 14),
        )
        assert rows[0].emails == {rita: "rita.rep@ourco.com", dana: "dana.lee@acme.com"}
        assert rows[0].people == []  # the writer resolves people by email
        assert rows[1].interactions[0].on == date(2025, 1, 15)  # from a timestamp

    def test_several_recipients_give_one_interaction_each(self):
        rows = parse("interactions.csv", "interactions")
        call = rows[2]
        assert [i.recipient for i in call.interactions] == [
            person_id_for(email="marcus.okafor@globex.com"),
            person_id_for(email="tom.becker@acme.com"),
        ]
        assert all(i.channel is Channel.CALL for i in call.interactions)

    def test_errors(self):
        rows = parse("interactions.csv", "interactions")
        assert errors(rows) == [(6, "channel"), (7, "from"), (8, "date"), (9, "to")]

    def test_aliases_semicolons_and_bad_rows(self):
        rows = parse("bad_rows_interactions.csv", "interactions")
        assert rows[0].interactions[0].channel is Channel.MEETING
        assert errors(rows) == [(3, "recipient"), (4, "timestamp"), (5, "timestamp")]
        assert "after today" in rows[3].error.detail

    def test_missing_columns(self):
        with pytest.raises(UnreadableFile, match="channel"):
            parse_bytes(b"from,to,date\na@x.com,b@x.com,2025-01-01\n", "interactions")


# ----------------------------------------------------------------------- graph-json


class TestGraphJson:
    def test_items_carry_pointer_and_line(self):
        rows = parse("graph.json", "graph-json")
        where = {r.where: r for r in rows}
        assert where["/companies/0"].line == 5
        assert where["/ties/2"].line == 31
        assert where["/ties/2"].error == RowError(
            31, "strength", "must be greater than 0 and at most 1", "/ties/2"
        )

    def test_errors(self):
        rows = parse("graph.json", "graph-json")
        assert [(r.error.where, r.error.field) for r in rows if r.error] == [
            ("/deals", "deals"),
            ("/companies/3", "status"),
            ("/people/3", "nickname"),
            ("/people/4", "id"),
            ("/employments/1", "start"),
            ("/ties/2", "strength"),
            ("/ties/3", "b"),
            ("/ties/4", "strength"),
            ("/interactions/1", "channel"),
        ]

    def test_records_and_derived_ids(self):
        rows = parse("graph.json", "graph-json")
        where = {r.where: r for r in rows}
        acme = where["/companies/0"].companies[0]
        assert acme.id == company_id_for(domain="acme.com")
        assert (acme.status, acme.health, acme.industry) == (CompanyStatus.CLIENT, 0.9, "software")
        assert where["/companies/0"].external_ids == {acme.id: "A-1"}
        assert where["/companies/1"].companies[0].domain == "globex.com"
        assert where["/companies/2"].companies[0].id == "c-hooli"  # given ids are kept
        rita = where["/people/0"].people[0]
        assert rita.is_rep and rita.id == person_id_for(email="rita.rep@ourco.com")
        dana = where["/people/1"].people[0]
        assert dana.id == person_id_for(linkedin_url="https://www.linkedin.com/in/dana-lee-4b1a2c")
        marcus = where["/people/2"].people[0]
        # no email or URL: source from the document's "source"
        assert marcus.id == person_id_for(source="partner-crm", external_id="C-77")
        assert marcus.do_not_contact is True

    def test_references_resolve_within_the_file(self):
        rows = parse("graph.json", "graph-json")
        where = {r.where: r for r in rows}
        acme_id = company_id_for(domain="acme.com")
        dana = person_id_for(linkedin_url="https://www.linkedin.com/in/dana-lee-4b1a2c")
        marcus = person_id_for(source="partner-crm", external_id="C-77")
        assert where["/people/1"].employments[0].company_id == acme_id  # by domain
        assert where["/people/2"].employments[0].company_id == acme_id  # by external id
        emp = where["/employments/0"].employments[0]
        assert (emp.person_id, emp.company_id, emp.current) == (marcus, "c-hooli", False)
        tie = where["/ties/0"].ties[0]
        assert (tie.b, tie.strength, tie.interactions) == (dana, 0.8, 12)
        assert tie.source == "partner-crm"
        assert where["/ties/1"].ties[0].source == "worked-together"
        assert (where["/ties/1"].ties[0].a, where["/ties/1"].ties[0].b) == (dana, marcus)

    def test_unknown_email_reference_is_passed_on_with_its_email(self):
        doc = {"ties": [{"a": "new.person@x.com", "b": "p-0000000000000001", "strength": 0.4}]}
        (row,) = parse_bytes(json.dumps(doc).encode(), "graph-json")
        pid = person_id_for(email="new.person@x.com")
        assert row.ties[0].a == pid and row.ties[0].b == "p-0000000000000001"
        assert row.emails == {pid: "new.person@x.com"}

    @pytest.mark.parametrize(
        ("item", "field"),
        [
            ({"name": "Acme", "employees": True}, "employees"),
            ({"name": "Acme", "employees": -1}, "employees"),
            ({"name": "Acme", "health": 1.2}, "health"),
            ({"name": "Acme", "domain": "nope"}, "domain"),
            ({"name": 7}, "name"),
            ({}, "name"),
            ("Acme", ""),
        ],
    )
    def test_company_validation(self, item, field):
        (row,) = parse_bytes(json.dumps({"companies": [item]}).encode(), "graph-json")
        assert row.error is not None and row.error.field == field
        assert row.error.where == "/companies/0" and row.error.line == 1

    def test_duplicates_within_file(self):
        doc = {
            "people": [
                {"name": "A", "email": "a@x.com"},
                {"name": "A again", "email": "A@X.com"},
            ],
            "companies": [{"name": "X", "domain": "x.com"}, {"name": "X Inc", "domain": "www.x.com"}],
        }
        rows = parse_bytes(json.dumps(doc, indent=1).encode(), "graph-json")
        assert [(r.where, r.error and r.error.field) for r in rows] == [
            ("/companies/0", None),
            ("/companies/1", "id"),
            ("/people/0", None),
            ("/people/1", "id"),
        ]
        assert "duplicate of /companies/0" in rows[1].error.detail

    def test_employment_dates(self):
        doc = {
            "employments": [
                {"person_id": "p-1", "company_id": "c-1", "start": "2020-01-01", "end": "2019-01-01"},
                {"person_id": "p-1", "company_id": "c-1", "end": "2019-01-01", "current": True},
                {"person_id": "p-1", "company_id": "c-1", "title": "VP Sales", "start": "2020-01-01"},
            ]
        }
        rows = parse_bytes(json.dumps(doc).encode(), "graph-json")
        assert [r.error and r.error.field for r in rows] == ["end", "current", None]
        emp = rows[2].employments[0]
        assert emp.current is True and emp.seniority is Seniority.VP

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (b"[1, 2]", "one JSON object"),
            (b'{"people": {"name": "x"}}', '"people" must be a list'),
            (b'{"people": [NaN]}', "not valid JSON"),
        ],
    )
    def test_structure_errors(self, text, message):
        with pytest.raises(UnreadableFile, match=message):
            parse_bytes(text, "graph-json")

    def test_invalid_json_says_where(self):
        with pytest.raises(UnreadableFile, match="line 2, column 18"):
            parse("bad_json.json", "graph-json")


# ------------------------------------------------------------------------ encodings


class TestEncodings:
    def test_excel_cp1252_csv(self):
        rows = parse("hubspot_contacts_cp1252.csv", "hubspot")
        assert [p.name for p in people(rows)][:2] == ["Jürgen Müller", "François Lefèvre"]
        assert companies(rows)[2].name == "Café “Noir” Ltd"
        assert rows[2].people[0].title == "Head of Marketing – EMEA"

    def test_latin1_csv(self):
        rows = parse("hubspot_contacts_latin1.csv", "hubspot")
        assert companies(rows)[1].name == "Société Générale S.A."

    @pytest.mark.parametrize("name", ["hubspot_contacts_utf16.csv", "hubspot_contacts_utf16be.csv"])
    def test_utf16_with_bom_and_tabs(self, name):
        rows = parse(name, "hubspot")
        assert [p.name for p in people(rows)] == ["Jürgen Müller", "美咲 佐藤"]
        assert [r.line for r in rows] == [2, 3]
        assert companies(rows)[1].name == "株式会社サンプル"

    def test_utf16_without_bom(self):
        data = "First Name,Last Name,Email\r\nJürgen,Müller,j@m.de\r\n".encode("utf-16-le")
        (row,) = parse_bytes(data, "hubspot")
        assert row.people[0].name == "Jürgen Müller"

    def test_utf8_bom_does_not_hide_the_first_column(self):
        rows = parse("hubspot_contacts_utf8_bom.csv", "hubspot")
        assert people(rows)[0].name == "Jürgen Müller"

    def test_semicolon_csv_with_excel_sep_line(self):
        (row,) = parse("hubspot_contacts_semicolon.csv", "hubspot")
        assert row.line == 3  # the sep=; line counts
        assert row.people[0].name == "Jürgen Müller"

    def test_semicolon_sniffed_without_sep_line(self):
        data = b"First Name;Last Name;Email\nDana;Lee;dana@acme.com\n"
        (row,) = parse_bytes(data, "hubspot")
        assert row.people[0].email == "dana@acme.com"

    def test_stray_cp1252_bytes_late_in_a_utf8_file(self):
        lines = ["First Name,Last Name,Email"] + [f"P{i},Q{i},p{i}@acme.com" for i in range(5000)]
        data = ("\n".join(lines) + "\n").encode() + "Zoë,Müller,zoe@acme.com\n".encode("cp1252")
        assert len(data) > 64 * 1024
        rows = parse_bytes(data, "hubspot")
        assert rows[-1].people[0].name == "Zoë Müller"
        assert rows[-1].line == 5002


# ----------------------------------------------------------------------- unreadable


class TestUnreadable:
    @pytest.mark.parametrize("fmt", FORMATS)
    @pytest.mark.parametrize(
        ("name", "message"),
        [
            ("binary.bin", "PNG image"),
            ("connections.xlsx", "Save As > CSV"),
            ("random.bin", "binary data"),
            ("empty.csv", "empty"),
            ("blank_lines.csv", "empty"),
        ],
    )
    def test_refused_before_any_row(self, fmt, name, message):
        kw = {"owner_id": OWNER} if fmt == "linkedin" else {}
        with open(DATA / name, "rb") as fh, pytest.raises(UnreadableFile, match=message):
            parse_file(fh, fmt, today=TODAY, **kw)  # the call itself raises

    def test_nul_bytes_in_text(self):
        with pytest.raises(UnreadableFile, match="NUL"):
            parse_bytes(b"First Name,Last Name,Email\nDa\x00na,Lee,d@a.com\n" * 3, "hubspot")

    def test_control_characters(self):
        with pytest.raises(UnreadableFile, match="control characters"):
            parse_bytes(bytes(range(1, 32)) * 20, "hubspot")

    def test_unknown_format_and_text_stream(self):
        with pytest.raises(ValueError, match="unknown import format"):
            parse_file(io.BytesIO(b"x"), "excel", today=TODAY)
        with pytest.raises(TypeError, match="binary"):
            parse_file(io.StringIO("First Name,Email\n"), "hubspot", today=TODAY)

    def test_format_name_is_forgiving(self):
        rows = list(parse_file(io.BytesIO(b'{"people": []}'), "Graph_JSON", today=TODAY))
        assert rows == []


# ------------------------------------------------------------------------ streaming


class _CountingStream(io.RawIOBase):
    """A big CSV made on the fly; counts the bytes handed out."""

    def __init__(self, rows: int) -> None:
        self.handed = 0
        self.closed_by_parser = False
        header = "First Name,Last Name,Email,Company Name,Job Title\n"
        self._lines = iter(
            [header] + [f"N{i},L{i},n{i}@c{i % 500}.com,Co {i % 500},Engineer\n" for i in range(rows)]
        )
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while len(self._buf) < len(b):
            line = next(self._lines, None)
            if line is None:
                break
            self._buf += line.encode()
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        self.handed += n
        return n


class _SeekableCounting(io.BytesIO):
    """A file that can seek (as the API's uploads and the command line's files can);
    counts the bytes handed out."""

    handed = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.handed += len(data)
        return data

    def readinto(self, b) -> int:  # type: ignore[override]
        n = super().readinto(b)
        self.handed += n
        return n


class TestStreaming:
    def test_rows_flow_before_the_file_is_read(self):
        data = b"".join(_CountingStream(200_000))  # about 10 MB
        raw = _SeekableCounting(data)
        rows = parse_file(raw, "hubspot", today=TODAY)
        # the file limits are checked first: one pass that counts bytes and lines; then
        # the rows flow from the start again (the header read), not after a second whole read
        assert len(data) <= raw.handed <= len(data) + 4 * 64 * 1024
        first = next(rows)
        assert first.line == 2
        assert raw.handed - len(data) <= 4 * 64 * 1024
        for _ in range(10):
            next(rows)
        assert raw.handed - len(data) <= 4 * 64 * 1024

    def test_a_stream_that_cannot_seek_is_spooled_and_checked_first(self):
        raw = _CountingStream(20_000)
        small = ImportLimits(file_rows=1_000)
        with pytest.raises(UnreadableFile, match="20,001 lines; the limit is 1,000 rows"):
            parse_file(raw, "hubspot", today=TODAY, limits=small)
        raw = _CountingStream(200_000)
        with pytest.raises(UnreadableFile, match="more than 1,048,576 bytes"):
            parse_file(raw, "hubspot", today=TODAY, limits=ImportLimits(file_bytes=1 << 20))
        assert raw.handed <= 3 * (1 << 20)  # refused as soon as it passed the limit
        rows = list(parse_file(_CountingStream(2_000), "hubspot", today=TODAY))
        assert len(rows) == 2_000 and not any(r.error for r in rows)

    def test_all_rows_and_company_dedupe_over_a_big_file(self):
        raw = _CountingStream(20_000)
        rows = list(parse_file(raw, "hubspot", today=TODAY))
        assert len(rows) == 20_000 and not any(r.error for r in rows)
        assert len(companies(rows)) == 500

    def test_callers_stream_is_not_closed(self):
        fh = io.BytesIO(b"First Name,Email\nDana,dana@acme.com\n")
        list(parse_file(fh, "hubspot", today=TODAY))
        assert not fh.closed

    def test_multiline_quoted_field_keeps_line_numbers(self):
        data = (
            b"First Name,Last Name,Email,Job Title\n"
            b'Dana,Lee,dana@acme.com,"Chief Financial Officer\n(interim)"\n'
            b"Tom,Becker,not-an-email,Director\n"
        )
        rows = parse_bytes(data, "hubspot")
        assert rows[0].line == 2 and rows[1].line == 4
        assert errors(rows) == [(4, "Email")]

    def test_csv_error_is_a_row_error_and_reading_goes_on(self):
        big = "x" * (csv.field_size_limit() + 10)
        data = f'First Name,Email\nA,a@x.com\n"{big}",b@x.com\nC,c@x.com\n'.encode()
        rows = parse_bytes(data, "hubspot")
        assert rows[0].people and rows[-1].people[0].email == "c@x.com"
        assert rows[1].error is not None and rows[1].error.line == 3

    def test_row_error_as_dict(self):
        assert RowError(4, "Email", "bad").as_dict() == {"line": 4, "field": "Email", "detail": "bad"}
        assert RowError(3, "a", "x", "/ties/0").as_dict()["pointer"] == "/ties/0"
