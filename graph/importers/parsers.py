"""``parse_file``: one entry point for every import format.

Pure: no database. The Neo4j writer consumes the ParsedRows; the API turns errors
into the import report.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from .common import ParsedRow
from .crm import parse_crm
from .graph_json import parse_graph_json
from .interactions import parse_interactions
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


def parse_file(
    stream: BinaryIO,
    fmt: str,
    *,
    owner_id: str | None = None,
    source: str | None = None,
    today: date,
) -> Iterator[ParsedRow]:
    """Parse an uploaded file into records, one ParsedRow per input row.

    - ``stream``: the file opened in binary mode; it is read once, front to back, and
      not closed. Every format streams (memory does not grow with the file, apart from
      the keys kept to drop in-file duplicates); graph-json is checked whole, a block at
      a time, before this returns, and its items spooled to a temporary file.
    - ``fmt``: linkedin, hubspot, salesforce, interactions or graph-json.
    - ``owner_id``: the person id of the rep whose LinkedIn export this is (required
      for linkedin, ignored otherwise).
    - ``source``: whose ids ``external_id`` values are (defaults to ``fmt``; for
      graph-json to the document's ``"source"`` or "graph-json").
    - ``today``: the import date (future dates are errors; connection strength decays
      from it).

    The file's encoding and header are checked before this returns, so
    :class:`UnreadableFile` (empty, binary, undecodable, unknown header) and
    ValueError (bad arguments) are raised by the call itself, before any row.
    """
    key = _format(fmt)
    if key == "linkedin":
        if not owner_id or not str(owner_id).strip():
            raise ValueError("owner_id (the rep whose LinkedIn connections these are) is required")
        return parse_linkedin(stream, owner_id=str(owner_id).strip(), today=today)
    if key in ("hubspot", "salesforce"):
        _, rows = parse_crm(stream, key, source=source or key, today=today)
        return rows
    if key == "interactions":
        return parse_interactions(stream, today=today)
    return parse_graph_json(stream, source=source, today=today)
