"""LinkedIn ``Connections.csv`` (Settings > Data privacy > Get a copy of your data).

The export starts with a "Notes:" preamble (a quoted paragraph about missing emails
and a blank line) before the header
``First Name,Last Name,URL,Email Address,Company,Position,Connected On``; older
exports have no preamble. Line numbers count the preamble.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import BinaryIO

from referrals.model import EmploymentRecord, PersonRecord, TieRecord
from referrals.tie_strength import connection_strength

from .common import ParsedRow, UnreadableFile, cells_digest, csv_kind, error_row
from .dedupe import CompanyIndex
from .keys import normalise_email, normalise_linkedin_url, person_id_for, seniority_from_title
from .limits import DEFAULT_LIMITS, ImportLimits
from .text import CsvLines, is_blank, open_csv, oversized_cell

HEADER_SEARCH_LINES = 30

# canonical column -> normalised header spellings (lower case, letters and digits only)
COLUMNS: dict[str, tuple[str, ...]] = {
    "first_name": ("firstname",),
    "last_name": ("lastname",),
    "url": ("url", "profileurl", "linkedinurl", "linkedinprofile"),
    "email": ("emailaddress", "email"),
    "company": ("company", "companyname"),
    "position": ("position", "title", "jobtitle"),
    "connected_on": ("connectedon", "connected", "connectiondate"),
}
REQUIRED = ("first_name", "last_name", "url")

DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%b %d, %Y", "%d-%b-%y", "%m/%d/%y")


def norm_header(cell: str) -> str:
    return "".join(ch for ch in cell.strip().lower() if ch.isalnum())


def parse_connected_on(text: str) -> date:
    value = " ".join(text.split())
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date like '12 Mar 2021'")


def _find_header(rows: CsvLines) -> tuple[dict[str, tuple[int, str]], int]:
    for line, cells in rows:
        if cells is None:
            continue
        normalised = [norm_header(c) for c in cells]
        if "firstname" in normalised and "lastname" in normalised:
            columns: dict[str, tuple[int, str]] = {}
            for canon, aliases in COLUMNS.items():
                for i, h in enumerate(normalised):
                    if h in aliases:
                        columns[canon] = (i, cells[i].strip())
                        break
            missing = [c for c in REQUIRED if c not in columns]
            if missing:
                raise UnreadableFile(
                    f"The header on line {line} has no {' or '.join(m.replace('_', ' ') for m in missing)}"
                    " column; LinkedIn's Connections.csv has "
                    "First Name, Last Name, URL, Email Address, Company, Position, Connected On."
                )
            return columns, line
        if line >= HEADER_SEARCH_LINES:
            break
    raise UnreadableFile(
        "This doesn't look like LinkedIn's Connections.csv: no header with "
        "First Name, Last Name, URL, Email Address, Company, Position, Connected On "
        f"in the first {HEADER_SEARCH_LINES} lines."
    )


def parse_linkedin(stream: BinaryIO, *, owner_id: str, today: date,
                   limits: ImportLimits = DEFAULT_LIMITS) -> Iterator[ParsedRow]:
    """Reads the header now (raising UnreadableFile) and returns the rows lazily."""
    rows = open_csv(stream, delimiter=",", limits=limits)
    columns, _ = _find_header(rows)
    return _rows(rows, columns, owner_id=owner_id, today=today, limits=limits)


def _rows(
    rows: CsvLines, columns: dict[str, tuple[int, str]], *, owner_id: str, today: date,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> Iterator[ParsedRow]:
    companies = CompanyIndex()
    seen_people: dict[str, int] = {}
    kind = csv_kind("linkedin", columns)

    def cell(cells: list[str], canon: str) -> str:
        if canon not in columns:
            return ""
        i = columns[canon][0]
        return cells[i].strip() if i < len(cells) else ""

    def label(canon: str) -> str:
        return columns[canon][1] if canon in columns else canon

    for line, cells in rows:
        if cells is None:
            yield error_row(line, "", rows.last_error)
            continue
        if is_blank(cells):
            continue
        oversized = oversized_cell(cells, columns, limits.cell_chars)
        if oversized is not None:
            yield error_row(line, *oversized)
            continue
        raw_url = cell(cells, "url")
        if not raw_url:
            yield error_row(
                line,
                label("url"),
                "no profile URL (LinkedIn leaves it blank for members who have left or "
                "hidden their profile), so this connection can't be identified",
            )
            continue
        url = normalise_linkedin_url(raw_url)
        if url is None:
            yield error_row(line, label("url"), f"{raw_url!r} is not a LinkedIn profile URL")
            continue
        name = " ".join(p for p in (cell(cells, "first_name"), cell(cells, "last_name")) if p)
        if not name:
            yield error_row(line, label("first_name"), "no first or last name")
            continue
        connected_raw = cell(cells, "connected_on")
        connected_on: date | None = None
        if connected_raw:
            try:
                connected_on = parse_connected_on(connected_raw)
            except ValueError as exc:
                yield error_row(line, label("connected_on"), str(exc))
                continue
            if connected_on > today:
                yield error_row(
                    line,
                    label("connected_on"),
                    f"{connected_raw!r} is after today ({today.isoformat()})",
                )
                continue
        email_raw = cell(cells, "email")
        email = normalise_email(email_raw) if email_raw else None
        if email_raw and email is None:
            yield error_row(line, label("email"), f"{email_raw!r} is not an email address")
            continue

        pid = person_id_for(linkedin_url=url)
        if pid in seen_people:
            yield ParsedRow(line=line, skipped=f"duplicate of line {seen_people[pid]} (same URL)")
            continue
        seen_people[pid] = line
        if pid == owner_id:
            yield ParsedRow(line=line, skipped="this is the owner's own profile")
            continue

        title = cell(cells, "position") or None
        seniority = seniority_from_title(title)
        out = ParsedRow(line=line)
        out.people.append(
            PersonRecord(id=pid, name=name, email=email, linkedin_url=url, title=title, seniority=seniority)
        )
        company_name = cell(cells, "company")
        if company_name:
            cid, record = companies.stub(name=company_name, domain=None, line=line)
            if record is not None:
                out.companies.append(record)
                out.company_stubs.add(cid)
            out.employments.append(
                EmploymentRecord(
                    person_id=pid, company_id=cid, title=title, seniority=seniority, current=True
                )
            )
        out.ties.append(
            TieRecord(
                a=owner_id,
                b=pid,
                strength=connection_strength(connected_on, today),
                interactions=0,
                last_interaction=connected_on,
                source="linkedin",
            )
        )
        out.digest = cells_digest(cells, kind)
        yield out
