"""What every parser yields: one :class:`ParsedRow` per input row, or an error for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from hashlib import blake2b

from referrals.model import (
    CompanyRecord,
    EmploymentRecord,
    InteractionRecord,
    PersonRecord,
    TieRecord,
)

__all__ = ["LastImport", "ParsedRow", "RowError", "UnreadableFile", "cells_digest", "csv_kind", "row_digest"]


class UnreadableFile(Exception):
    """The file as a whole can't be imported (binary, empty, unknown header...).

    Raised before any row is yielded; the message says what is wrong in plain words
    and is safe to show to the person who uploaded the file.
    """


@dataclass(slots=True, frozen=True)
class RowError:
    """One row (or one JSON item) that was not imported, and why.

    ``line`` is the 1-based physical line of the file where the row starts; ``field``
    names the column as the file spells it (or the JSON key); ``where`` is the JSON
    pointer of the item for graph-json files, else None.
    """

    line: int
    field: str
    detail: str
    where: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The shape of an entry of the import report's ``errors`` list."""
        out: dict[str, object] = {"line": self.line, "field": self.field, "detail": self.detail}
        if self.where is not None:
            out["pointer"] = self.where
        return out


@dataclass(slots=True, init=False)
class ParsedRow:
    """The records one input row produced.

    A bad row has only ``error`` set. A row with no records, no error and a
    ``skipped`` reason was deliberately left out (a duplicate within the file, a
    record marked deleted in the CRM). Records are emitted once per file, on the first
    row that mentions them; later rows refer to them by id.

    - ``external_ids``: record id -> the source's own id for it (HubSpot Record ID,
      Salesforce Id, graph-json ``external_id``), unique per source.
    - ``account_refs``: person id -> the source's id of the company/account the
      person belongs to (Salesforce ``AccountId``, HubSpot associated company id), for
      linking to an account imported earlier when the row has no name or domain.
    - ``emails``: person id -> email for people this row refers to without a
      PersonRecord (interaction logs); the writer resolves them by email.
    - ``company_stubs``: ids of companies in ``companies`` that are known only by
      name/domain (from a contact or connection row): their ``status`` and other
      fields are unknown rather than "other"/None, so they must not overwrite what
      the database already has.
    - ``owners``: company id -> the CRM's account owner (an email or a name), which the
      import use case turns into the client's owner (services/ownership.py).
    """

    line: int
    companies: list[CompanyRecord] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    employments: list[EmploymentRecord] = field(default_factory=list)
    ties: list[TieRecord] = field(default_factory=list)
    interactions: list[InteractionRecord] = field(default_factory=list)
    error: RowError | None = None
    where: str | None = None
    skipped: str | None = None
    external_ids: dict[str, str] = field(default_factory=dict)
    account_refs: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    company_stubs: set[str] = field(default_factory=set)
    owners: dict[str, str] = field(default_factory=dict)  # company id -> its owner as written
    digest: int | None = None  # row_digest of the input row, for the next import of the source

    # written out: dataclass's generated __init__ with fourteen defaults cost more than a
    # graph-json item's parsing (one ParsedRow per input row)
    def __init__(self, line: int, companies: list[CompanyRecord] | None = None,
                 people: list[PersonRecord] | None = None,
                 employments: list[EmploymentRecord] | None = None,
                 ties: list[TieRecord] | None = None,
                 interactions: list[InteractionRecord] | None = None,
                 error: RowError | None = None, where: str | None = None, skipped: str | None = None,
                 external_ids: dict[str, str] | None = None, account_refs: dict[str, str] | None = None,
                 emails: dict[str, str] | None = None, company_stubs: set[str] | None = None,
                 owners: dict[str, str] | None = None) -> None:
        self.line = line
        self.companies = [] if companies is None else companies
        self.people = [] if people is None else people
        self.employments = [] if employments is None else employments
        self.ties = [] if ties is None else ties
        self.interactions = [] if interactions is None else interactions
        self.error = error
        self.where = where
        self.skipped = skipped
        self.external_ids = {} if external_ids is None else external_ids
        self.account_refs = {} if account_refs is None else account_refs
        self.emails = {} if emails is None else emails
        self.company_stubs = set() if company_stubs is None else company_stubs
        self.owners = {} if owners is None else owners
        self.digest = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def empty(self) -> bool:
        return not (self.companies or self.people or self.employments or self.ties or self.interactions)


# A detail quotes the bad value ("'...' is not an email address") and a field is a
# column or key as the file spells it: both come from the file, so a report of 1,000
# errors must not carry 1,000 copies of a 10,000-character cell.
_SHOWN_DETAIL = 500
_SHOWN_FIELD = 200


def _shorten(text: str, most: int) -> str:
    if len(text) <= most:
        return text
    half = (most - 3) // 2  # the start names the value, the end says what is wrong with it
    return f"{text[:half]}...{text[-half:]}"


def error_row(line: int, field_name: str, detail: str, where: str | None = None) -> ParsedRow:
    error = RowError(line, _shorten(field_name, _SHOWN_FIELD), _shorten(detail, _SHOWN_DETAIL), where)
    return ParsedRow(line=line, error=error, where=where)


def row_digest(text: str, kind: str) -> int:
    """A 64-bit digest of one input row as written (a graph-json item's text, a CSV row's
    cells) and its kind (the section): what the next import of the same source compares to
    tell an unchanged row without reading the graph. 64 bits: for a million rows the
    chance that a changed row collides with a kept one is about 10^-7."""
    return int.from_bytes(blake2b(text.encode(), digest_size=8, person=kind.encode()[:16]).digest(), "little")


def csv_kind(kind: str, columns: dict[str, tuple[int, str]]) -> str:
    """The digest kind of a CSV export's rows: what they are and which column is read as
    what, so that the same cells under another header are another row."""
    read_as = ",".join(f"{canon}={index}" for canon, (index, _) in sorted(columns.items()))
    return kind[:3] + blake2b(read_as.encode(), digest_size=6).hexdigest()


def cells_digest(cells: list[str], kind: str) -> int:
    """row_digest of a CSV row's cells (kind: csv_kind)."""
    return row_digest("\x1f".join(cells), kind)


class LastImport:
    """What the last import of the same file's source landed (graph/import_manifest.py),
    handed to a parser so that it can leave out what did not change.

    - ``digests``: the row digests of the rows that landed then.
    - ``people`` / ``companies``: record id -> the node it landed on, where they differ
      (the record matched a node with another id by email, URL, domain...).
    - ``people_nodes`` / ``company_nodes``: every node those rows landed on.

    A parser yields a row whose digest is in ``digests`` as that digest (an int) instead
    of a ParsedRow, when everything it names is unchanged too: a tie or job whose ends
    are rows of the file left out the same way, a person whose company is. It notes the
    nodes of the people and companies it left out in ``kept_people`` / ``kept_companies``
    (the next manifest lands there too). Empty (the default): nothing is left out, and the
    rows still carry their digests for the next import."""

    def __init__(self, digests: set[int] | None = None, people: dict[str, str] | None = None,
                 companies: dict[str, str] | None = None, people_nodes: set[str] | None = None,
                 company_nodes: set[str] | None = None) -> None:
        self.digests: set[int] = digests or set()
        self.people: dict[str, str] = people or {}
        self.companies: dict[str, str] = companies or {}
        # every node the rows in ``digests`` landed on
        self.people_nodes: set[str] = people_nodes or set()
        self.company_nodes: set[str] = company_nodes or set()
        self.kept_people: set[str] = set()
        self.kept_companies: set[str] = set()
