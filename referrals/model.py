"""Domain records shared by importers, the seed generator and the graph adapters.

These are plain values: no database, no web. Importers and generators yield them;
`graph.bulk` writes them in batches. Ids are strings chosen by the service; an
importer that knows the source's own id passes it as `external_id`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


def parse_choice(choices: type[E], value: object, field: str) -> E:
    """``value`` as a member of ``choices`` (case and spaces ignored), else a ValueError
    that names the field and the allowed values (the API turns it into a 422)."""
    if isinstance(value, choices):
        return value
    try:
        return choices(str(getattr(value, "value", value)).strip().lower())
    except ValueError:
        known = ", ".join(member.value for member in choices)
        raise ValueError(f"{field}: must be one of {known}, got {value!r}") from None


class CompanyStatus(StrEnum):
    CLIENT = "client"
    PROSPECT = "prospect"
    PARTNER = "partner"
    OTHER = "other"


class Seniority(StrEnum):
    IC = "ic"
    MANAGER = "manager"
    DIRECTOR = "director"
    VP = "vp"
    CXO = "cxo"


class Channel(StrEnum):
    """How two people interacted; the tie-strength model weighs them differently."""

    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    MESSAGE = "message"


@dataclass(slots=True)
class CompanyRecord:
    id: str
    name: str
    domain: str | None = None
    status: CompanyStatus = CompanyStatus.OTHER
    industry: str | None = None
    employees: int | None = None
    region: str | None = None
    health: float | None = None  # clients only, 0..1


@dataclass(slots=True)
class PersonRecord:
    id: str
    name: str
    email: str | None = None
    linkedin_url: str | None = None
    title: str | None = None
    seniority: Seniority | None = None
    is_rep: bool = False
    do_not_contact: bool = False
    phone: str | None = None  # E.164 ("+14155550123"), graph/importers/keys.normalise_phone


@dataclass(slots=True)
class EmploymentRecord:
    """(:Person)-[:WORKS_AT {title, seniority, current, start, end}]->(:Company)"""

    person_id: str
    company_id: str
    title: str | None = None
    seniority: Seniority | None = None
    current: bool = True
    start: date | None = None
    end: date | None = None


@dataclass(slots=True)
class TieRecord:
    """One undirected KNOWS tie; `a` and `b` are person ids (order carries no meaning)."""

    a: str
    b: str
    strength: float
    interactions: int = 0
    last_interaction: date | None = None
    source: str = "import"


@dataclass(slots=True)
class InteractionRecord:
    """One email, call or meeting between two people, from a log export."""

    sender: str  # person id
    recipient: str  # person id
    channel: Channel
    on: date


@dataclass(slots=True)
class PastIntroduction:
    """A finished introduction from history: who asked, through whom, to whom, how it ended."""

    id: str
    requester_id: str
    path: list[str] = field(default_factory=list)  # requester ... target
    status: str = "won"
    requested_on: date | None = None
