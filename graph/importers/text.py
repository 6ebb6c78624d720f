"""Turning an uploaded byte stream into text lines and CSV rows, without reading it all.

Encodings, decided from the first 64 KiB before anything is yielded:

- a byte-order mark wins: UTF-8 (Excel's "CSV UTF-8"), UTF-16 LE/BE (Excel's
  "Unicode Text"), UTF-32;
- UTF-16 without a BOM is recognised by its NUL-byte pattern;
- otherwise UTF-8 when the sample decodes as UTF-8, else Windows-1252, which is what
  Excel's plain "CSV (Comma delimited)" writes on Western-European Windows. Bytes that
  a later part of a UTF-8 file can't decode are read as Windows-1252 too (a file
  pasted together from two exports), so decoding never fails half way.

A file is refused (UnreadableFile) when it is empty, a known binary format (PNG, ZIP
or .xlsx, PDF, old .xls ...) or otherwise contains NUL bytes or control characters.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from .common import UnreadableFile
from .limits import DEFAULT_LIMITS, ImportLimits, too_long

SNIFF_BYTES = 64 * 1024

_XLS_ADVICE = " Open it in Excel and use File > Save As > CSV UTF-8, then upload the CSV."
_UNPACK = " Unpack it and upload the CSV or JSON file inside."
# (magic bytes, what the file is, what to do instead)
_MAGIC: list[tuple[bytes, str, str]] = [
    (b"\x89PNG", "a PNG image", ""),
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook is one)", _XLS_ADVICE),
    (b"PK\x05\x06", "an empty ZIP archive", ""),
    (b"%PDF", "a PDF document", ""),
    (b"\xd0\xcf\x11\xe0", "an old-style Excel or Word file (.xls/.doc)", _XLS_ADVICE),
    (b"GIF8", "a GIF image", ""),
    (b"\xff\xd8\xff", "a JPEG image", ""),
    (b"\x1f\x8b", "a gzip archive", _UNPACK),
    (b"7z\xbc\xaf", "a 7-Zip archive", _UNPACK),
    (b"Rar!", "a RAR archive", _UNPACK),
    (b"SQLite format 3", "an SQLite database", ""),
]

_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
_FALLBACK = "referrals-import-cp1252"


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    text = "".join(chr(b) if b in _CP1252_UNDEFINED else bytes([b]).decode("cp1252") for b in bad)
    return text, exc.end


codecs.register_error(_FALLBACK, _cp1252_fallback)


class _Prefixed(io.RawIOBase):
    """The bytes already read for sniffing, then the rest of the caller's stream.

    Closing it never closes the caller's stream.
    """

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._pos = 0
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self._pos < len(self._head):
            n = min(len(buffer), len(self._head) - self._pos)
            buffer[:n] = self._head[self._pos : self._pos + n]
            self._pos += n
            return n
        data = self._stream.read(len(buffer))
        if not data:
            return 0
        n = len(data)
        buffer[:n] = data
        return n


def _read_head(stream: BinaryIO) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < SNIFF_BYTES:
        data = stream.read(SNIFF_BYTES - size)
        if isinstance(data, str):
            raise TypeError("parse_file needs a binary stream (open the file with 'rb')")
        if not data:
            break
        chunks.append(data)
        size += len(data)
    return b"".join(chunks)


def _looks_like_utf16(head: bytes) -> str | None:
    sample = head[: 4096 - (len(head[:4096]) % 2)]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\r\n\f") or ch == "\x7f")
    return bad / len(text)


def detect_encoding(head: bytes, *, complete: bool) -> str:
    """Encoding name for the sample ``head`` (the whole file when ``complete``).

    Raises UnreadableFile for empty and binary files.
    """
    if head.startswith(codecs.BOM_UTF32_LE) or head.startswith(codecs.BOM_UTF32_BE):
        encoding = "utf-32"
    elif head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        encoding = "utf-16"
    else:
        encoding = ""
    if not encoding:
        for magic, what, advice in _MAGIC:
            if head.startswith(magic):
                raise UnreadableFile(f"This file is {what}, not a CSV or JSON text file.{advice}")
        if b"\x00" in head:
            encoding = _looks_like_utf16(head) or ""
            if not encoding:
                raise UnreadableFile(
                    "This file contains binary data (NUL bytes), not text. "
                    "Export it as CSV (or JSON for graph-json) and upload that."
                )
    if not encoding:
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    sample = head.decode(encoding, errors=_FALLBACK if encoding == "cp1252" else "replace")
    if not sample.strip().strip("\ufeff"):
        raise UnreadableFile("The file is empty.")
    if _control_ratio(sample) > 0.01:
        raise UnreadableFile(
            "This file contains binary data (control characters), not text. "
            "Export it as CSV (or JSON for graph-json) and upload that."
        )
    return encoding


def open_text(stream: BinaryIO) -> tuple[io.TextIOWrapper, str]:
    """A text view of ``stream`` (newlines untranslated, for the csv module) and the
    encoding chosen. Reads only the first 64 KiB eagerly."""
    head = _read_head(stream)
    encoding = detect_encoding(head, complete=len(head) < SNIFF_BYTES)
    errors = _FALLBACK if encoding in ("utf-8", "utf-8-sig", "cp1252") else "replace"
    buffered = io.BufferedReader(_Prefixed(head, stream), buffer_size=SNIFF_BYTES)
    return io.TextIOWrapper(buffered, encoding=encoding, errors=errors, newline=""), encoding


def sniff_delimiter(line: str) -> str:
    """``,`` unless the line has more ``;`` (Excel in many European locales) or tabs."""
    counts = {d: 0 for d in ",;\t"}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


class CsvLines:
    """CSV records with the physical line each starts on (1-based).

    ``for line, cells in rows`` yields ``cells=None`` and the row error's text in
    ``self.last_error`` when the csv module rejects a record (e.g. a field over its
    128 KiB limit) or the row is over the row limits (``ImportLimits.row_problem``:
    too many cells or characters); reading continues with the next record.
    """

    def __init__(self, lines: Iterator[str], delimiter: str = ",", offset: int = 0,
                 limits: ImportLimits = DEFAULT_LIMITS) -> None:
        self._reader = csv.reader(lines, delimiter=delimiter)
        self._offset = offset
        self._seen = 0  # lines the reader has consumed so far
        self.limits = limits
        self.last_error = ""
        self.over_limit = False  # the last None was a row over a limit, not bad CSV

    def __iter__(self) -> CsvLines:
        return self

    def __next__(self) -> tuple[int, list[str] | None]:
        start = self._offset + self._seen + 1
        try:
            cells = next(self._reader)
        except csv.Error as exc:
            if self._reader.line_num == self._seen:  # no progress: give up on the file
                raise StopIteration from None
            self._seen = self._reader.line_num
            self.over_limit = "field limit" in str(exc)
            if self.over_limit:  # the C reader stops a cell at 128 KiB
                self.last_error = (f"a cell has more than {csv.field_size_limit():,} characters; "
                                   f"the limit is {self.limits.cell_chars:,}")
            else:
                self.last_error = f"unreadable CSV record: {exc}"
            return start, None
        self._seen = self._reader.line_num
        problem = self.limits.row_problem(cells)
        if problem is not None:
            self.last_error, self.over_limit = problem, True
            return start, None
        return start, cells


def open_csv(stream: BinaryIO, delimiter: str | None = None,
             limits: ImportLimits = DEFAULT_LIMITS) -> CsvLines:
    """CSV records of ``stream``; the delimiter is sniffed from the first line unless
    given. An Excel ``sep=;`` first line is honoured (and counted as a line)."""
    text, _ = open_text(stream)
    # the first line is sniffed a character at a time in Python: read no more than a row
    first = text.readline(limits.row_chars + 2)
    if len(first) == limits.row_chars + 2 and not first.endswith(("\n", "\r")):
        raise UnreadableFile(f"Line 1 has more than {limits.row_chars:,} characters; "
                             f"the limit for a row is {limits.row_chars:,}.")
    lines: Iterator[str]
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        delimiter = first.strip()[4]
        return CsvLines(iter(text), delimiter, offset=1, limits=limits)
    if delimiter is None:
        delimiter = sniff_delimiter(first)
    lines = _chain(first, text)
    return CsvLines(lines, delimiter, limits=limits)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest


def is_blank(cells: list[str]) -> bool:
    return not any(c.strip() for c in cells)


def oversized_cell(cells: list[str], columns: dict[str, tuple[int, str]], limit: int,
                   limits_by_column: dict[str, tuple[int, str]] | None = None) -> tuple[str, str] | None:
    """(the column as the file spells it, the detail) for the first cell an importer
    reads that is over its limit: ``limit``, or ``limits_by_column[canon]`` as
    (limit, what the cell is called in the message)."""
    floor = min([limit, *(own for own, _ in (limits_by_column or {}).values())])
    if not cells or max(map(len, cells)) <= floor:  # the common case, checked in C
        return None
    for canon, (i, label) in columns.items():
        if i >= len(cells):
            continue
        own, what = (limits_by_column or {}).get(canon, (limit, "the cell"))
        detail = too_long(cells[i], own, what)
        if detail is not None:
            return label, detail
    return None
