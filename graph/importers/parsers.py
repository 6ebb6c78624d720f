"""``parse_file``: one entry point for every import format.

Pure: no database. The Neo4j writer consumes the ParsedRows; the API turns errors
into the import report.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from .common import ParsedRow, UnreadableFile
from .crm import parse_crm
from .graph_json import parse_graph_json
from .interactions import parse_interactions
from .limits import DEFAULT_LIMITS, ImportLimits
from .linkedin import parse_linkedin

FORMATS = ("linkedin", "hubspot", "salesforce", "interactions", "graph-json")

__all__ = ["FORMATS", "parse_file"]


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


def parse_file(
    stream: BinaryIO,
    fmt: str,
    *,
    owner_id: str | None = None,
    source: str | None = None,
    today: date,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> Iterator[ParsedRow]:
    """Parse an uploaded file into records, one ParsedRow per input row.

    - ``stream``: the file opened in binary mode; it is read front to back (after the
      file-limit check below) and not closed. Every format streams (memory does not
      grow with the file, apart from the keys kept to drop in-file duplicates);
      graph-json is checked whole, a block at a time, before this returns, and its
      items spooled to a temporary file.
    - ``fmt``: linkedin, hubspot, salesforce, interactions or graph-json.
    - ``owner_id``: the person id of the rep whose LinkedIn export this is (required
      for linkedin, ignored otherwise).
    - ``source``: whose ids ``external_id`` values are (defaults to ``fmt``; for
      graph-json to the document's ``"source"`` or "graph-json").
    - ``today``: the import date (future dates are errors; connection strength decays
      from it).
    - ``limits``: what a cell, a row and the file may hold (graph/importers/limits.py).

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
    stream = within_file_limits(stream, limits, count_lines=key != "graph-json")
    if key == "linkedin":
        return parse_linkedin(stream, owner_id=str(owner_id).strip(), today=today, limits=limits)
    if key in ("hubspot", "salesforce"):
        _, rows = parse_crm(stream, key, source=source or key, today=today, limits=limits)
        return rows
    if key == "interactions":
        return parse_interactions(stream, today=today, limits=limits)
    return parse_graph_json(stream, source=source, today=today, limits=limits)
