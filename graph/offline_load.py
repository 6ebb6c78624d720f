"""Initial loads of a large network with Neo4j's own offline importer.

`neo4j-admin database import full` writes the store files directly, an order of
magnitude faster than transactional writes, but only into an empty database of a
stopped server. So this path is for first loads of the project's local servers
(benchmarks, a fresh demo): stop, write CSVs, import, start, create the schema.
Everything after a first load goes through the transactional bulk writer.
"""

from __future__ import annotations

import csv
import subprocess
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from graph.bulk import company_row, employment_row, person_row
from graph.local_server import ADMIN_TOOL, LocalNeo4j, LocalServerError, ensure_artifacts
from referrals.icp import DEFAULT_PROFILE
from referrals.model import CompanyRecord, EmploymentRecord, PersonRecord, TieRecord

ARRAY_DELIMITER = ";"


def _value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, ",") for v in value)
    return str(value)


def _write(path: Path, header: list[str], rows: Iterable[list[object]]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_value(v) for v in row])
            count += 1
    return count


def write_csvs(folder: Path, companies: Iterable[CompanyRecord], people: Iterable[PersonRecord],
               employments: Iterable[EmploymentRecord], ties: Iterable[TieRecord]) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}

    def company_rows():
        for c in companies:
            p = company_row(c, DEFAULT_PROFILE)["props"]
            yield [c.id, p["name"], p["name_key"], p["domain"], p["status"], p["industry"], p["employees"],
                   p["region"], p["health"], p["icp_score"], p["icp_met"], p["icp_missed"]]

    counts["companies"] = _write(folder / "companies.csv", [
        "id:ID(Company)", "name", "name_key", "domain", "status", "industry", "employees:int", "region",
        "health:double", "icp_score:double", "icp_met:string[]", "icp_missed:string[]"], company_rows())

    def people_rows():
        for person in people:
            p = person_row(person)["props"]
            yield [person.id, p["name"], p["email"], p["linkedin_url"], p["title"], p["seniority"],
                   p["do_not_contact"], "Person;Rep" if person.is_rep else "Person"]

    counts["people"] = _write(folder / "people.csv", [
        "id:ID(Person)", "name", "email", "linkedin_url", "title", "seniority", "do_not_contact:boolean",
        ":LABEL"], people_rows())

    def employment_rows():
        for e in employments:
            p = employment_row(e)["props"]
            yield [e.person_id, e.company_id, p["title"], p["seniority"], p["current"], p["start"], p["end"]]

    counts["employments"] = _write(folder / "works_at.csv", [
        ":START_ID(Person)", ":END_ID(Company)", "title", "seniority", "current:boolean", "start:date",
        "end:date"], employment_rows())

    def tie_rows():
        for t in ties:
            lo, hi = (t.a, t.b) if t.a < t.b else (t.b, t.a)  # the bulk writer's direction
            yield [lo, hi, t.strength, t.interactions, t.last_interaction, t.source]

    counts["ties"] = _write(folder / "knows.csv", [
        ":START_ID(Person)", ":END_ID(Person)", "strength:double", "interactions:int",
        "last_interaction:date", "source"], tie_rows())
    return counts


def offline_import(server: LocalNeo4j, folder: Path, echo: Callable[[str], None] = print) -> float:
    """Stop the server, import the CSVs into a fresh `neo4j` database, start it again."""
    libs = ensure_artifacts(echo)
    server.stop(echo=echo)
    server.write_config()
    cmd = [
        server._java(), "-Xmx1g", "-cp", f"{libs}/*", ADMIN_TOOL, "database", "import", "full", "neo4j",
        "--overwrite-destination=true", f"--array-delimiter={ARRAY_DELIMITER}",
        f"--nodes=Company={folder / 'companies.csv'}", f"--nodes={folder / 'people.csv'}",
        f"--relationships=WORKS_AT={folder / 'works_at.csv'}",
        f"--relationships=KNOWS={folder / 'knows.csv'}",
        f"--report-file={folder / 'import.report'}",
    ]
    started = time.perf_counter()
    result = subprocess.run(cmd, env=server._env(), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise LocalServerError("neo4j-admin import failed:\n" + (result.stdout + result.stderr)[-3000:])
    server.start(echo=echo)
    return seconds
