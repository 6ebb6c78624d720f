"""Initial loads of a large network with Neo4j's own offline importer.

`neo4j-admin database import full` writes the store files directly, an order of
magnitude faster than transactional writes, but only into an empty database of a
stopped server. So this path is for first loads of the project's local servers
(benchmarks, a fresh demo): stop, write CSVs, import, start, create the schema.
Everything after a first load goes through the transactional bulk writer.
"""

from __future__ import annotations

import csv
import multiprocessing
import subprocess
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from graph.bulk import company_row, employment_row, person_row
from graph.local_server import ADMIN_TOOL, LocalNeo4j, LocalServerError
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


class NodeNumbers:
    """Our ids -> the node numbers the importer stores them under (`--id-type=actual`):
    companies first, then people, numbered from 0. With actual ids the importer skips its
    string-id mapping stage (measured: 1.2 s of a 10 s import of 1M ties), and the
    relationship files carry short integers instead of id strings."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def add(self, key: str) -> int:
        number = self.numbers[key] = len(self.numbers)
        return number


def write_node_csvs(folder: Path, companies: Iterable[CompanyRecord], people: Iterable[PersonRecord],
                    employments: Iterable[EmploymentRecord], numbers: NodeNumbers) -> dict[str, int]:
    """companies.csv, people.csv and works_at.csv; fills `numbers` for the ties file."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}

    def company_rows():
        for c in companies:
            p = company_row(c, DEFAULT_PROFILE)["props"]
            yield [numbers.add(c.id), c.id, p["name"], p["name_key"], p["domain"], p["status"],
                   p["industry"], p["employees"], p["region"], p["health"], p["icp_score"], p["icp_met"],
                   p["icp_missed"]]

    counts["companies"] = _write(folder / "companies.csv", [
        ":ID", "id", "name", "name_key", "domain", "status", "industry", "employees:int", "region",
        "health:double", "icp_score:double", "icp_met:string[]", "icp_missed:string[]"], company_rows())

    def people_rows():
        for person in people:
            p = person_row(person)["props"]
            yield [numbers.add(person.id), person.id, p["name"], p["email"], p["linkedin_url"], p["title"],
                   p["seniority"], p["do_not_contact"], "Person;Rep" if person.is_rep else "Person"]

    counts["people"] = _write(folder / "people.csv", [
        ":ID", "id", "name", "email", "linkedin_url", "title", "seniority", "do_not_contact:boolean",
        ":LABEL"], people_rows())

    number = numbers.numbers

    def employment_rows():
        for e in employments:
            p = employment_row(e)["props"]
            yield [number[e.person_id], number[e.company_id], p["title"], p["seniority"], p["current"],
                   p["start"], p["end"]]

    counts["employments"] = _write(folder / "works_at.csv", [
        ":START_ID", ":END_ID", "title", "seniority", "current:boolean", "start:date", "end:date"],
        employment_rows())
    return counts


def write_ties_csv(folder: Path, ties: Iterable[TieRecord], numbers: NodeNumbers) -> int:
    """knows.csv, one row per tie in the bulk writer's direction (smaller id first). The
    rows hold numbers, floats, ISO dates (csv writes a date as its str) and a source
    label, so csv.writer takes them as they are: this file is 90% of the data."""
    number = numbers.numbers
    count = 0

    def rows():
        nonlocal count
        for t in ties:
            lo, hi = (t.a, t.b) if t.a < t.b else (t.b, t.a)
            count += 1
            yield number[lo], number[hi], t.strength, t.interactions, t.last_interaction, t.source

    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "knows.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([":START_ID", ":END_ID", "strength:double", "interactions:int",
                         "last_interaction:date", "source"])
        writer.writerows(rows())
    return count


class NetworkSource(Protocol):
    """What the CSV writer reads: fresh record streams on each call (seed.generator.Network)."""

    def companies(self) -> Iterable[CompanyRecord]: ...
    def people(self) -> Iterable[PersonRecord]: ...
    def employments(self) -> Iterable[EmploymentRecord]: ...
    def ties(self) -> Iterable[TieRecord]: ...


def write_csvs(folder: Path, network: NetworkSource) -> dict[str, int]:
    """All four files. A forked child writes the node and employment files while this
    process writes the ties (both cores busy); the ties stay here because generating them
    leaves state the caller may need next (seed.generator's introduction sample)."""
    numbers = NodeNumbers()
    for record in network.companies():
        numbers.add(record.id)
    for record in network.people():
        numbers.add(record.id)
    receiver, sender = multiprocessing.Pipe(duplex=False)

    def write_nodes() -> None:
        sender.send(write_node_csvs(folder, network.companies(), network.people(), network.employments(),
                                    NodeNumbers()))

    child = multiprocessing.get_context("fork").Process(target=write_nodes, name="node-csv-writer")
    child.start()
    try:
        ties = write_ties_csv(folder, network.ties(), numbers)
        child.join()
        if child.exitcode != 0 or not receiver.poll():
            raise LocalServerError(f"writing the node CSV files failed (exit code {child.exitcode})")
        counts = receiver.recv()
    finally:
        if child.is_alive():
            child.kill()
    counts["ties"] = ties
    return counts


def offline_import(server: LocalNeo4j, folder: Path, echo: Callable[[str], None] = print) -> float:
    """Import the CSVs into a fresh `neo4j` database of the stopped server (stopping it
    first if it still runs) and start it again; returns the importer's own seconds."""
    libs = server.ensure_artifacts(echo)
    if server.pid() is not None:
        server.stop(echo=echo)
    server.write_config()
    cmd = [
        server.java(), "-Xmx1g", "-cp", f"{libs}/*", ADMIN_TOOL, "database", "import", "full", "neo4j",
        "--overwrite-destination=true", f"--array-delimiter={ARRAY_DELIMITER}", "--id-type=actual",
        f"--nodes=Company={folder / 'companies.csv'}", f"--nodes={folder / 'people.csv'}",
        f"--relationships=WORKS_AT={folder / 'works_at.csv'}",
        f"--relationships=KNOWS={folder / 'knows.csv'}",
        f"--report-file={folder / 'import.report'}",
    ]
    started = time.perf_counter()
    result = subprocess.run(cmd, env=server.child_environment(), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise LocalServerError("neo4j-admin import failed:\n" + (result.stdout + result.stderr)[-3000:])
    server.start(echo=echo)
    return seconds
