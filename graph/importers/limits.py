"""What one import may cost: the limits on a cell, a row and a file, in one place.

A parser runs in the web worker with the interpreter lock held, so one hostile cell
must not be able to cost seconds of CPU, and one file must not run for hours or fill
the disk. Every limit is far above what a real export holds (docs/imports.md has the
table); a row over a row limit is a row error on its line while the good rows land, a
file over a file limit is refused whole (UnreadableFile) before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DEFAULT_LIMITS",
    "MAX_CELL_CHARS",
    "MAX_FILE_BYTES",
    "MAX_FILE_ROWS",
    "MAX_RECIPIENTS",
    "MAX_RECIPIENTS_CHARS",
    "MAX_ROW_CELLS",
    "MAX_ROW_CHARS",
    "ImportLimits",
    "too_long",
]

# A cell the importer reads (a name, email, URL, title, date, count; a graph-json
# string): real values are under a few hundred characters. 10,000 leaves room for
# anything human while keeping each per-cell normalisation (regexes, unicode folding)
# a bounded cost. Columns an importer ignores (a Salesforce Description of 32 KiB) are
# only held to the row limits below, so a long note never costs the row.
MAX_CELL_CHARS = 10_000
# The interaction log's recipients cell: a meeting's attendee list can be long
# (1,000 addresses of ~40 characters); 64 KiB keeps splitting and checking it cheap.
MAX_RECIPIENTS_CHARS = 65_536
# Addresses in one recipients cell: each is one interaction and one tie write; a list
# longer than this is a mailing list or an all-hands, not evidence of a relationship.
MAX_RECIPIENTS = 1_000
# Cells in one CSV row (the header included): HubSpot's "all properties" export of a
# large portal has a few thousand columns at most.
MAX_ROW_CELLS = 5_000
# Characters in one CSV row or one graph-json item: real rows are a few KiB; this
# leaves room for several long free-text columns (Salesforce's 32 KiB long text).
MAX_ROW_CHARS = 262_144
# Bytes in one file (any format): the API's upload limit (REFERRALS_MAX_UPLOAD_MB,
# 50 MB) is lower; this bounds the command line and the graph-json spool on disk.
MAX_FILE_BYTES = 512 * 1024 * 1024
# Rows in one file (CSV: physical lines; graph-json: items): at the measured
# 1,000-7,000 rows/s, 2 million rows is an import of 5-35 minutes; a larger export
# should be split so that each part finishes (and can be retried) on its own.
MAX_FILE_ROWS = 2_000_000


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """The limits one parse applies (``parse_file(..., limits=...)``); the defaults are
    the constants above. Tests pass smaller ones to reach a limit with a small file."""

    cell_chars: int = MAX_CELL_CHARS
    recipients_chars: int = MAX_RECIPIENTS_CHARS
    recipients: int = MAX_RECIPIENTS
    row_cells: int = MAX_ROW_CELLS
    row_chars: int = MAX_ROW_CHARS
    file_bytes: int = MAX_FILE_BYTES
    file_rows: int = MAX_FILE_ROWS

    def row_problem(self, cells: list[str]) -> str | None:
        """Why a CSV row is over the row limits, or None (the common case: two C calls)."""
        if len(cells) > self.row_cells:
            return f"the row has {len(cells):,} cells; the limit is {self.row_cells:,}"
        chars = sum(map(len, cells))
        if chars > self.row_chars:
            return f"the row has {chars:,} characters; the limit is {self.row_chars:,}"
        return None


DEFAULT_LIMITS = ImportLimits()


def too_long(text: str, limit: int, what: str = "the cell") -> str | None:
    """``"the cell has 12,001 characters; the limit is 10,000"`` when ``text`` is over."""
    if len(text) <= limit:
        return None
    return f"{what} has {len(text):,} characters; the limit is {limit:,}"
