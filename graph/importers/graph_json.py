"""graph-json: the service's own interchange format (see docs/imports.md).

``{"source": "...", "companies": [...], "people": [...], "employments": [...],
"ties": [...], "interactions": [...]}``; every section is optional and the items
mirror the record types of :mod:`referrals.model`. Each item is reported with its
JSON pointer (``where="/ties/3"``) and the line it starts on.

The document is read a block at a time, twice over in effect: a first pass checks all
of it (a syntax error anywhere refuses the file before any row, as json.loads would)
with the C decoder item by item, and spools the decoded items, marshalled, to a
temporary file; the rows then come from the spool, section by section in the canonical
order whatever the file's order. Memory stays flat with the file's size; the spool costs
disk about the size of the file. The stdlib's C decoder per item beat ijson's C backend, measured on the same
file (docs/imports.md: 0.60 s against 0.9 s plus a 0.5 s syntax pass for 60,673 items).

Limits (graph/importers/limits.py): more items than ``file_rows`` refuse the file; an
item over ``row_chars`` characters, nested too deeply for the decoder, or with a string
over ``cell_chars`` is an error on its line while the other items land.
"""

from __future__ import annotations

import json
import marshal
import math
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from enum import Enum
from itertools import accumulate, repeat
from typing import Any, BinaryIO, TextIO, TypeVar

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

from .common import LastImport, ParsedRow, UnreadableFile, error_row, row_digest
from .keys import (
    company_id_for,
    normalise_domain,
    normalise_email,
    normalise_linkedin_url,
    normalise_phone,
    parse_iso_date,
    person_id_for,
    seniority_from_title,
)
from .limits import DEFAULT_LIMITS, ImportLimits
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
            "phone",
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

_TIE_FIELDS = FIELDS["ties"]

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
        tuple: "a value nested too deeply",  # the marker of an item over a limit
    }.get(type(value), type(value).__name__)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


Item = tuple[int, int, Any, int]  # (index, line, value, row_digest of the item's text)
# An item over a limit is spooled as ("limit", field, detail) instead of its value:
# JSON never decodes to a tuple, so the marker can't be mistaken for an item.
_LIMIT = "limit"


# ------------------------------------------------------------------------ scanning

_BLOCK = 1 << 20  # characters read at a time
_SPOOL_ITEMS = 2000  # items per marshalled list in the spool
_SPOOL_MEMORY = 8 << 20  # spool bytes kept in memory before it moves to a file
_WHITESPACE = " \t\r\n\ufeff"
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_SKIP_PIECE = 1 << 16  # characters counted at a time while skipping a too-deep value
_STRING_REST = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # after the opening quote


class _Text:
    """The document's text, read a block at a time so memory does not grow with the file,
    with the line and column of every position (visited in increasing order)."""

    def __init__(self, text_io: TextIO) -> None:
        self.io = text_io
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.line = 1  # line of buf[counted]
        self.counted = 0
        self.dropped = 0  # characters before buf[0]: dropped + pos is the offset in the file
        self.column0 = 0  # characters on buf[0]'s line before it
        self.decoder = json.JSONDecoder(parse_constant=_reject_constant)

    def _more(self, at_least: int = 0) -> None:
        """Drop what was consumed and read on; at end of file set ``eof``."""
        if self.pos:
            done = self.buf[: self.pos]
            self.line_at(self.pos)
            newline = done.rfind("\n")
            self.column0 = len(done) - newline - 1 if newline >= 0 else self.column0 + len(done)
            self.buf = self.buf[self.pos :]
            self.counted -= self.pos
            self.dropped += self.pos
            self.pos = 0
        data = self.io.read(max(at_least, _BLOCK))
        if data:
            self.buf += data
        else:
            self.eof = True

    def line_at(self, offset: int) -> int:
        self.line += self.buf.count("\n", self.counted, offset)
        self.counted = offset
        return self.line

    def fail(self, message: str, offset: int | None = None) -> UnreadableFile:
        offset = self.pos if offset is None else offset
        line = self.line_at(offset)
        newline = self.buf.rfind("\n", 0, offset)
        column = offset - newline if newline >= 0 else self.column0 + offset + 1
        return UnreadableFile(f"This is not valid JSON: {message} at line {line}, column {column}.")

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end of the file)."""
        while True:
            buf, pos, n = self.buf, self.pos, len(self.buf)
            while pos < n and buf[pos] in _WHITESPACE:
                pos += 1
            self.pos = pos
            if pos < n:
                return buf[pos]
            if self.eof:
                return ""
            self._more()

    def value(self) -> Any:
        """Decode the JSON value at the current position with the C decoder, reading on
        while the value runs past the block (a number cut at the block's end decodes as
        a shorter number: a value that ends exactly there is decoded again with more)."""
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if not self.eof:
                    # the value may be cut: read on, twice its length so far (a long value
                    # is decoded a few times, not once per block)
                    self._more(2 * (len(self.buf) - self.pos))
                    continue
                raise self.fail(exc.msg, exc.pos) from None
            except ValueError as exc:  # NaN, Infinity
                raise UnreadableFile(f"This is not valid JSON: {exc}.") from None
            except RecursionError:
                # nested deeper than the C decoder recurses (about the recursion limit):
                # stepped over, and reported on its item; never a crash
                self.skip()
                return (_LIMIT, "", "the item is nested more than the decoder's limit of about "
                                    f"{sys.getrecursionlimit():,} levels")
            if end == len(self.buf) and not self.eof:
                self._more()
                continue
            self.pos = end
            return value

    def skip(self) -> None:
        """Move past the array or object at the current position without decoding it.

        Brackets outside strings are counted a piece at a time with ``str.count``; only
        a piece where the depth can reach zero gets its running depth (``accumulate``,
        in C), so a value millions of brackets deep costs a fraction of a second. What
        lies between the brackets is not checked: the item is an error either way."""
        depth = 0
        at = self.pos
        while True:
            quote = self.buf.find('"', at)
            stop = quote if quote >= 0 else len(self.buf)
            while at < stop:
                piece_end = min(stop, at + _SKIP_PIECE)
                buf = self.buf
                opens = buf.count("[", at, piece_end) + buf.count("{", at, piece_end)
                closes = buf.count("]", at, piece_end) + buf.count("}", at, piece_end)
                if closes >= depth:  # the value may close in this piece: find where, in C
                    steps = map(_STEP.get, buf[at:piece_end], repeat(0))
                    levels = list(accumulate(steps, initial=depth))
                    if 0 in levels[1:]:  # levels[i] is the depth after the piece's ith character
                        self.pos = at + levels.index(0, 1)
                        return
                depth += opens - closes
                at = piece_end
            if quote < 0:
                at = self._read_on(at)
                continue
            closed = _STRING_REST.match(self.buf, quote + 1)
            if closed is None:  # the string runs past the block: read on, look again
                at = self._read_on(quote)
                continue
            at = closed.end()

    def _read_on(self, at: int) -> int:
        """Read more while skipping (keeping the value from ``pos``); ``at`` in the new buffer."""
        if self.eof:
            raise self.fail("Unterminated value", len(self.buf))
        before = self.pos
        self._more(2 * (len(self.buf) - self.pos))  # doubling: a long value is searched a few times
        return at - before


class _Scanned:
    """Pass one over the document: it is valid JSON with the right shape, its items are
    spooled (marshalled, in a temporary file) and its other top-level keys kept."""

    def __init__(self, spool: BinaryIO, limits: ImportLimits) -> None:
        self.spool = spool
        self.limits = limits
        self.count = 0  # items in all sections, for the file's row limit
        self.sections: dict[str, tuple[int, int]] = {}  # section -> (offset, lists) of its last list
        self.others: dict[str, tuple[int, Any]] = {}  # key -> (line, value: kept for the meta keys)
        self.not_lists: dict[str, Any] = {}  # a section given as something else (last wins)

    def items(self, section: str) -> Iterator[Item]:
        if section not in self.sections:
            return
        offset, lists = self.sections[section]
        for _ in range(lists):
            self.spool.seek(offset)  # the position is ours alone, but cheap to be sure of
            size = int.from_bytes(self.spool.read(8), "little")
            offset += 8 + size
            # whole byte strings: marshal.load on a file object reads it a byte at a time
            yield from marshal.loads(self.spool.read(size))


def _scan(text_io: TextIO, spool: BinaryIO, limits: ImportLimits = DEFAULT_LIMITS) -> _Scanned:
    """Check the whole document (syntax first, as json.loads would, then its shape) and
    spool its items, reading a block at a time."""
    text = _Text(text_io)
    found = _Scanned(spool, limits)
    if text.peek() != "{":
        document = text.value()
        if text.peek():
            raise text.fail("Extra data")
        raise UnreadableFile(
            "A graph-json file must be one JSON object with the lists "
            f"{', '.join(SECTIONS)}; this one is {_type_name(document)}."
        )
    text.pos += 1
    char = text.peek()
    if char == "}":
        text.pos += 1
    while char != "}":
        if char != '"':
            raise text.fail("Expecting property name enclosed in double quotes")
        key_line = text.line_at(text.pos)
        key = text.value()
        if text.peek() != ":":
            raise text.fail("Expecting ':' delimiter")
        text.pos += 1
        if text.peek() == "[" and key in SECTIONS:
            text.pos += 1
            found.sections[key] = _spool_list(text, found, key)  # a repeated key: the last wins
            found.not_lists.pop(key, None)
        else:
            value = text.value()
            if key in SECTIONS:
                found.not_lists[key] = value
                found.sections.pop(key, None)
            else:
                found.others[key] = (key_line, value if key in META_KEYS else None)
        char = text.peek()
        if char == ",":
            text.pos += 1
            char = text.peek()
            if char == "}":
                raise text.fail("Expecting property name enclosed in double quotes")
        elif char == "}":
            text.pos += 1
        else:
            raise text.fail("Expecting ',' delimiter")
    if text.peek():
        raise text.fail("Extra data")
    for key, value in found.not_lists.items():
        raise UnreadableFile(f'"{key}" must be a list of objects, not {_type_name(value)}.')
    return found


def _spool_list(text: _Text, found: _Scanned, section: str) -> tuple[int, int]:
    """The items of one section list, from after its "[" to past its "]", marshalled to
    the spool in lists of (index, line, value, digest); an item over the row limit is
    spooled as its marker, and more items than the file's row limit refuse the file. The
    digest is of the item's text as written (common.row_digest): the next import of the
    source compares it."""
    spool, limits = found.spool, found.limits
    offset = spool.seek(0, 2)
    lists = 0
    chunk: list[Item] = []
    index = 0
    char = text.peek()
    if char == "]":
        text.pos += 1
        return offset, 0
    while True:
        line = text.line_at(text.pos)
        begin = text.dropped + text.pos
        value = text.value()
        size = text.dropped + text.pos - begin
        if size > limits.row_chars:
            value = _over_row_limit(value, size, limits)
        # the item's start is still in the buffer: reading on drops only what lies before it
        digest = row_digest(text.buf[begin - text.dropped : text.pos], section)
        chunk.append((index, line, value, digest))
        index += 1
        found.count += 1
        if found.count > limits.file_rows:
            raise UnreadableFile(f"The file has more than {limits.file_rows:,} items; the limit is "
                                 f"{limits.file_rows:,} rows per import. Split it into smaller "
                                 "files and import them one after the other.")
        if len(chunk) == _SPOOL_ITEMS:
            _spool_write(spool, chunk)
            lists += 1
            chunk = []
        char = text.peek()
        if char == ",":
            text.pos += 1
            if text.peek() == "]":
                raise text.fail("Expecting value")
        elif char == "]":
            text.pos += 1
            break
        else:
            raise text.fail("Expecting ',' delimiter")
    if chunk:
        _spool_write(spool, chunk)
        lists += 1
    return offset, lists


def _over_row_limit(value: Any, size: int, limits: ImportLimits) -> tuple[str, str, str]:
    """The marker spooled instead of an item over the row limit: it names its longest
    string field when that is over the cell limit (the usual cause, and what to fix)."""
    if isinstance(value, tuple):  # already a marker (nested too deeply)
        return value
    if isinstance(value, dict):
        longest = max(((len(v), k) for k, v in value.items() if isinstance(v, str)), default=(0, ""))
        if longest[0] > limits.cell_chars:
            return (_LIMIT, longest[1], f"has {longest[0]:,} characters; the limit is {limits.cell_chars:,}")
    return (_LIMIT, "", f"the item has {size:,} characters; the limit is {limits.row_chars:,}")


def _spool_write(spool: BinaryIO, chunk: list[Item]) -> None:
    data = marshal.dumps(chunk)
    spool.write(len(data).to_bytes(8, "little"))
    spool.write(data)


# ---------------------------------------------------------------------- validation


class _Item:
    def __init__(self, value: Any, allowed: frozenset[str], cell_chars: int) -> None:
        self.cell_chars = cell_chars
        if not isinstance(value, dict):
            raise _Bad("", f"must be an object, not {_type_name(value)}")
        if allowed.issuperset(value):  # the common case, without building a set
            self.value = value
            return
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
        if len(value) > self.cell_chars:  # every later check and key is bounded by this
            raise _Bad(key, f"has {len(value):,} characters; the limit is {self.cell_chars:,}")
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
        if value.__class__ is int and value >= 0:  # the common case first
            return value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Bad(key, f"must be a whole number, not {_type_name(value)}")
        if value < 0:
            raise _Bad(key, "must not be negative")
        return value

    def number(self, key: str, *, required: bool = False) -> float | None:
        value = self.value.get(key)
        if value.__class__ is float and not math.isnan(value):  # the common case first
            return value
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

    def day(self, key: str, *, required: bool = False, known: dict[str, date] | None = None) -> date | None:
        raw = self.value.get(key)
        if known is not None and raw.__class__ is str and raw in known:
            return known[raw]
        value = self.text(key, required=required)
        if value is None:
            return None
        try:
            parsed = parse_iso_date(value)
        except ValueError as exc:
            raise _Bad(key, str(exc)) from None
        if known is not None and raw.__class__ is str and len(known) < 100_000:
            known[raw] = parsed
        return parsed


def _not_future(key: str, value: date | None, today: date) -> None:
    if value is not None and value > today:
        raise _Bad(key, f"{value.isoformat()} is after today ({today.isoformat()})")


# -------------------------------------------------------------------------- parsing


class GraphJsonRows(Iterator[ParsedRow]):
    """The rows of a checked document, lazily; ``source`` is the document's own "source"
    (None when it has none), which names the source of its external ids."""

    def __init__(self, rows: Iterator[ParsedRow], source: str | None) -> None:
        self._rows = rows
        self.source = source

    def __next__(self) -> ParsedRow:
        return next(self._rows)


def parse_graph_json(stream: BinaryIO, *, source: str | None, today: date,
                     limits: ImportLimits = DEFAULT_LIMITS, last: LastImport | None = None) -> GraphJsonRows:
    """Reads and checks the whole document now (raising UnreadableFile), a block at a
    time, spooling its items to a temporary file; then returns the per-item rows
    lazily: companies, people, employments, ties, interactions, in that order. With
    ``last``, an item that the last import of the source landed and that did not change
    comes as its digest (common.LastImport)."""
    text_io, _ = open_text(stream)
    # on disk past a few MB: memory stays flat with the file's size
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_MEMORY)  # noqa: SIM115 (closed by the rows)
    try:
        scanned = _scan(text_io, spool, limits)
        found = scanned.others.get("source", (0, None))[1]
        found = (found.strip() or None) if isinstance(found, str) else None
        if found is not None and len(found) > limits.cell_chars:  # it goes into ids and ties
            raise UnreadableFile(f'"source" has {len(found):,} characters; the limit is '
                                 f"{limits.cell_chars:,}.")
    except BaseException:
        spool.close()
        raise
    parser = _Parser(scanned, source=(source if source is not None else found) or "graph-json",
                     today=today, cell_chars=limits.cell_chars, last=last)
    return GraphJsonRows(parser.rows(), found)


class _Parser:
    def __init__(self, scanned: _Scanned, *, source: str, today: date, cell_chars: int,
                 last: LastImport | None = None) -> None:
        self.scanned = scanned
        self.last = last
        self.changed_people: set[str] = set()  # ids of the people rows that go to the importer
        self.cell_chars = cell_chars
        self.source = source
        self.today = today
        self.companies: dict[str, str] = {}  # id / external id / domain -> id
        self.company_where: dict[str, str] = {}
        self.people: dict[str, str] = {}  # id / external id / email / linkedin -> id
        self.person_where: dict[str, str] = {}
        self.dates: dict[str, date] = {}  # ISO text -> date: files repeat a few thousand dates

    def rows(self) -> Iterator[ParsedRow]:
        try:
            yield from self._rows()
        finally:
            self.scanned.spool.close()

    def _rows(self) -> Iterator[ParsedRow]:
        for key, (line, _) in self.scanned.others.items():
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
        last = self.last
        for section in SECTIONS:
            quick = self._usual_tie if section == "ties" else None
            # interactions add evidence: never left out, and not kept for the next import
            known = last.digests if last is not None and section != "interactions" else ()
            for index, line, value, digest in self.scanned.items(section):
                where = f"/{section}/{index}"
                if value.__class__ is tuple:  # an item over a limit (its marker)
                    yield error_row(line, value[1], value[2], where=where)
                    continue
                if digest in known and section in ("employments", "ties") and self._ends_kept(section, value):
                    yield digest  # unchanged, between people and companies left out too
                    continue
                out = ParsedRow(line=line, where=where)
                if quick is not None and quick(value, out):
                    out.digest = digest
                    yield out
                    continue
                try:
                    handlers[section](_Item(value, FIELDS[section], self.cell_chars), out, where)
                except _Bad as bad:
                    yield error_row(line, bad.field, bad.detail, where=where)
                    continue
                if digest in known and section in ("companies", "people") and self._keep(section, out):
                    yield digest
                    continue
                if section == "people":
                    self.changed_people.update(p.id for p in out.people)
                if section != "interactions":
                    out.digest = digest
                yield out

    # left out as unchanged ------------------------------------------------------

    def _keep(self, section: str, out: ParsedRow) -> bool:
        """Whether an unchanged company or person row is left out (its record registered as
        parsed, so later items can name it): a person only with their company, if any,
        left out too. Its record then names the node the last import landed it on."""
        last = self.last
        assert last is not None
        if section == "companies":
            cid = out.companies[0].id
            node = last.companies.get(cid, cid)
            if node != cid:
                for key in (cid, out.companies[0].domain, out.external_ids.get(cid)):
                    if key and self.companies.get(key) == cid:
                        self.companies[key] = node
            last.kept_companies.add(node)
            return True
        if any(job.company_id not in last.kept_companies for job in out.employments):
            return False
        pid = out.people[0].id
        node = last.people.get(pid, pid)
        if node != pid:
            for key in (pid, out.people[0].email, out.people[0].linkedin_url,
                        out.external_ids.get(pid)):
                if key and self.people.get(key) == pid:
                    self.people[key] = node
        last.kept_people.add(node)
        return True

    def _ends_kept(self, section: str, value: Any) -> bool:
        """Whether an unchanged job or tie names, as written, only people (and a company)
        whose rows were left out as unchanged: then it lands where it landed before."""
        if value.__class__ is not dict:
            return False
        last = self.last
        assert last is not None
        kept, changed = last.kept_people, self.changed_people
        refs = ("person_id",) if section == "employments" else ("a", "b")
        for ref in refs:
            name = value.get(ref)
            pid = self.people.get(name) if name.__class__ is str else None
            if pid is None or pid not in kept or pid in changed:
                return False
        if section == "employments":
            ref = value.get("company_id")
            return ref.__class__ is str and self._company_ref(ref) in last.kept_companies
        return True

    # references ---------------------------------------------------------------

    def _person_ref(self, item: _Item, key: str, out: ParsedRow) -> str:
        ref = item.value.get(key)
        if ref.__class__ is str and ref in self.people:  # a person of this file, as written
            return self.people[ref]
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
        phone_raw = item.text("phone")
        phone = normalise_phone(phone_raw)
        if phone_raw and phone is None:
            raise _Bad("phone", f"{phone_raw!r} is not a phone number (written with its country code: "
                                "+44 20 7946 0958)")
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
                phone=phone,
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
        start = item.day("start", known=self.dates)
        end = item.day("end", known=self.dates)
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
        last = item.day("last_interaction", known=self.dates)
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

    def _usual_tie(self, value: Any, out: ParsedRow) -> bool:
        """The usual tie, without the general checks: two people of this file as written,
        a float strength in (0, 1], a whole count, a date seen before and not after today,
        a clean source or none. Anything else returns False (nothing added) and goes the
        general way (``_tie``), which accepts the same items to the same record and names
        what is wrong with the others. Ties are most of a file's items, and the general
        checks per field cost about as much as decoding the item."""
        if value.__class__ is not dict or not _TIE_FIELDS.issuperset(value):
            return False
        ref_a, ref_b = value.get("a"), value.get("b")
        if ref_a.__class__ is not str or ref_b.__class__ is not str:
            return False
        a, b = self.people.get(ref_a), self.people.get(ref_b)
        strength = value.get("strength")
        if a is None or b is None or a == b or strength.__class__ is not float or not 0 < strength <= 1:
            return False
        count = value.get("interactions", 0)
        if count is None:
            count = 0
        elif count.__class__ is not int or count < 0:
            return False
        last = value.get("last_interaction")
        if last is not None:
            last = self.dates.get(last) if last.__class__ is str else None
            if last is None or last > self.today:
                return False
        source = value.get("source")
        if source is None:
            source = self.source
        elif (source.__class__ is not str or not source or len(source) > self.cell_chars
              or source[0].isspace() or source[-1].isspace()):
            return False
        out.ties.append(TieRecord(a=a, b=b, strength=strength, interactions=count, last_interaction=last,
                                  source=source))
        return True

    def _interaction(self, item: _Item, out: ParsedRow, where: str) -> None:
        sender = self._person_ref(item, "sender", out)
        recipient = self._person_ref(item, "recipient", out)
        if sender == recipient:
            raise _Bad("recipient", "is the sender")
        channel = item.enum("channel", Channel)
        if channel is None:
            raise _Bad("channel", "is required")
        on = item.day("on", required=True, known=self.dates)
        _not_future("on", on, self.today)
        assert on is not None
        out.interactions.append(InteractionRecord(sender=sender, recipient=recipient, channel=channel, on=on))


# -------------------------------------------------------------------------- writing


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def _item(record: Any, names: tuple[str, ...]) -> dict[str, Any]:
    # nulls and defaults left out: the file stays small and reads as the parser's defaults
    return {n: _plain(v) for n in names if (v := getattr(record, n)) is not None and v is not False}


def write_graph_json(
    out: TextIO,
    *,
    source: str,
    companies: Iterable[CompanyRecord] = (),
    people: Iterable[PersonRecord] = (),
    employments: Iterable[EmploymentRecord] = (),
    ties: Iterable[TieRecord] = (),
    interactions: Iterable[InteractionRecord] = (),
) -> dict[str, int]:
    """Write records as a graph-json document that :func:`parse_graph_json` reads back,
    one item per line, streaming (records are consumed once). Returns items per section."""
    sections: list[tuple[str, Iterable[Any], tuple[str, ...]]] = [
        ("companies", companies, ("id", "name", "domain", "status", "industry", "employees", "region",
                                  "health")),
        ("people", people, ("id", "name", "email", "phone", "linkedin_url", "title", "seniority",
                            "is_rep", "do_not_contact")),
        ("employments", employments, ("person_id", "company_id", "title", "seniority", "start", "end")),
        ("ties", ties, ("a", "b", "strength", "interactions", "last_interaction", "source")),
        ("interactions", interactions, ("sender", "recipient", "channel", "on")),
    ]
    counts: dict[str, int] = {}
    out.write("{" + json.dumps("source") + ": " + json.dumps(source))
    for name, records, names in sections:
        out.write(",\n" + json.dumps(name) + ": [")
        n = 0
        for record in records:
            item = _item(record, names)
            if name == "employments":
                item["current"] = record.current  # its default depends on "end"
            out.write(("\n" if n == 0 else ",\n") + json.dumps(item, separators=(",", ":")))
            n += 1
        out.write("\n]")
        counts[name] = n
    out.write("\n}\n")
    return counts
