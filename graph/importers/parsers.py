"""``parse_file``: one entry point for every import format.

Pure: no database. The Neo4j writer consumes the ParsedRows; the API turns errors
into the import report.

HubSpot and Salesforce exports may also come as an Excel workbook (.xlsx): it is
recognised by its content (a ZIP archive holding ``xl/workbook.xml``), whatever the
file is called, and its first sheet is read with openpyxl in read-only mode, a row at
a time (``SheetRows``), into the same importer as a CSV; the sheet's row numbers are the
line numbers of the report.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any, BinaryIO

from .common import LastImport, ParsedRow, UnreadableFile
from .crm import parse_crm, parse_crm_rows
from .graph_json import parse_graph_json
from .interactions import parse_interactions
from .limits import DEFAULT_LIMITS, ImportLimits
from .linkedin import parse_linkedin

FORMATS = ("linkedin", "hubspot", "salesforce", "interactions", "graph-json")

XLSX_FORMATS = ("hubspot", "salesforce")  # the formats an .xlsx workbook may carry

__all__ = ["FORMATS", "XLSX_FORMATS", "SheetRows", "is_xlsx", "parse_file"]


def _format(fmt: str) -> str:
    key = (fmt or "").strip().lower().replace("_", "-")
    if key in ("graphjson", "json"):
        key = "graph-json"
    if key not in FORMATS:
        raise ValueError(f"unknown import format {fmt!r}; use one of {', '.join(FORMATS)}")
    return key


_BLOCK = 1 << 20  # bytes read at a time while counting
_SPLIT_ADVICE = "Split it into smaller files and import them one after the other."


def _seekable(stream: BinaryIO) -> bool:
    try:
        return bool(stream.seekable()) and stream.tell() >= 0
    except (AttributeError, OSError, ValueError):
        return False


def _blocks(stream: BinaryIO) -> Iterator[bytes]:
    while block := stream.read(_BLOCK):
        if isinstance(block, str):
            raise TypeError("parse_file needs a binary stream (open the file with 'rb')")
        yield block


def _too_many_bytes(size: int | str, limits: ImportLimits) -> UnreadableFile:
    return UnreadableFile(f"The file has {size} bytes; the limit is {limits.file_bytes:,} bytes "
                          f"({limits.file_bytes / 2**20:,.0f} MiB) per import. {_SPLIT_ADVICE}")


def within_file_limits(stream: BinaryIO, limits: ImportLimits, *, count_lines: bool) -> BinaryIO:
    """``stream`` checked against the file limits before a row is parsed, positioned
    where it was: its size, and for CSV its lines (the most rows it can hold: a quoted
    line break only makes a row span lines). UnreadableFile when it is over, so nothing
    is written. A stream that can't seek back is first copied to a temporary file (on
    disk past 8 MB), refused as soon as it passes the byte limit; graph-json counts its
    items while it checks the document."""
    if not _seekable(stream):
        spool = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 (returned)
        size = 0
        for block in _blocks(stream):
            size += len(block)
            if size > limits.file_bytes:
                spool.close()
                raise _too_many_bytes(f"more than {limits.file_bytes:,}", limits)
            spool.write(block)
        spool.seek(0)
        stream = spool  # type: ignore[assignment]
    start = stream.tell()
    size = stream.seek(0, 2) - start
    stream.seek(start)
    if size > limits.file_bytes:
        raise _too_many_bytes(f"{size:,}", limits)
    if count_lines:
        # CRLF and LF files have one \n per line, old Mac files one \r: the larger count,
        # plus a last line without its line break
        lf = cr = 0
        last = b""
        for block in _blocks(stream):
            lf += block.count(b"\n")
            cr += block.count(b"\r")
            last = block[-1:]
        stream.seek(start)
        lines = max(lf, cr) + (1 if last and last not in b"\r\n" else 0)
        if lines > limits.file_rows:
            raise UnreadableFile(f"The file has {lines:,} lines; the limit is {limits.file_rows:,} "
                                 f"rows per import. {_SPLIT_ADVICE}")
    return stream


_ZIP_MAGIC = b"PK\x03\x04"


def is_xlsx(stream: BinaryIO) -> bool:
    """Whether the seekable ``stream`` is an Excel workbook (.xlsx: a ZIP archive with
    ``xl/workbook.xml``); it is left where it was."""
    start = stream.tell()
    try:
        if stream.read(4) != _ZIP_MAGIC:
            return False
        stream.seek(start)
        with zipfile.ZipFile(stream) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        stream.seek(start)


def _cell_text(value: Any) -> str:
    """A cell as the CSV export of the same sheet would spell it: numbers without a
    spurious ``.0`` (ids, counts, phone numbers), dates as ISO 8601, booleans as
    true/false, an empty cell as ''."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


class SheetRows:
    """The first sheet of an .xlsx workbook as CSV-like records: ``for line, cells in
    rows`` gives the sheet's row number (1-based, as Excel shows it) and the cells as
    text, streamed by openpyxl's read-only mode (memory does not grow with the sheet).
    Same interface as ``text.CsvLines``: ``cells=None`` with the reason in
    ``last_error`` (``over_limit`` set) for a row over the row limits.

    Before a row is read the workbook is checked against the file limits: what it
    unpacks to (``file_bytes``: a small ZIP can hold gigabytes of XML) and the rows its
    first sheet declares (``file_rows``). A sheet whose declaration understates its rows
    ends with a row error at the first row past the limit; the rows after it are not read.
    """

    def __init__(self, stream: BinaryIO, limits: ImportLimits = DEFAULT_LIMITS) -> None:
        from openpyxl import load_workbook  # ~0.3 s to import: only .xlsx imports pay it
        from openpyxl.utils.exceptions import InvalidFileException

        self.limits = limits
        self.last_error = ""
        self.over_limit = False
        start = stream.tell()
        try:
            with zipfile.ZipFile(stream) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
            stream.seek(start)
            if unpacked > limits.file_bytes:
                raise UnreadableFile(
                    f"The workbook unpacks to {unpacked:,} bytes; the limit is {limits.file_bytes:,} bytes "
                    f"({limits.file_bytes / 2**20:,.0f} MiB) per import. {_SPLIT_ADVICE}")
            self._book = load_workbook(stream, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError,
                SyntaxError) as exc:  # a damaged archive or XML (ElementTree's ParseError)
            raise UnreadableFile(
                "This .xlsx workbook can't be read (it may be damaged or password-protected): "
                f"{type(exc).__name__}. Open it in Excel and save it again, or save it as "
                "CSV UTF-8 and upload that.") from None
        if not self._book.worksheets:
            self._book.close()
            raise UnreadableFile("The workbook has no sheet.")
        sheet = self._book.worksheets[0]
        declared = sheet.max_row  # from the sheet's <dimension>, when it has one
        if declared is not None and declared > limits.file_rows:
            self._book.close()
            raise UnreadableFile(f"The first sheet has {declared:,} rows; the limit is "
                                 f"{limits.file_rows:,} rows per import. {_SPLIT_ADVICE}")
        # read every row the sheet holds, not only those its <dimension> declares (openpyxl
        # stops there), and each row as wide as it is, not padded to the declared width
        sheet.reset_dimensions()
        self._rows = sheet.iter_rows(values_only=True)
        self._line = 0
        self._width = 0  # the header's (first non-blank row's) cells, without trailing blanks
        self._done = False

    def __iter__(self) -> SheetRows:
        return self

    def close(self) -> None:
        if not self._done:
            self._done = True
            self._book.close()  # closes openpyxl's ZipFile, not the caller's stream

    def __next__(self) -> tuple[int, list[str] | None]:
        if self._done:
            raise StopIteration
        try:
            values = next(self._rows)
        except StopIteration:
            self.close()
            raise
        except (KeyError, ValueError, TypeError, SyntaxError, zipfile.BadZipFile) as exc:
            self.close()  # damaged XML half way: report it on the row, read no further
            self.last_error, self.over_limit = f"the sheet can't be read from here on: {exc}", False
            return self._line + 1, None
        self._line += 1
        if self._line > self.limits.file_rows:
            self.close()
            self.last_error, self.over_limit = (
                f"the sheet has more than {self.limits.file_rows:,} rows, the limit per import; "
                "this row and the rows after it were not read", True)
            return self._line, None
        # drop trailing blanks (a cell once filled and cleared), then give each record at
        # least the header's width, as a CSV export's commas would
        cells = [_cell_text(v) for v in values]
        while cells and not cells[-1]:
            cells.pop()
        if not self._width and any(c.strip() for c in cells):
            self._width = len(cells)
        if len(cells) < self._width:
            cells.extend([""] * (self._width - len(cells)))
        problem = self.limits.row_problem(cells)
        if problem is not None:
            self.last_error, self.over_limit = problem, True
            return self._line, None
        return self._line, cells


def parse_file(
    stream: BinaryIO,
    fmt: str,
    *,
    owner_id: str | None = None,
    source: str | None = None,
    today: date,
    limits: ImportLimits = DEFAULT_LIMITS,
    last: LastImport | None = None,
) -> Iterator[ParsedRow | int]:
    """Parse an uploaded file into records, one ParsedRow per input row.

    - ``stream``: the file opened in binary mode; it is read front to back (after the
      file-limit check below) and not closed. Every format streams (memory does not
      grow with the file, apart from the keys kept to drop in-file duplicates);
      graph-json is checked whole, a block at a time, before this returns, and its
      items spooled to a temporary file.
    - ``fmt``: linkedin, hubspot, salesforce, interactions or graph-json; hubspot and
      salesforce files may be CSV or an .xlsx workbook (its first sheet), told apart by
      their content.
    - ``owner_id``: the person id of the rep whose LinkedIn export this is (required
      for linkedin, ignored otherwise).
    - ``source``: whose ids ``external_id`` values are (defaults to ``fmt``; for
      graph-json to the document's ``"source"`` or "graph-json").
    - ``today``: the import date (future dates are errors; connection strength decays
      from it).
    - ``limits``: what a cell, a row and the file may hold (graph/importers/limits.py).
    - ``last``: what the last import of the same source landed; a graph-json item it
      lists that did not change is yielded as its digest (an int), not parsed into
      records (common.LastImport). Its digests may be filled in after this returns,
      before the first row is taken.

    The file's size, line count, encoding and header are checked before this returns,
    so :class:`UnreadableFile` (over the file limits, empty, binary, undecodable,
    unknown header) and ValueError (bad arguments) are raised by the call itself,
    before any row. For that check a seekable stream is read once more (its bytes and
    line breaks counted, a block at a time) and one that can't seek is spooled to a
    temporary file first; a row over the row limits is a row error.
    """
    key = _format(fmt)
    if key == "linkedin" and (not owner_id or not str(owner_id).strip()):
        raise ValueError("owner_id (the rep whose LinkedIn connections these are) is required")
    if key in XLSX_FORMATS:
        stream = within_file_limits(stream, limits, count_lines=False)
        if is_xlsx(stream):
            _, rows = parse_crm_rows(SheetRows(stream, limits), key, source=source or key,
                                     today=today, limits=limits)
            return rows
    stream = within_file_limits(stream, limits, count_lines=key != "graph-json")
    if key == "linkedin":
        return parse_linkedin(stream, owner_id=str(owner_id).strip(), today=today, limits=limits)
    if key in ("hubspot", "salesforce"):
        _, rows = parse_crm(stream, key, source=source or key, today=today, limits=limits)
        return rows
    if key == "interactions":
        return parse_interactions(stream, today=today, limits=limits)
    return parse_graph_json(stream, source=source, today=today, limits=limits, last=last)
