"""HubSpot and Salesforce exports: contacts, and companies/accounts.

The kind of export is recognised from its header through a case-insensitive alias
table: a header cell is reduced to its letters and digits ("Account.Name",
"Account Name" and "AccountName" are all ``accountname``), so HubSpot labels,
HubSpot internal names, Salesforce API names (data export, Data Loader) and
Salesforce report labels all match. Both formats share the table; ``source`` says
whose ids ``Record ID`` / ``Id`` are.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from referrals.model import CompanyRecord, EmploymentRecord, PersonRecord

from .common import ParsedRow, UnreadableFile, cells_digest, csv_kind, error_row
from .dedupe import CompanyIndex
from .keys import (
    FREE_MAIL_DOMAINS,
    company_status_from,
    is_placeholder,
    normalise_domain,
    normalise_email,
    normalise_linkedin_url,
    normalise_phone,
    parse_bool,
    parse_employees,
    person_id_for,
    region_from_country,
    seniority_from_title,
)
from .limits import DEFAULT_LIMITS, ImportLimits
from .linkedin import norm_header
from .text import CsvLines, is_blank, open_csv, oversized_cell

VENDOR = {"hubspot": "HubSpot", "salesforce": "Salesforce"}

CONTACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "external_id": ("recordid", "id", "contactid", "hsobjectid", "vid", "contactrecordid"),
    "first_name": ("firstname", "first", "givenname"),
    "last_name": ("lastname", "last", "surname", "familyname"),
    "full_name": ("name", "fullname", "contactname", "contact"),
    "email": ("email", "emailaddress", "primaryemail", "workemail"),
    "title": ("jobtitle", "title", "position"),
    # HubSpot "Phone Number", Salesforce "Phone"; a mobile only where there is no other
    "phone": ("phonenumber", "phone", "workphone", "businessphone", "directphone", "mobilephonenumber",
              "mobilephone", "mobile"),
    "company_name": (
        "companyname",
        "company",
        "accountname",
        "associatedcompany",
        "associatedcompanyprimary",
        "account",
    ),
    "company_domain": (
        "companydomainname",
        "companydomain",
        "accountwebsite",
        "website",
        "websiteurl",
    ),
    "company_ref": (
        "accountid",
        "associatedcompanyid",
        "associatedcompanyids",
        "associatedcompanyidsprimary",
        "associatedcompanyidprimary",
        "companyid",
    ),
    "linkedin_url": ("linkedinurl", "linkedinprofile", "linkedinprofileurl", "hslinkedinurl"),
    "do_not_contact": (
        "donotcontact",
        "hasoptedoutofemail",
        "emailoptout",
        "optedout",
        "unsubscribedfromallemail",
    ),
    "deleted": ("isdeleted", "deleted"),
}

COMPANY_COLUMNS: dict[str, tuple[str, ...]] = {
    "external_id": ("recordid", "id", "accountid", "companyid", "hsobjectid"),
    "name": ("companyname", "name", "accountname", "company", "organization", "organisation"),
    "domain": ("companydomainname", "domain", "domainname"),
    "website": ("websiteurl", "website", "url"),
    "industry": ("industry",),
    "employees": ("numberofemployees", "employees", "employeecount", "headcount", "companysize"),
    "country": ("countryregion", "country", "billingcountry", "billingcountrycode", "region"),
    "type": ("type", "accounttype", "companytype"),
    "lifecycle": ("lifecyclestage", "stage", "status"),
    "health": ("health", "healthscore", "customerhealth", "customerhealthscore"),
    "deleted": ("isdeleted", "deleted"),
    # HubSpot "Company owner", Salesforce "Account Owner": a name or an email
    "owner": ("companyowner", "accountowner", "owneremail", "accountowneremail", "owner", "ownername"),
}

_COMPANY_SIGNS = ("domain", "website", "industry", "employees", "country", "type", "lifecycle")


@dataclass(slots=True)
class Header:
    kind: str  # "contacts" | "companies"
    label: str  # e.g. "HubSpot contacts export"
    columns: dict[str, tuple[int, str]]  # canonical -> (index, header as written)
    width: int  # number of header cells


def _map(normalised: list[str], cells: list[str], table: dict[str, tuple[str, ...]]):
    columns: dict[str, tuple[int, str]] = {}
    taken: set[int] = set()
    for canon, aliases in table.items():
        for alias in aliases:  # aliases in order of preference
            idx = next((i for i, h in enumerate(normalised) if h == alias and i not in taken), None)
            if idx is not None:
                columns[canon] = (idx, cells[idx].strip())
                taken.add(idx)
                break
    return columns


def recognise_header(cells: list[str], fmt: str) -> Header:
    """Which export this header belongs to; UnreadableFile when none."""
    vendor = VENDOR[fmt]
    normalised = [norm_header(c) for c in cells]
    names = set(normalised)
    company_word = "accounts" if fmt == "salesforce" else "companies"
    if names & {"firstname", "lastname", "givenname", "surname"} or (
        names & set(CONTACT_COLUMNS["email"]) and names & {"fullname", "contactname"}
    ):
        columns = _map(normalised, cells, CONTACT_COLUMNS)
        if "email" not in columns and "external_id" not in columns:
            raise UnreadableFile(
                f"This looks like a {vendor} contacts export but has neither an Email nor "
                f"an id column ({'Record ID' if fmt == 'hubspot' else 'Id'}), so its "
                "contacts can't be identified. Include one of them in the export."
            )
        return Header("contacts", f"{vendor} contacts export", columns, len(cells))
    if names & set(COMPANY_COLUMNS["name"]) and any(names & set(COMPANY_COLUMNS[c]) for c in _COMPANY_SIGNS):
        columns = _map(normalised, cells, COMPANY_COLUMNS)
        return Header("companies", f"{vendor} {company_word} export", columns, len(cells))
    shown = ", ".join(repr(c.strip()) for c in cells[:8] if c.strip()) or "nothing"
    if fmt == "hubspot":
        expected = (
            "contacts: 'First Name', 'Last Name', 'Email', 'Company Name', 'Job Title'; "
            "companies: 'Company name', 'Company Domain Name', 'Industry', "
            "'Number of Employees'"
        )
    else:
        expected = (
            "contacts: 'Id', 'FirstName', 'LastName', 'Email', 'Title', 'AccountId' "
            "(or report labels 'First Name', 'Last Name', 'Account Name'); "
            "accounts: 'Id', 'Name', 'Website', 'Industry', 'NumberOfEmployees', 'Type'"
        )
    raise UnreadableFile(
        f"The header doesn't match any {vendor} export this service knows. "
        f"Expected {expected}. Found {shown}."
    )


def parse_crm(stream: BinaryIO, fmt: str, *, source: str, today: date,
              limits: ImportLimits = DEFAULT_LIMITS) -> tuple[Header, Iterator[ParsedRow]]:
    """Reads the header now (raising UnreadableFile) and returns the rows lazily."""
    return parse_crm_rows(open_csv(stream, limits=limits), fmt, source=source, today=today, limits=limits)


def parse_crm_rows(rows: CsvLines, fmt: str, *, source: str, today: date,
                   limits: ImportLimits = DEFAULT_LIMITS) -> tuple[Header, Iterator[ParsedRow]]:
    """``parse_crm`` on rows already split into cells: a CSV file's, or anything with the
    same interface (an .xlsx sheet's, graph/importers/parsers.py)."""
    for line, cells in rows:
        if cells is None and rows.over_limit:
            # the first row is the header: one over the limits can't be read as one
            raise UnreadableFile(f"The header on line {line} can't be read: {rows.last_error}.")
        if cells is None or is_blank(cells):
            continue
        header = recognise_header(cells, fmt)
        break
    else:
        raise UnreadableFile("The file has no header line, only blank lines.")
    if header.kind == "contacts":
        return header, _contacts(rows, header, source=source, limits=limits)
    return header, _companies(rows, header, source=source, limits=limits)


class _Cells:
    def __init__(self, header: Header, limits: ImportLimits) -> None:
        self.columns = header.columns
        self.width = header.width
        self.limits = limits

    def oversized(self, cells: list[str]) -> tuple[str, str] | None:
        """(column, detail) of the first cell this importer reads that is over its limit."""
        return oversized_cell(cells, self.columns, self.limits.cell_chars)

    def get(self, cells: list[str], canon: str) -> str:
        if canon not in self.columns:
            return ""
        i = self.columns[canon][0]
        return cells[i].strip() if i < len(cells) else ""

    def label(self, canon: str) -> str:
        return self.columns[canon][1] if canon in self.columns else canon


def _is_footer(cells: list[str], header_width: int) -> bool:
    """Salesforce report exports end with single-cell lines (copyright, "Generated
    By", totals); they are not records."""
    return header_width > 1 and len(cells) == 1


def _deleted(col: _Cells, cells: list[str]) -> bool:
    try:
        return parse_bool(col.get(cells, "deleted"))
    except ValueError:
        return False


def _contacts(rows: CsvLines, header: Header, *, source: str,
              limits: ImportLimits) -> Iterator[ParsedRow]:
    col = _Cells(header, limits)
    companies = CompanyIndex()
    seen: dict[str, int] = {}  # person id or email -> first line
    kind = csv_kind("contacts", header.columns)
    for line, cells in rows:
        if cells is None:
            yield error_row(line, "", rows.last_error)
            continue
        if is_blank(cells) or _is_footer(cells, col.width):
            continue
        oversized = col.oversized(cells)
        if oversized is not None:
            yield error_row(line, *oversized)
            continue
        if _deleted(col, cells):
            yield ParsedRow(line=line, skipped="marked deleted in the export")
            continue
        email_raw = col.get(cells, "email")
        email = normalise_email(email_raw) if email_raw else None
        if email_raw and email is None:
            yield error_row(line, col.label("email"), f"{email_raw!r} is not an email address")
            continue
        url_raw = col.get(cells, "linkedin_url")
        url = normalise_linkedin_url(url_raw) if url_raw else None
        if url_raw and url is None:
            yield error_row(line, col.label("linkedin_url"), f"{url_raw!r} is not a LinkedIn profile URL")
            continue
        external_id = col.get(cells, "external_id") or None
        if not email and not external_id and not url:
            yield error_row(
                line,
                col.label("email"),
                "no email and no record id, so this contact can't be identified",
            )
            continue
        name = " ".join(p for p in (col.get(cells, "first_name"), col.get(cells, "last_name")) if p)
        name = name or col.get(cells, "full_name") or (email or "")
        if not name:
            yield error_row(line, col.label("last_name"), "no name and no email")
            continue
        dnc = False
        if col.get(cells, "do_not_contact"):
            try:
                dnc = parse_bool(col.get(cells, "do_not_contact"))
            except ValueError as exc:
                yield error_row(line, col.label("do_not_contact"), str(exc))
                continue

        pid = person_id_for(linkedin_url=url, email=email, source=source, external_id=external_id)
        keys = [k for k in (pid, email and f"email:{email}") if k]
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            why = "same email" if email and f"email:{email}" in seen else "same contact"
            yield ParsedRow(line=line, skipped=f"duplicate of line {first} ({why})")
            continue
        for k in keys:
            seen[k] = line

        title = col.get(cells, "title") or None
        seniority = seniority_from_title(title)
        out = ParsedRow(line=line)
        out.people.append(
            PersonRecord(
                id=pid,
                name=name,
                email=email,
                linkedin_url=url,
                title=title,
                seniority=seniority,
                do_not_contact=dnc,
                # a cell that is not a number ("ask reception") is left out, not the contact
                phone=normalise_phone(col.get(cells, "phone")),
            )
        )
        if external_id:
            out.external_ids[pid] = external_id
        company_ref = col.get(cells, "company_ref")
        if company_ref:
            out.account_refs[pid] = company_ref.split(";")[0].strip()

        company_name = col.get(cells, "company_name") or None
        domain = normalise_domain(col.get(cells, "company_domain"))
        if domain is None and email:
            email_domain = email.rsplit("@", 1)[1]
            if email_domain not in FREE_MAIL_DOMAINS:
                domain = normalise_domain(email_domain)
        if company_name or domain:
            cid, record = companies.stub(name=company_name, domain=domain, line=line)
            if record is not None:
                out.companies.append(record)
                out.company_stubs.add(cid)
            out.employments.append(
                EmploymentRecord(
                    person_id=pid, company_id=cid, title=title, seniority=seniority, current=True
                )
            )
        out.digest = cells_digest(cells, kind)
        yield out


def _parse_health(text: str) -> float | None:
    value = text.strip().rstrip("%").strip()
    if not value:
        return None
    number = float(value)  # ValueError propagates
    if number > 1:
        number /= 100  # a 0-100 score
    if not 0 <= number <= 1:
        raise ValueError(f"{text!r} is not a health score between 0 and 1 (or 0 and 100)")
    return round(number, 4)


def _companies(rows: CsvLines, header: Header, *, source: str,
               limits: ImportLimits) -> Iterator[ParsedRow]:
    col = _Cells(header, limits)
    index = CompanyIndex()
    seen_ids: dict[str, int] = {}
    kind = csv_kind("companies", header.columns)
    for line, cells in rows:
        if cells is None:
            yield error_row(line, "", rows.last_error)
            continue
        if is_blank(cells) or _is_footer(cells, col.width):
            continue
        oversized = col.oversized(cells)
        if oversized is not None:
            yield error_row(line, *oversized)
            continue
        if _deleted(col, cells):
            yield ParsedRow(line=line, skipped="marked deleted in the export")
            continue
        domain, bad = None, None
        for canon in ("domain", "website"):
            raw = col.get(cells, canon)
            if not raw or is_placeholder(raw):
                continue
            domain = normalise_domain(raw)
            if domain:
                break
            bad = bad or (canon, raw)
        if domain is None and bad is not None:
            yield error_row(line, col.label(bad[0]), f"{bad[1]!r} is not a web address")
            continue
        name = col.get(cells, "name") or (domain or "")
        if not name:
            yield error_row(line, col.label("name"), "no company name and no domain")
            continue
        employees_raw = col.get(cells, "employees")
        try:
            employees = parse_employees(employees_raw) if employees_raw else None
        except ValueError as exc:
            yield error_row(line, col.label("employees"), str(exc))
            continue
        health_raw = col.get(cells, "health")
        try:
            health = _parse_health(health_raw) if health_raw else None
        except ValueError:
            yield error_row(line, col.label("health"), f"{health_raw!r} is not a health score (0-1 or 0-100)")
            continue
        status = company_status_from(col.get(cells, "type"), col.get(cells, "lifecycle"))
        industry = col.get(cells, "industry").replace("_", " ").lower() or None
        region = region_from_country(col.get(cells, "country"))
        external_id = col.get(cells, "external_id") or None

        if external_id and external_id in seen_ids:
            yield ParsedRow(line=line, skipped=f"duplicate of line {seen_ids[external_id]} (same id)")
            continue
        existing = index.lookup(domain=domain, name=name)
        if existing is not None and not (domain and existing.domain is None):
            why = "same domain" if domain and existing.domain == domain else "same name"
            yield ParsedRow(line=line, skipped=f"duplicate of line {existing.line} ({why})")
            continue
        if existing is not None and domain:
            index.enrich(existing, domain)  # first known by name only: this row adds to it
            cid = existing.id
        else:
            cid = index.add(domain=domain, name=name, line=line).id
        if external_id:
            seen_ids[external_id] = line
        out = ParsedRow(line=line)
        out.companies.append(
            CompanyRecord(
                id=cid,
                name=name,
                domain=domain,
                status=status,
                industry=industry,
                employees=employees,
                region=region,
                health=health if status.value == "client" else None,
            )
        )
        if external_id:
            out.external_ids[cid] = external_id
        owner = col.get(cells, "owner")
        if owner:
            out.owners[cid] = owner
        out.digest = cells_digest(cells, kind)
        yield out
