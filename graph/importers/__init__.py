"""Importers: uploaded files -> domain records, with per-line errors. Pure, no database.

    from graph.importers import parse_file, UnreadableFile

    with open("Connections.csv", "rb") as fh:
        for row in parse_file(fh, "linkedin", owner_id=rep_id, today=date.today()):
            if row.error:
                report.errors.append(row.error.as_dict())
            else:
                writer.add(row)

Formats, column aliases, id rules and error messages: docs/imports.md.
"""

from .common import LastImport, ParsedRow, RowError, UnreadableFile
from .crm import recognise_header
from .keys import (
    company_id_for,
    company_status_from,
    normalise_company_name,
    normalise_domain,
    normalise_email,
    normalise_linkedin_url,
    person_id_for,
    region_from_country,
    seniority_from_title,
)
from .parsers import FORMATS, parse_file

__all__ = [
    "FORMATS",
    "LastImport",
    "ParsedRow",
    "RowError",
    "UnreadableFile",
    "company_id_for",
    "company_status_from",
    "normalise_company_name",
    "normalise_domain",
    "normalise_email",
    "normalise_linkedin_url",
    "parse_file",
    "person_id_for",
    "recognise_header",
    "region_from_country",
    "seniority_from_title",
]
