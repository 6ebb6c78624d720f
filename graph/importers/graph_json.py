"""graph-json: the service's own interchange format (see docs/imports.md).

``{"source": "...", "companies": [...], "people": [...], "employments": [...],
"ties": [...], "interactions": [...]}``; every section is optional and the items
mirror the record types of :mod:`referrals.model`. Unlike the CSV formats a JSON
document is read whole (it can't be validated in pieces); each item is reported
with its JSON pointer (``where="/ties/3"``) and the line it starts on.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from datetime import date
from enum import Enum
from typing import Any, BinaryIO, TypeVar

from referrals.model import (
    Channel,
    CompanyRecord,
    CompanyStatus,
    EmploymentRecord,
    InteractionRecord,
    PersonRecord,
    Seniority,
    TieRecord,
)

from .common import ParsedRow, UnreadableFile, error_row
from .keys import (
    company_id_for,
    normalise_domain,
    normalise_email,
    normalise_linkedin_url,
    parse_iso_date,
    person_id_for,
    seniority_from_title,
)
from .text import open_text

SECTIONS = ("companies", "people", "employments", "ties", "interactions")
META_KEYS = frozenset({"source", "version", "$schema", "generated_at", "exported_at"})

FIELDS = {
    "companies": frozenset(
        {"id", "external_id", "name", "domain", "status", "industry", "employees", "region", "health"}
    ),
    "people": frozenset(
        {
            "id",
            "external_id",
            "name",
            "email",
            "linkedin_url",
            "title",
            "seniority",
            "is_rep",
            "do_not_contact",
            "company_id",
        }
    ),
    "employments": frozenset({"person_id", "company_id", "title", "seniority", "current", "start", "end"}),
    "ties": frozenset({"a", "b", "strength", "interactions", "last_interaction", "source"}),
    "interactions": frozenset({"sender", "recipient", "channel", "on"}),
}

E = TypeVar("E", bound=Enum)


class _Bad(Exception):
    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field
        self.detail = detail


def _type_name(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


# ------------------------------------------------------------------------ scanning


class _Lines:
    """Line number of a character offset, for offsets visited in increasing order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1

    def at(self, offset: int) -> int:
        if offset < self.pos:
            return self.text.count("\n", 0, offset) + 1
        self.line += self.text.count("\n", self.pos, offset)
        self.pos = offset
        return self.line


Item = tuple[int, int, Any]  # (index, line, value)


def _scan(text: str) -> tuple[dict[str, list[Item]], dict[str, tuple[int, Any]]]:
    """Items of each section with the line they start on, and the other top-level keys."""
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(
            f"This is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None
    except ValueError as exc:
        raise UnreadableFile(f"This is not valid JSON: {exc}.") from None
    if not isinstance(document, dict):
        raise UnreadableFile(
            "A graph-json file must be one JSON object with the lists "
            f"{', '.join(SECTIONS)}; this one is {_type_name(document)}."
        )
    for key in SECTIONS:
        if key in document and not isinstance(document[key], list):
            raise UnreadableFile(f'"{key}" must be a list of objects, not {_type_name(document[key])}.')
    decoder = json.JSONDecoder(parse_constant=_reject_constant)
    lines = _Lines(text)
    n = len(text)

    def skip(i: int) -> int:
        while i < n and text[i] in " \t\r\n\ufeff":
            i += 1
        return i

    sections: dict[str, list[Item]] = {}
    others: dict[str, tuple[int, Any]] = {}
    i = skip(0) + 1  # past "{"
    while True:
        i = skip(i)
        if text[i] == "}":
            break
        if text[i] == ",":
            i = skip(i + 1)
        key_line = lines.at(i)
        key, i = decoder.raw_decode(text, i)
        i = skip(i) + 1  # past ":"
        i = skip(i)
        if key in SECTIONS:
            items: list[Item] = []
            i += 1  # past "["
            index = 0
            while True:
                i = skip(i)
                if text[i] == "]":
                    i += 1
                    break
                if text[i] == ",":
                    i = skip(i + 1)
                line = lines.at(i)
                value, i = decoder.raw_decode(text, i)
                items.append((index, line, value))
                index += 1
            sections[key] = items  # a repeated key: the last wins, as in json.loads
        else:
            value, i = decoder.raw_decode(text, i)
            others[key] = (key_line, value)
    return sections, others


# ---------------------------------------------------------------------- validation


class _Item:
    def __init__(self, value: Any, allowed: frozenset[str]) -> None:
        if not isinstance(value, dict):
            raise _Bad("", f"must be an object, not {_type_name(value)}")
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise _Bad(unknown[0], f"unknown field; allowed: {', '.join(sorted(allowed))}")
        self.value = value

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.value.get(key)
        if value is None:
            if required:
                raise _Bad(key, "is required")
            return None
        if isinstance(value, int) and not isinstance(value, bool) and key.endswith("id"):
            value = str(value)
        if not isinstance(value, str):
            raise _Bad(key, f"must be a string, not {_type_name(value)}")
        value = value.strip()
        if not value:
            if required:
                raise _Bad(key, "must not be empty")
            return None
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.value.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise _Bad(key, f"must be true or false, not {_type_name(value)}")
        return value

    def whole(self, key: str) -> int | None:
        value = self.value.get(key)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Bad(key, f"must be a whole number, not {_type_name(value)}")
        if value < 0:
            raise _Bad(key, "must not be negative")
        return value

    def number(self, key: str, *, required: bool = False) -> float | None:
        value = self.value.get(key)
        if value is None:
            if required:
                raise _Bad(key, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise _Bad(key, f"must be a number, not {_type_name(value)}")
        return float(value)

    def enum(self, key: str, kind: type[E]) -> E | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            return kind(value.lower())
        except ValueError:
            allowed = ", ".join(m.value for m in kind)  # type: ignore[attr-defined]
            raise _Bad(key, f"{value!r} is not one of {allowed}") from None

    def day(self, key: str, *, required: bool = False) -> date | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        try:
            parsed = parse_iso_date(value)
        except ValueError as exc:
            raise _Bad(key, str(exc)) from None
        return parsed


def _not_future(key: str, value: date | None, today: date) -> None:
    if value is not None and value > today:
        raise _Bad(key, f"{value.isoformat()} is after today ({today.isoformat()})")


# -------------------------------------------------------------------------- parsing


def parse_graph_json(stream: BinaryIO, *, source: str | None, today: date) -> Iterator[ParsedRow]:
    """Reads and checks the document's structure now (raising UnreadableFile), then
    returns the per-item rows lazily: companies, people, employments, ties,
    interactions, in that order."""
    text_io, _ = open_text(stream)
    text = text_io.read()
    sections, others = _scan(text)
    file_source = source
    if file_source is None and "source" in others and isinstance(others["source"][1], str):
        file_source = others["source"][1].strip() or None
    return _Parser(sections, others, source=file_source or "graph-json", today=today).rows()


class _Parser:
    def __init__(
        self,
        sections: dict[str, list[Item]],
        others: dict[str, tuple[int, Any]],
        *,
        source: str,
        today: date,
    ) -> None:
        self.sections = sections
        self.others = others
        self.source = source
        self.today = today
        self.companies: dict[str, str] = {}  # id / external id / domain -> id
        self.company_where: dict[str, str] = {}
        self.people: dict[str, str] = {}  # id / external id / email / linkedin -> id
        self.person_where: dict[str, str] = {}

    def rows(self) -> Iterator[ParsedRow]:
        for key, (line, _) in self.others.items():
            if key not in META_KEYS:
                yield error_row(
                    line,
                    key,
                    f"unknown section; a graph-json file has {', '.join(SECTIONS)}",
                    where="/" + key.replace("~", "~0").replace("/", "~1"),
                )
        handlers: dict[str, Callable[[_Item, ParsedRow, str], None]] = {
            "companies": self._company,
            "people": self._person,
            "employments": self._employment,
            "ties": self._tie,
            "interactions": self._interaction,
        }
        for section in SECTIONS:
            for index, line, value in self.sections.get(section, []):
                where = f"/{section}/{index}"
                out = ParsedRow(line=line, where=where)
                try:
                    handlers[section](_Item(value, FIELDS[section]), out, where)
                except _Bad as bad:
                    yield error_row(line, bad.field, bad.detail, where=where)
                    continue
                yield out

    # references ---------------------------------------------------------------

    def _person_ref(self, item: _Item, key: str, out: ParsedRow) -> str:
        ref = item.text(key, required=True)
        assert ref is not None
        if ref in self.people:
            return self.people[ref]
        email = normalise_email(ref) if "@" in ref else None
        if email:
            pid = self.people.get(email) or person_id_for(email=email)
            if email not in self.people:
                out.emails[pid] = email
            return pid
        url = normalise_linkedin_url(ref) if "linkedin" in ref.lower() else None
        if url:
            return self.people.get(url) or person_id_for(linkedin_url=url)
        return ref  # an id the database may know; the writer checks

    def _company_ref(self, ref: str) -> str:
        if ref in self.companies:
            return self.companies[ref]
        domain = normalise_domain(ref) if "." in ref else None
        if domain and domain in self.companies:
            return self.companies[domain]
        return ref

    # sections -----------------------------------------------------------------

    def _company(self, item: _Item, out: ParsedRow, where: str) -> None:
        name = item.text("name", required=True)
        domain_raw = item.text("domain")
        domain = normalise_domain(domain_raw)
        if domain_raw and domain is None:
            raise _Bad("domain", f"{domain_raw!r} is not a domain such as acme.com")
        status = item.enum("status", CompanyStatus) or CompanyStatus.OTHER
        employees = item.whole("employees")
        health = item.number("health")
        if health is not None and not 0 <= health <= 1:
            raise _Bad("health", "must be between 0 and 1")
        external_id = item.text("external_id")
        cid = item.text("id") or company_id_for(domain=domain, name=name)
        for key, label in ((cid, "id"), (domain, "domain")):
            if key and key in self.company_where:
                raise _Bad(label, f"duplicate of {self.company_where[key]} (same {label})")
        industry = item.text("industry")
        out.companies.append(
            CompanyRecord(
                id=cid,
                name=name or "",
                domain=domain,
                status=status,
                industry=industry.lower() if industry else None,
                employees=employees,
                region=item.text("region"),
                health=health,
            )
        )
        for key in (cid, domain, external_id):
            if key:
                self.companies.setdefault(key, cid)
        for key in (cid, domain):
            if key:
                self.company_where[key] = where
        if external_id:
            out.external_ids[cid] = external_id

    def _person(self, item: _Item, out: ParsedRow, where: str) -> None:
        name = item.text("name", required=True)
        email_raw = item.text("email")
        email = normalise_email(email_raw)
        if email_raw and email is None:
            raise _Bad("email", f"{email_raw!r} is not an email address")
        url_raw = item.text("linkedin_url")
        url = normalise_linkedin_url(url_raw)
        if url_raw and url is None:
            raise _Bad("linkedin_url", f"{url_raw!r} is not a LinkedIn profile URL")
        title = item.text("title")
        seniority = item.enum("seniority", Seniority) or seniority_from_title(title)
        is_rep = item.flag("is_rep", False)
        dnc = item.flag("do_not_contact", False)
        external_id = item.text("external_id")
        company_ref = item.text("company_id")
        pid = item.text("id")
        if pid is None:
            try:
                pid = person_id_for(
                    linkedin_url=url, email=email, source=self.source, external_id=external_id
                )
            except ValueError:
                raise _Bad("id", "a person needs an id, an email, a linkedin_url or an external_id") from None
        for key, label in ((pid, "id"), (email, "email"), (url, "linkedin_url")):
            if key and key in self.person_where:
                raise _Bad(label, f"duplicate of {self.person_where[key]} (same {label})")
        out.people.append(
            PersonRecord(
                id=pid,
                name=name or "",
                email=email,
                linkedin_url=url,
                title=title,
                seniority=seniority,
                is_rep=is_rep,
                do_not_contact=dnc,
            )
        )
        for key in (pid, email, url, external_id):
            if key:
                self.people.setdefault(key, pid)
        for key in (pid, email, url):
            if key:
                self.person_where[key] = where
        if external_id:
            out.external_ids[pid] = external_id
        if company_ref:
            out.employments.append(
                EmploymentRecord(
                    person_id=pid,
                    company_id=self._company_ref(company_ref),
                    title=title,
                    seniority=seniority,
                    current=True,
                )
            )

    def _employment(self, item: _Item, out: ParsedRow, where: str) -> None:
        person_id = self._person_ref(item, "person_id", out)
        company_ref = item.text("company_id", required=True)
        assert company_ref is not None
        title = item.text("title")
        seniority = item.enum("seniority", Seniority) or seniority_from_title(title)
        start = item.day("start")
        end = item.day("end")
        _not_future("start", start, self.today)
        if start and end and end < start:
            raise _Bad("end", f"{end.isoformat()} is before start {start.isoformat()}")
        current = item.flag("current", end is None)
        if current and end is not None and end <= self.today:
            raise _Bad("current", "is true but the employment has ended")
        out.employments.append(
            EmploymentRecord(
                person_id=person_id,
                company_id=self._company_ref(company_ref),
                title=title,
                seniority=seniority,
                current=current,
                start=start,
                end=end,
            )
        )

    def _tie(self, item: _Item, out: ParsedRow, where: str) -> None:
        a = self._person_ref(item, "a", out)
        b = self._person_ref(item, "b", out)
        if a == b:
            raise _Bad("b", "a tie needs two different people")
        strength = item.number("strength", required=True)
        assert strength is not None
        if not 0 < strength <= 1:
            raise _Bad("strength", "must be greater than 0 and at most 1")
        interactions = item.whole("interactions") or 0
        last = item.day("last_interaction")
        _not_future("last_interaction", last, self.today)
        out.ties.append(
            TieRecord(
                a=a,
                b=b,
                strength=strength,
                interactions=interactions,
                last_interaction=last,
                source=item.text("source") or self.source,
            )
        )

    def _interaction(self, item: _Item, out: ParsedRow, where: str) -> None:
        sender = self._person_ref(item, "sender", out)
        recipient = self._person_ref(item, "recipient", out)
        if sender == recipient:
            raise _Bad("recipient", "is the sender")
        channel = item.enum("channel", Channel)
        if channel is None:
            raise _Bad("channel", "is required")
        on = item.day("on", required=True)
        _not_future("on", on, self.today)
        assert on is not None
        out.interactions.append(InteractionRecord(sender=sender, recipient=recipient, channel=channel, on=on))
