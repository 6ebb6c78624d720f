"""Person records for linkage, from import files read by the real importers' parsers.

A record is what the graph would hold as one Person node after the imports: rows with the
same person id (the same LinkedIn URL on two reps' exports, the same CRM contact) are
one record, and so are people with the same email, as the import writer merges them
(graph/importing.py). Each record is a plain dict (``RECORD_FIELDS``) so the model runs
the same on files and, later, on Person nodes read from Neo4j.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from graph.importers import parse_file

RECORD_FIELDS = ("unique_id", "source", "name", "email", "linkedin_url", "title", "company",
                 "company_domain", "phone")


@dataclass
class ParsedExports:
    records: list[dict]  # one per would-be Person node
    rows: dict[tuple[str, int], str] = field(default_factory=dict)  # (file, line) -> record id


def records_from_exports(folder: str | Path) -> ParsedExports:
    """Parse every person-bearing file of an export folder (its ``manifest.json``, written by
    seed.exports) and merge rows into records as the writer would. Interaction logs name
    people only by email and create no one, so they add no record."""
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    today = date.fromisoformat(manifest["today"])
    by_id: dict[str, dict] = {}
    rows: dict[tuple[str, int], str] = {}
    for entry in manifest["files"]:
        if entry["format"] == "interactions":
            continue
        with open(folder / entry["file"], "rb") as fh:
            companies: dict[str, tuple[str | None, str | None]] = {}
            for row in parse_file(fh, entry["format"], owner_id=entry.get("owner"),
                                  source=entry.get("source"), today=today):
                for c in row.companies:  # a file emits a company once, with its domain once known
                    name, domain = companies.get(c.id, (None, None))
                    companies[c.id] = (name or c.name, domain or c.domain)
                employer = {e.person_id: e.company_id for e in row.employments if e.current}
                for p in row.people:
                    company, domain = companies.get(employer.get(p.id, ""), (None, None))
                    new = {"unique_id": p.id, "source": entry["format"], "name": p.name,
                           "email": p.email, "linkedin_url": p.linkedin_url, "title": p.title,
                           "company": company, "company_domain": domain, "phone": p.phone}
                    stored = by_id.setdefault(p.id, new)
                    for key, value in new.items():  # the writer keeps what it has, fills blanks
                        if stored[key] is None and value is not None:
                            stored[key] = value
                    rows[(entry["file"], row.line)] = p.id
    # one node per email: the writer resolves a new record to the person with its email
    by_email: dict[str, str] = {}
    alias: dict[str, str] = {}
    for rid, rec in by_id.items():
        if rec["email"]:
            first = by_email.setdefault(rec["email"], rid)
            if first != rid:
                alias[rid] = first
                kept = by_id[first]
                for key, value in rec.items():
                    if kept[key] is None and value is not None:
                        kept[key] = value
    records = [rec for rid, rec in by_id.items() if rid not in alias]
    return ParsedExports(records=records, rows={k: alias.get(v, v) for k, v in rows.items()})
