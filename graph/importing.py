"""The import path end to end: an uploaded file -> parsed rows -> resolved records -> Neo4j.

    from graph.importing import run_import, ImportRefused
    from graph.importers import UnreadableFile

    try:
        report = run_import(graph, stream, "hubspot", source="hubspot-eu")
    except (UnreadableFile, ImportRefused) as exc:   # nothing was written: 422, str(exc)
        ...
    except ValueError as exc:                        # bad arguments (format, owner_id): 400/422
        ...
    report.as_dict()  # {created, updated, unchanged, skipped, errors, error_count, rows, seconds, format}

The parser (`graph.importers.parse_file`) streams; rows are taken ``batch_size`` at a
time and each chunk is resolved against the database and written before the next one
is read, so memory stays flat. Per chunk:

1. **identities**: a person is the node with the same LinkedIn URL, else the same
   (source, external id), else the same email, else the same id; a company the node with
   the same (source, external id), else domain, else id, else normalised name
   (``name_key``, only where the domains do not disagree). A record that matches an
   existing node takes its id, for the rest of the file too.
2. **merging**: existing values fill what the record leaves blank; for *stub* companies
   (known only from a contact row) the database's values win, so a stub never turns a
   client into "other". Do-not-contact is sticky: an import can set it, never clear it.
3. **writing** through :class:`graph.bulk.ImportWriter`: nodes and relationships are
   compared with what is stored (one query per chunk, by internal id for relationships)
   and only new and changed ones are written, relationships by internal id on two
   writer threads while the next chunk is parsed; rows whose endpoints do not exist
   come back as errors on their line.
4. **external ids** become ``(:ExternalId {key: "source:id"})-[:IDENTIFIES]->(node)``,
   unique per key, so re-imports and Salesforce/HubSpot account references resolve.
5. **ties** keep the larger strength, interaction count and last date of what they have
   and what the file says; **interactions** add evidence via :mod:`graph.interactions`.
6. **erased people** (:mod:`graph.erasure`, one lookup of the chunk's key hashes) are
   not written: their row is an error on its line, and the jobs, ties and interactions
   naming them are dropped.

Full description: docs/imports.md ("Writing to the graph").
"""

from __future__ import annotations

import queue
import threading
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, BinaryIO

from graph import import_manifest
from graph.bulk import (
    ImportWriter,
    WriteCounts,
    batched,
    company_row,
    employment_row,
    person_row,
    tie_columns,
)
from graph.collector import fewer_collections
from graph.db import Graph
from graph.erasure import ErasedKeys, erased_reason, identity_keys, key_field, telling_key
from graph.identity_keys import person_keys
from graph.importers import LastImport, ParsedRow, normalise_company_name, parse_file
from graph.index_samples import refresh_index_statistics
from graph.interactions import InteractionLedger, PairInteraction, write_interactions
from referrals.model import (
    CompanyRecord,
    CompanyStatus,
    EmploymentRecord,
    PersonRecord,
    TieRecord,
)

__all__ = ["DEFAULT_BATCH_SIZE", "ImportRefused", "ImportReport", "run_import"]

DEFAULT_BATCH_SIZE = 10_000  # rows per chunk: fewer round trips; two chunks in memory at most
# formats whose parser gives each row its digest, so that a re-import leaves out what the last
# import of the source landed unchanged (graph/import_manifest.py)
DIGESTED_FORMATS = frozenset({"graph-json", "linkedin", "hubspot", "salesforce"})
# the most rows a source's manifest keeps: past it, only the newest import's rows (it
# grows with every distinct row the source's files ever had)
MANIFEST_ROWS = 5_000_000
MAX_ERRORS = 1000


class ImportRefused(ValueError):
    """The import can't run as asked (e.g. the LinkedIn owner is not in the graph).

    Raised before anything is written; the message is safe to show to the uploader.
    """


@dataclass
class ImportReport:
    """What an import did. ``errors`` holds the first ``MAX_ERRORS`` by line;
    ``error_count`` counts them all."""

    format: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    rows: int = 0
    seconds: float = 0.0
    owners: dict[str, str] = field(default_factory=dict)  # company id -> CRM owner as written
    # rows of ``unchanged`` left out without reading the graph: the last import of the same
    # source landed them as they are (graph/import_manifest.py); the note says why or why not
    unchanged_since_last_import: int = 0
    last_import: str = ""
    # the people the rows written or compared landed on (not in as_dict): the identity run
    # after the import scores them (services/identity.py after_import)
    landed_people: set[str] = field(default_factory=set)

    def add(self, counts: WriteCounts) -> None:
        self.created += counts.created
        self.updated += counts.updated
        self.unchanged += counts.unchanged

    def error(self, entry: dict[str, Any]) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(entry)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "skipped": self.skipped, "errors": list(self.errors),
            "error_count": self.error_count, "rows": self.rows, "seconds": round(self.seconds, 3),
            "unchanged_since_last_import": self.unchanged_since_last_import, "last_import": self.last_import,
        }


def _format_key(fmt: str) -> str:
    key = (fmt or "").strip().lower().replace("_", "-")
    return "graph-json" if key in ("graphjson", "json") else key


# Field names used in the report when a write finds an endpoint missing, by format.
_MISSING_FIELDS = {
    "graph-json": {"person": "person_id", "company": "company_id", "a": "a", "b": "b",
                   "sender": "sender", "recipient": "recipient"},
    "interactions": {"person": "from", "company": "company", "a": "from", "b": "to",
                     "sender": "from", "recipient": "to"},
}
_DEFAULT_MISSING = {"person": "person", "company": "company", "a": "a", "b": "b",
                    "sender": "from", "recipient": "to"}


@fewer_collections()  # the collector's full passes were a third of an import's time
def run_import(
    graph: Graph,
    stream: BinaryIO,
    fmt: str,
    *,
    owner_id: str | None = None,
    source: str | None = None,
    today: date | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    full: bool = False,
) -> ImportReport:
    """Import one file into the graph and report what happened.

    - ``stream``: the file, binary, read once front to back (not closed).
    - ``fmt``: linkedin, hubspot, salesforce, interactions or graph-json.
    - ``owner_id``: linkedin only (required): the rep's person id; must exist.
    - ``source``: whose external ids the file carries (default: the format; for
      graph-json the document's "source", else "graph-json").
    - ``today``: the import date (default: today).
    - ``progress``: called with the number of rows done after each chunk.
    - ``full``: compare every row with the graph, even those the last import of the same
      source landed unchanged (which are otherwise left out unread: a value changed in
      the app since is then kept, where ``full`` puts the file's back).

    Raises :class:`graph.importers.UnreadableFile` (the file as a whole can't be read),
    :class:`ImportRefused` (owner not in the graph) or ValueError (bad arguments), all
    before anything is written. Row problems never raise: they are in ``errors``.
    """
    # an import is a batch even when a request uploads it: a 10,000-row chunk may take
    # seconds, so no request transaction timeout (graph/db.py)
    graph = graph.without_timeout()
    started = time.perf_counter()
    today = today or date.today()
    key = _format_key(fmt)
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    last = LastImport()
    rows = parse_file(stream, fmt, owner_id=owner_id, source=source, today=today, last=last)
    src = source
    if key == "graph-json" and source is None:
        src = getattr(rows, "source", None)  # the document's "source" names its external ids
    if key == "linkedin":
        owner_id = str(owner_id).strip()
        if not graph.query("MATCH (p:Person {id: $id}) RETURN p.id AS id", id=owner_id):
            raise ImportRefused(
                f"The owner {owner_id!r} is not a person in the graph: add the rep first "
                "(or pass the id of the rep whose LinkedIn connections these are).")
    report = ImportReport(format=key)
    src = src or (key if key in ("hubspot", "salesforce") else "graph-json" if key == "graph-json" else key)
    manifest = import_manifest.manifest_key(key, src, owner_id if key == "linkedin" else None)
    if key not in DIGESTED_FORMATS:
        manifest = None
        report.last_import = "every row was compared with the graph (this format keeps no row digests)"
    elif full:
        report.last_import = "a full import: every row was compared with the graph"
    else:
        # filled in before the first row is taken: the parser reads it as it goes
        report.last_import = import_manifest.load(graph, manifest, into=last)
    importer = _Importer(graph, report, key, src, today=today, batch_size=batch_size)
    if last.digests and key != "graph-json":  # graph-json's parser leaves its rows out itself
        rows = _left_out_unchanged(rows, last)
        # a row written now may name a company or person that only a row left out mentions
        # (a CSV export emits each once): it names the node that record landed on
        importer.people.update(last.people)
        importer.companies.update(last.companies)
    try:
        for chunk in _read_ahead(batched(rows, batch_size)):
            importer.chunk(chunk)
            if progress:
                progress(len(chunk))
        importer.writer.flush()
    finally:
        importer.writer.close()
    if report.created or report.updated:
        refresh_index_statistics(graph)  # before the refresh after it plans on them
    if manifest is not None:
        importer.save_manifest(manifest, last)
    report.landed_people = set(importer.landed_people.values())
    report.errors.sort(key=lambda e: (e.get("line") or 0))
    report.seconds = time.perf_counter() - started
    return report


def _left_out_unchanged(rows: Iterator[ParsedRow], last: LastImport) -> Iterator[ParsedRow | int]:
    """A CSV export's rows, those the last import of its source landed as they are given as
    their digest (common.LastImport): a CSV row names only what it holds, and what the
    file mentions on an earlier row lands where it landed then."""
    known, people, companies = last.digests, last.people, last.companies
    for row in rows:
        digest = row.digest
        if digest is None or digest not in known:
            yield row
            continue
        last.kept_people.update(people.get(p.id, p.id) for p in row.people)
        last.kept_companies.update(companies.get(c.id, c.id) for c in row.companies)
        last.kept_companies.update(companies.get(j.company_id, j.company_id) for j in row.employments)
        yield digest


def _read_ahead(chunks: Iterator[list[ParsedRow]]) -> Iterator[list[ParsedRow]]:
    """The chunks, parsed one ahead on a thread of their own: parsing is Python work and
    runs while this thread waits for the database (one chunk waiting: memory stays flat)."""
    ready: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def put(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def parse() -> None:
        try:
            for chunk in chunks:
                if not put(("chunk", chunk)):
                    return
            put(("end", None))
        except BaseException as exc:  # noqa: BLE001 - handed to the reading thread
            put(("error", exc))

    worker = threading.Thread(target=parse, name="import-parser", daemon=True)
    worker.start()
    try:
        while True:
            kind, value = ready.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()  # the reader stopped (done, or a write failed): the parser stops too
        worker.join()


# ---- identity resolution --------------------------------------------------------------------

# Identities are resolved a key at a time for the whole chunk: one index seek per distinct
# key, answered as one record of lists (no record and no map per row: the driver's
# decoding of 10,000 records with a map each cost more than the query), and the rules'
# order (url, external id, email, id) applied in Python. The first form, a CALL subquery
# per key per row answered as a record per row, took 0.8 ms a person on the loaded box.
_PEOPLE_BY_KEY = """
CALL () { UNWIND $urls AS k MATCH (p:Person {linkedin_url: k}) RETURN collect([k, p.id]) AS by_url }
CALL () { UNWIND $exts AS k MATCH (:ExternalId {key: k})-[:IDENTIFIES]->(p:Person)
          RETURN collect([k, p.id]) AS by_ext }
CALL () { UNWIND $emails AS k MATCH (p:Person {email: k}) RETURN collect([k, p.id]) AS by_email }
CALL () { UNWIND $ids AS k MATCH (p:Person {id: k}) RETURN collect(k) AS by_id }
RETURN by_url, by_ext, by_email, by_id
"""
_PEOPLE_STORED = """
UNWIND $ids AS k MATCH (p:Person {id: k})
RETURN collect([k, id(p), p:Rep, p.name, p.email, p.linkedin_url, p.title, p.seniority,
                p.do_not_contact, p.phone]) AS found
"""
_PERSON_STORED_FIELDS = ("name", "email", "linkedin_url", "title", "seniority", "do_not_contact", "phone")

_COMPANIES_BY_KEY = """
CALL () { UNWIND $exts AS k MATCH (:ExternalId {key: k})-[:IDENTIFIES]->(c:Company)
          RETURN collect([k, c.id]) AS by_ext }
CALL () { UNWIND $domains AS k MATCH (c:Company {domain: k}) RETURN collect([k, c.id]) AS by_domain }
CALL () { UNWIND $ids AS k MATCH (c:Company {id: k}) RETURN collect(k) AS by_id }
CALL () { UNWIND $names AS k MATCH (c:Company {name_key: k}) RETURN collect([k, c.id, c.domain]) AS by_name }
CALL () { UNWIND $domains AS k MATCH (:MergedCompany {domain: k})-[:SAME_AS*1..5]->(c:Company)
          RETURN collect([k, c.id]) AS merged_domain }
CALL () { UNWIND $ids AS k MATCH (:MergedCompany {id: k})-[:SAME_AS*1..5]->(c:Company)
          RETURN collect([k, c.id]) AS merged_id }
CALL () { UNWIND $names AS k MATCH (:MergedCompany {name_key: k})-[:SAME_AS*1..5]->(c:Company)
          RETURN collect([k, c.id]) AS merged_name }
RETURN by_ext, by_domain, by_id, by_name, merged_domain, merged_id, merged_name
"""
_COMPANIES_STORED = """
UNWIND $ids AS k MATCH (c:Company {id: k})
RETURN collect([k, id(c), c.name, c.name_key, c.domain, c.status, c.industry, c.employees, c.region,
                c.health, c.icp_score, c.icp_met, c.icp_missed]) AS found
"""
_COMPANY_STORED_FIELDS = ("name", "name_key", "domain", "status", "industry", "employees", "region",
                          "health", "icp_score", "icp_met", "icp_missed")


def _smallest(pairs: list[list[Any]]) -> dict[str, str]:
    """key -> the smallest id found for it (the rules take min(id) where a key is shared)."""
    out: dict[str, str] = {}
    for key, value in pairs:
        have = out.get(key)
        if have is None or value < have:
            out[key] = value
    return out


def _distinct(values: Iterable[str | None]) -> list[str]:
    return list({v: None for v in values if v is not None})

# An interaction log names people by address only. An address only a merged-away half had
# (identity resolution, graph/identity.py) is found through the half's SAME_AS: the person
# it is now, after every :Person match (docs/identity.md, "Later imports").
_RESOLVE_BY_ID_OR_EMAIL = """
UNWIND $rows AS row
RETURN row.id AS id, coalesce(
  COLLECT { MATCH (p:Person {id: row.id}) RETURN p.id }[0],
  COLLECT { MATCH (p:Person {email: row.email}) WHERE row.email IS NOT NULL
            RETURN p.id ORDER BY p.id LIMIT 1 }[0],
  COLLECT { MATCH (:MergedPerson {id: row.id})-[:SAME_AS*1..5]->(p:Person) RETURN p.id LIMIT 1 }[0],
  COLLECT { MATCH (:MergedPerson {email: row.email})-[:SAME_AS*1..5]->(p:Person) WHERE row.email IS NOT NULL
            RETURN p.id ORDER BY p.id LIMIT 1 }[0]) AS found
"""

_EXISTING_IDS = """
UNWIND $ids AS id
OPTIONAL MATCH (p:Person {id: id})
OPTIONAL MATCH (c:Company {id: id})
WITH id WHERE p IS NOT NULL OR c IS NOT NULL
RETURN id
"""

_ANY_ERASURE = "MATCH (s:ErasureSalt {id: 'install'}) RETURN s.id AS id"  # graph/erasure.py

_ACCOUNTS = """
UNWIND $keys AS key
MATCH (:ExternalId {key: key})-[:IDENTIFIES]->(c:Company)
RETURN key, c.id AS id
"""

# One statement per label (labels never come from input).
_LINK_EXTERNAL_IDS = """
MERGE (x:ExternalId {key: row.key})
ON CREATE SET x.source = row.source, x.external_id = row.external_id
WITH x, n
OPTIONAL MATCH (x)-[old:IDENTIFIES]->(other) WHERE other <> n
DELETE old
MERGE (x)-[:IDENTIFIES]->(n)
"""
_WRITE_EXTERNAL_IDS = {
    "person": "UNWIND $rows AS row MATCH (n:Person {id: row.id})" + _LINK_EXTERNAL_IDS,
    "company": "UNWIND $rows AS row MATCH (n:Company {id: row.id})" + _LINK_EXTERNAL_IDS,
}

_COMPANY_FIELDS = ("name", "domain", "status", "industry", "employees", "region", "health")
_PERSON_FIELDS = ("name", "email", "linkedin_url", "title", "seniority", "phone")


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _max(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


@dataclass(slots=True)
class _Located:
    """A record with the row it came from, so write failures find their line."""

    row: ParsedRow
    record: Any
    original: Any = None  # the record as the file gave it (a tie before ordering its ends)


class _Importer:
    def __init__(self, graph: Graph, report: ImportReport, fmt: str, source: str, *,
                 today: date, batch_size: int):
        self.graph = graph
        self.report = report
        self.fmt = fmt
        self.source = source
        self.today = today
        # half a chunk per batch: a chunk's writes go out on two transactions at once
        self.writer = ImportWriter(graph, batch_size=max(1, min(batch_size // 2, 10_000)), writers=2)
        self.people: dict[str, str] = {}  # file's person id -> node id, where they differ
        self.companies: dict[str, str] = {}
        self.person_nodes: dict[str, int] = {}  # node id -> internal id, for this import only
        self.company_nodes: dict[str, int] = {}
        self.identified: dict[str, list[str]] = {}  # external id key -> the nodes it names (this chunk)
        # nodes this import created (internal ids): they have no relationships but the ones
        # this import wrote, so a tie or job between them is new without reading it first
        self.new_nodes: set[int] = set()
        self.new_ties: set[int] = set()  # pair keys (_pair) of the ties written between new nodes
        self.new_jobs: set[int] = set()  # the same for employments with a new end
        self.fresh_ties = True  # until interaction evidence writes ties this import does not track
        self.ledger = InteractionLedger()
        self.missing_field = _MISSING_FIELDS.get(fmt, _DEFAULT_MISSING)
        # erased people (graph/erasure.py) are never written: file's person id -> why
        self.erasures = ErasedKeys(graph)
        self.erased: dict[str, str] = {}
        self.failed_rows: set[int] = set()  # rows of this chunk already reported as erased
        # for the next import of this source (graph/import_manifest.py): the digests of the
        # rows that landed, and where each person and company record landed
        self.digests = array("Q")  # 8 bytes a row: a list of ints would cost 4-5 times that
        self.reported: set[int] = set()  # rows of this chunk with an error (id of the row)
        self.landed_people: dict[str, str] = {}
        self.landed_companies: dict[str, str] = {}

    # -- helpers ---------------------------------------------------------------------------
    def _pid(self, pid: str) -> str:
        return self.people.get(pid, pid)

    def _cid(self, cid: str) -> str:
        return self.companies.get(cid, cid)

    def _fail(self, row: ParsedRow, field_name: str, detail: str) -> None:
        self.reported.add(id(row))
        entry: dict[str, Any] = {"line": row.line, "field": field_name, "detail": detail}
        if row.where is not None:
            entry["pointer"] = row.where
        self.report.error(entry)

    def _ext_key(self, kind: str, external_id: str) -> str:
        # per kind: HubSpot numbers contacts and companies in separate sequences
        return f"{self.source}:{kind}:{external_id}"

    def _nodes(self, label: str, known: dict[str, int], ids: set[str]) -> dict[str, int]:
        """``known`` completed with the internal ids of ``ids`` it lacks (nodes this import
        did not write: looked up once); ids with no node stay out."""
        wanted = [i for i in ids if i not in known]
        if wanted:
            known.update(self.writer.node_ids(label, wanted))
        return known

    # -- one chunk -------------------------------------------------------------------------
    def chunk(self, rows: list[ParsedRow | int]) -> None:
        entries: list[ParsedRow] = []
        unchanged = 0
        for row in rows:
            self.report.rows += 1
            if row.__class__ is int:  # its digest: the last import landed it as it is
                unchanged += 1
                self.digests.append(row)  # type: ignore[arg-type]
                continue
            assert isinstance(row, ParsedRow)
            if row.error is not None:
                self.report.error(row.error.as_dict())
            elif row.skipped:
                self.report.skipped += 1
            else:
                entries.append(row)
        self.report.unchanged += unchanged
        self.report.unchanged_since_last_import += unchanged
        # the relationship writes of the chunk before may still be going out: this chunk's
        # identities and nodes are resolved and written meanwhile, and the writer's reads of
        # stored ties and jobs wait for them (ImportWriter.stored_ties), as interactions do
        if not entries:
            return
        self.identified = {}
        self.failed_rows = set()
        self.reported = set()
        self._companies(entries)
        for row in entries:  # owners by the stored company each row's company resolved to
            for company_id, owner in row.owners.items():
                self.report.owners[self._cid(company_id)] = owner
        self._people(entries)
        self._external_ids(entries)
        self._employments(entries)
        self._ties(entries)
        self._interactions(entries)
        reported = self.reported
        self.digests.extend(row.digest for row in entries
                            if row.digest is not None and id(row) not in reported)

    def save_manifest(self, key: str, last: LastImport) -> None:
        """What the imports of this source landed, for the next one: the last manifest's
        rows (when it was used: still true of the graph) and this import's, left out as
        unchanged or written or compared without an error. Several files of one source
        (a CRM's companies and contacts exports, a file split in parts) each find theirs."""
        digests = self.digests
        if (not self.landed_people and not self.landed_companies
                and last.digests.issuperset(digests)):
            return  # nothing landed that the manifest does not say: it stands
        people_nodes = last.kept_people | set(self.landed_people.values())
        company_nodes = last.kept_companies | set(self.landed_companies.values())
        people, companies = dict(self.landed_people), dict(self.landed_companies)
        if last.digests and len(last.digests) + len(digests) <= MANIFEST_ROWS:
            # a set of Python ints costs ~60 bytes a row: built only when there are two to merge
            digests = array("Q", last.digests.union(digests))
            people_nodes |= last.people_nodes
            company_nodes |= last.company_nodes
            people, companies = {**last.people, **people}, {**last.companies, **companies}
        import_manifest.save(
            self.graph, key, digests=digests,
            landed_people={k: v for k, v in people.items() if k != v},
            landed_companies={k: v for k, v in companies.items() if k != v},
            people=people_nodes, companies=company_nodes, at=datetime.now(UTC))

    def _write_nodes(self, label: str, rows: list[tuple[dict[str, Any], int | None, dict[str, Any] | None,
                                                      bool]], known: dict[str, int]) -> None:
        """(row, internal id, stored properties, label missing) per merged record: only
        the new and the changed go to the database, compared as the bulk writer's change
        tally does (a property the row leaves null is no change). A person written goes
        with the blocking keys of their name and email (graph/identity_keys.py), which
        are no change of their own."""
        counts = WriteCounts()
        changed_rows = []
        for row, node, stored, needs_label in rows:
            if node is None:
                counts.created += 1
                changed_rows.append(row)
                continue
            known[row["id"]] = node
            if _differs(row["props"], stored or {}):
                counts.updated += 1
                changed_rows.append(row)
            else:
                counts.unchanged += 1
                if needs_label:
                    changed_rows.append(row)  # the Rep label, not a property: still "unchanged"
        if changed_rows:
            if label == "Person":
                changed_rows = [{**row, "props": {**row["props"], **person_keys(row["props"]["name"],
                                                                                 row["props"]["email"])}}
                                for row in changed_rows]
            known.update(self.writer.upsert_nodes(label, changed_rows, self.new_nodes))
        self.report.add(counts)

    # -- companies -------------------------------------------------------------------------
    def _companies(self, entries: list[ParsedRow]) -> None:
        located = [_Located(row, c) for row in entries if row.companies for c in row.companies]
        if not located:
            return
        query = []
        for loc in located:
            c: CompanyRecord = loc.record
            ext = loc.row.external_ids.get(c.id)
            query.append({"id": self._cid(c.id), "ext": self._ext_key("company", ext) if ext else None,
                          "domain": c.domain, "name_key": normalise_company_name(c.name)})
        found = self._resolve_companies(query)
        merged: dict[str, CompanyRecord] = {}
        hits: dict[str, dict[str, Any]] = {}
        for loc, q, hit in zip(located, query, found, strict=True):
            c = loc.record
            stub = c.id in loc.row.company_stubs
            target = hit["found"] or self._cid(c.id)
            if target != c.id:
                self.companies[c.id] = target
            else:
                self.companies.pop(c.id, None)
            self.landed_companies[c.id] = target
            if q["ext"] is not None:
                self.identified[q["ext"]] = hit["ext_of"]
            record = replace(c, id=target)
            if hit["props"]:
                record = _merge_company(record, hit["props"], stub=stub)
                hits[target] = hit
            prior = merged.get(target)
            merged[target] = record if prior is None else _merge_company(
                record, {f: getattr(prior, f) for f in _COMPANY_FIELDS}, stub=stub)
        profile = self.writer.profile
        self._write_nodes("Company", [
            (company_row(r, profile), hits.get(t, {}).get("node"), hits.get(t, {}).get("props"), False)
            for t, r in merged.items()], self.company_nodes)

    def _single(self, cypher: str, **params: Any) -> Any:
        return self.graph.read(lambda tx: tx.run(cypher, params).single(strict=True))

    def _resolve_companies(self, query: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Per query row (id, ext, domain, name_key): {found, props, node, ext_of} by the
        company rules: (source, external id), domain, id, then name_key where the domains
        don't disagree (one with a domain first, then the smallest id); then, where none
        matched, the company a merged-away company with that domain, id or name_key was
        merged into (its SAME_AS)."""
        keys = self._single(_COMPANIES_BY_KEY, exts=_distinct(q["ext"] for q in query),
                            domains=_distinct(q["domain"] for q in query),
                            ids=_distinct(q["id"] for q in query),
                            names=_distinct(q["name_key"] for q in query))
        by_ext, by_domain = _smallest(keys["by_ext"]), _smallest(keys["by_domain"])
        by_id = set(keys["by_id"])
        # company linkage (graph/company_identity.py) leaves merged-away companies as :MergedCompany
        merged_domain, merged_id, merged_name = (_smallest(keys[k]) for k in
                                                 ("merged_domain", "merged_id", "merged_name"))
        ext_of: dict[str, list[str]] = {}
        for key, cid in keys["by_ext"]:
            ext_of.setdefault(key, []).append(cid)
        names: dict[str, list[tuple[str, str | None]]] = {}
        for key, cid, domain in keys["by_name"]:
            names.setdefault(key, []).append((cid, domain))
        found: list[str | None] = []
        for q in query:
            hit = (by_ext.get(q["ext"]) or by_domain.get(q["domain"])
                   or (q["id"] if q["id"] in by_id else None))
            if hit is None and q["name_key"] in names:
                domain = q["domain"]
                fits = [(d is None, cid) for cid, d in names[q["name_key"]]
                        if domain is None or d is None or d == domain]
                hit = min(fits)[1] if fits else None
            if hit is None:  # a merged-away company's domain, id or name: the company it is now
                hit = (merged_domain.get(q["domain"]) or merged_id.get(q["id"])
                       or merged_name.get(q["name_key"]))
            found.append(hit)
        stored = {}
        if any(found):
            record = self._single(_COMPANIES_STORED, ids=_distinct(found))
            stored = {row[0]: row[1:] for row in record["found"]}
        hits = []
        for q, cid in zip(query, found, strict=True):
            row = stored.get(cid) if cid is not None else None
            hits.append({"found": cid, "node": row[0] if row else None,
                         "props": dict(zip(_COMPANY_STORED_FIELDS, row[1:], strict=True)) if row else None,
                         "ext_of": None if q["ext"] is None else ext_of.get(q["ext"], [])})
        return hits

    def _resolve_people(self, query: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Per query row (id, url, email, ext): {found, props, node, rep, ext_of} by the
        person rules: LinkedIn URL, (source, external id), email, then id."""
        keys = self._single(_PEOPLE_BY_KEY, urls=_distinct(q["url"] for q in query),
                            exts=_distinct(q["ext"] for q in query),
                            emails=_distinct(q["email"] for q in query),
                            ids=_distinct(q["id"] for q in query))
        by_url, by_ext, by_email = (_smallest(keys[k]) for k in ("by_url", "by_ext", "by_email"))
        by_id = set(keys["by_id"])
        ext_of: dict[str, list[str]] = {}
        for key, pid in keys["by_ext"]:
            ext_of.setdefault(key, []).append(pid)
        found = [by_url.get(q["url"]) or by_ext.get(q["ext"]) or by_email.get(q["email"])
                 or (q["id"] if q["id"] in by_id else None) for q in query]
        stored = {}
        if any(found):  # into an empty database: nothing to read
            record = self._single(_PEOPLE_STORED, ids=_distinct(found))
            stored = {row[0]: row[1:] for row in record["found"]}
        hits = []
        for q, pid in zip(query, found, strict=True):
            row = stored.get(pid) if pid is not None else None
            hits.append({"found": pid, "node": row[0] if row else None, "rep": row[1] if row else None,
                         "props": dict(zip(_PERSON_STORED_FIELDS, row[2:], strict=True)) if row else None,
                         "ext_of": None if q["ext"] is None else ext_of.get(q["ext"], [])})
        return hits

    # -- people ------------------------------------------------------------------------------
    def _people(self, entries: list[ParsedRow]) -> None:
        located = self._not_erased([_Located(row, p) for row in entries if row.people for p in row.people])
        if not located:
            return
        query = []
        for loc in located:
            p: PersonRecord = loc.record
            ext = loc.row.external_ids.get(p.id)
            query.append({"id": self._pid(p.id), "url": p.linkedin_url, "email": p.email,
                          "ext": self._ext_key("person", ext) if ext else None})
        found = self._resolve_people(query)
        merged: dict[str, PersonRecord] = {}
        hits: dict[str, dict[str, Any]] = {}
        for loc, q, hit in zip(located, query, found, strict=True):
            p = loc.record
            target = hit["found"] or self._pid(p.id)
            if target != p.id:
                self.people[p.id] = target
            else:
                self.people.pop(p.id, None)  # where the last import landed it, if that was elsewhere
            self.landed_people[p.id] = target
            if q["ext"] is not None:
                self.identified[q["ext"]] = hit["ext_of"]
            record = replace(p, id=target)
            if hit["props"]:
                record = _merge_person(record, hit["props"])
                hits[target] = hit
            prior = merged.get(target)
            if prior is not None:
                record = _merge_person(record, {f: getattr(prior, f) for f in _PERSON_FIELDS}
                                       | {"do_not_contact": prior.do_not_contact})
                record.is_rep = record.is_rep or prior.is_rep
            merged[target] = record
        self._write_nodes("Person", [
            (person_row(r), hits.get(t, {}).get("node"), hits.get(t, {}).get("props"),
             r.is_rep and not hits.get(t, {}).get("rep"))
            for t, r in merged.items()], self.person_nodes)

    def _not_erased(self, located: list[_Located]) -> list[_Located]:
        """The people who were not erased; an erased one is an error on their row (with
        the date and the erasure to lift), and what the row says about them is dropped
        later (`_drop_erased`). One lookup for the whole chunk; none (and no keys hashed)
        while nothing was ever erased, and none for a chunk without people (most of a
        graph-json file's chunks hold only ties)."""
        if not located or self.erasures.salt is None and not self.graph.query(_ANY_ERASURE):
            return located
        keys = []
        for loc in located:
            p: PersonRecord = loc.record
            ext = loc.row.external_ids.get(p.id)
            keys.append(identity_keys(ids=[p.id], emails=[p.email], linkedin_urls=[p.linkedin_url],
                                      external_ids=[(self.source, ext)] if ext else []))
        found = self.erasures.match(set().union(*keys)) if keys else {}
        if not found:
            return located
        kept = []
        for loc, mine in zip(located, keys, strict=True):
            hit = telling_key(k for k in mine if k in found)
            if hit is None:
                kept.append(loc)
                continue
            reason = erased_reason(found[hit])
            self.erased[loc.record.id] = reason
            self._erased_row(loc.row, key_field(hit), reason)
        return kept

    def _note_erased(self, people: dict[str, str | None]) -> None:
        """People rows name who are not in the graph (id -> email if known): the erased
        ones are noted, so their rows say so rather than "import them first"."""
        keys = {pid: identity_keys(ids=[pid], emails=[email]) for pid, email in people.items()
                if pid not in self.erased}
        found = self.erasures.match(set().union(*keys.values())) if keys else {}
        for pid, mine in keys.items():
            hit = telling_key(k for k in mine if k in found)
            if hit is not None:
                self.erased[pid] = erased_reason(found[hit])

    def _erased_row(self, row: ParsedRow, field_name: str, reason: str) -> None:
        if id(row) not in self.failed_rows:
            self.failed_rows.add(id(row))
            self._fail(row, field_name, reason)

    def _drop_erased(self, row: ParsedRow, ids: tuple[str, ...], role: str) -> bool:
        """Whether a record of `row` involves an erased person (then it is left out; a row
        not reported yet is reported, naming `role`'s field)."""
        for pid in ids:
            if pid in self.erased:
                self._erased_row(row, self.missing_field[role], self.erased[pid])
                return True
        return False

    # -- external ids ----------------------------------------------------------------------------
    def _external_ids(self, entries: list[ParsedRow]) -> None:
        rows: dict[str, dict[str, dict[str, str]]] = {"person": {}, "company": {}}
        for row in entries:
            if not row.external_ids:
                continue  # most rows of most files: no set built for them
            companies = {c.id for c in row.companies}
            for rid, ext in row.external_ids.items():
                kind = "company" if rid in companies else "person"
                if kind == "person" and rid in self.erased:
                    continue
                node = self._cid(rid) if kind == "company" else self._pid(rid)
                key = self._ext_key(kind, ext)
                if self.identified.get(key) == [node]:
                    rows[kind].pop(key, None)  # it names that node already: nothing to write
                    continue
                rows[kind][key] = {"id": node, "key": key, "source": self.source, "external_id": ext}
        for kind, found in rows.items():
            if found:
                self.graph.execute(_WRITE_EXTERNAL_IDS[kind], rows=list(found.values()))

    # -- employments -------------------------------------------------------------------------
    def _employments(self, entries: list[ParsedRow]) -> None:
        accounts: dict[str, str] = {}
        refs = {self._ext_key("company", ref) for row in entries for ref in row.account_refs.values()}
        if refs:
            accounts = {r["key"]: r["id"] for r in self.graph.query(_ACCOUNTS, keys=sorted(refs))}
        located: dict[tuple[str, str], _Located] = {}
        erased = self.erased
        for row in entries:
            if not row.employments and not row.account_refs:
                continue
            jobs = [_moved(e, self._pid(e.person_id), self._cid(e.company_id))
                    for e in row.employments
                    if not (erased and self._drop_erased(row, (e.person_id,), "person"))]
            for pid, ref in row.account_refs.items():
                if pid in self.erased:
                    continue
                account = accounts.get(self._ext_key("company", ref))
                if account is None:
                    continue  # the account is not imported (yet): the contact lands without it
                person = self._pid(pid)
                stubs = {self._cid(c) for c in row.company_stubs}
                mine = [e for e in jobs if e.person_id == person]
                # the account is what the CRM says; a stub guessed from the email domain yields
                others = [e for e in mine if e.company_id != account and e.company_id in stubs]
                jobs = [e for e in jobs if e not in others]
                if not any(e.company_id == account for e in jobs if e.person_id == person):
                    template = next(iter(others), None) or _person_job(row, pid)
                    jobs.append(replace(template, person_id=person, company_id=account))
            for e in jobs:
                located[(e.person_id, e.company_id)] = _Located(row, e)
        if not located:
            return
        items = list(located.values())
        people = self._nodes("Person", self.person_nodes, {p for p, _ in located})
        companies = self._nodes("Company", self.company_nodes, {c for _, c in located})
        missing = [i for i, (p, c) in enumerate(located) if p not in people or c not in companies]
        self._report_missing(WriteCounts(missing=missing), items,
                             [("person", lambda loc: loc.record.person_id),
                              ("company", lambda loc: loc.record.company_id)])
        present = [(people[p], companies[c], {k: v for k, v in employment_row(loc.record)["props"].items()
                                              if v is not None})
                   for (p, c), loc in located.items() if p in people and c in companies]
        fresh, present = self._fresh(present, self.new_jobs, either=True)
        found, changed = self.writer.stored_employments(
            [p for p, _, _ in present], [c for _, c, _ in present], [props for _, _, props in present])
        self.writer.create_employments(fresh + [row for i, row in enumerate(present) if i not in found])
        self.writer.update_employments(list(changed.values()), [present[i][2] for i in changed])
        self.report.add(WriteCounts(created=len(fresh) + len(present) - len(found), updated=len(changed),
                                    unchanged=len(found) - len(changed)))

    def _fresh(self, rows: list[tuple[int, int, Any]], written: set[int], *, either: bool = False
               ) -> tuple[list[tuple[int, int, Any]], list[tuple[int, int, Any]]]:
        """``rows`` (start node, end node, ...) split into those that can't be stored yet
        (both ends created by this import, or one with ``either``, and the pair not written
        by it before: no read needed) and the rest (read what is stored first)."""
        new = self.new_nodes
        if not new:
            return [], rows
        fresh, other = [], []
        for row in rows:
            x, y = row[0], row[1]
            if (x in new or y in new) if either else (x in new and y in new):
                key = _pair(x, y)
                if key not in written:
                    written.add(key)
                    fresh.append(row)
                    continue
            other.append(row)
        return fresh, other

    # -- ties ------------------------------------------------------------------------------------
    def _ties(self, entries: list[ParsedRow]) -> None:
        located: dict[tuple[str, str], _Located] = {}
        mapped = self.people.get
        erased = self.erased
        for row in entries:
            for t in row.ties:
                if erased and self._drop_erased(row, (t.a, t.b), "a" if t.a in erased else "b"):
                    continue
                a, b = mapped(t.a, t.a), mapped(t.b, t.b)
                if a == b:
                    continue  # two names of one person: no tie to oneself
                if b < a:
                    a, b = b, a
                if a is t.a and b is t.b:
                    record = t  # as parsed (never changed in place: a merge makes a new one)
                else:
                    record = TieRecord(a, b, t.strength, t.interactions, t.last_interaction, t.source)
                prior = located.get((a, b))
                if prior is not None:
                    record = _merge_tie(record, prior.record)
                located[(a, b)] = _Located(row, record, t)
        if not located:
            return
        wanted = {x for pair in located for x in pair}
        nodes = self._nodes("Person", self.person_nodes, wanted)
        if wanted.issubset(nodes.keys()):  # every end exists (the usual case): no per-tie checks
            present = [loc.record for loc in located.values()]
        else:
            items = list(located.values())
            missing = [i for i, (a, b) in enumerate(located) if a not in nodes or b not in nodes]
            self._report_missing(WriteCounts(missing=missing), items,
                                 [("a", lambda loc: self._pid(loc.original.a)),
                                  ("b", lambda loc: self._pid(loc.original.b))])
            present = [loc.record for (a, b), loc in located.items() if a in nodes and b in nodes]
        columns = tie_columns(present, nodes)[0]  # built once: the read and the creates share it
        fresh: dict[str, list[Any]] = {k: [] for k in columns}
        if self.new_nodes and self.fresh_ties:  # ties between two nodes this import created: no read
            new_rows, old_rows = self._fresh(list(zip(columns["a"], columns["b"], range(len(present)),
                                                      strict=True)), self.new_ties)
            if new_rows:
                fresh = {k: [v[i] for _, _, i in new_rows] for k, v in columns.items()}
                present = [present[i] for _, _, i in old_rows]
                columns = {k: [v[i] for _, _, i in old_rows] for k, v in columns.items()}
        found, maybe = self.writer.stored_ties(present, columns)
        counts = WriteCounts(unchanged=len(found))
        if found:
            kept = [i for i in range(len(present)) if i not in found]
            columns = {k: [v[i] for i in kept] for k, v in columns.items()}
        for k, v in fresh.items():
            columns[k] = v + columns[k]
        rels: list[int] = []
        changed: list[TieRecord] = []
        for i, rel, stored in maybe:
            merged = _merge_tie(present[i], replace(stored, interactions=stored.interactions or 0),
                                keep_source=True)
            if _differs({"strength": merged.strength, "interactions": merged.interactions,
                         "last_interaction": merged.last_interaction, "source": merged.source},
                        {"strength": stored.strength, "interactions": stored.interactions,
                         "last_interaction": stored.last_interaction, "source": stored.source}):
                counts.unchanged -= 1
                counts.updated += 1
                rels.append(rel)
                changed.append(merged)
        counts.created = len(columns["a"])
        self.writer.create_ties(columns)
        self.writer.update_ties(rels, changed)
        self.report.add(counts)

    # -- interactions ------------------------------------------------------------------------------
    def _interactions(self, entries: list[ParsedRow]) -> None:
        rows = [row for row in entries if row.interactions]
        if not rows:
            return
        self.writer.flush()  # interactions read the ties this chunk writes
        wanted: dict[str, str | None] = {}
        for row in rows:
            for it in row.interactions:
                for pid in (it.sender, it.recipient):
                    wanted.setdefault(self._pid(pid), row.emails.get(pid))
        found = {r["id"]: r["found"] for r in self.graph.query(
            _RESOLVE_BY_ID_OR_EMAIL, rows=[{"id": i, "email": e} for i, e in wanted.items()])}
        self._note_erased({i: e for i, e in wanted.items() if found.get(i) is None})
        items: list[PairInteraction] = []
        for row in rows:
            reported: set[str] = set()
            for it in row.interactions:
                if self._drop_erased(row, (it.sender, it.recipient),
                                     "sender" if it.sender in self.erased else "recipient"):
                    continue
                sender, recipient = found.get(self._pid(it.sender)), found.get(self._pid(it.recipient))
                ends = (("sender", it.sender, sender), ("recipient", it.recipient, recipient))
                for role, pid, node in ends:
                    if node is None and pid not in reported:
                        reported.add(pid)
                        who = row.emails.get(pid) or pid
                        self._fail(row, self.missing_field[role],
                                   f"{who!r} is not a person in the graph; import them first")
                if sender is None or recipient is None or sender == recipient:
                    continue
                items.append(self.ledger.pair(replace(it, sender=sender, recipient=recipient)))
        if items:
            self.fresh_ties = False  # it may have made ties between new people: read from now on
        self.report.add(write_interactions(self.graph, items, today=self.today))

    # -- missing endpoints ----------------------------------------------------------------------
    def _report_missing(self, counts: WriteCounts, items: list[_Located],
                        ends: list[tuple[str, Callable[[Any], str]]]) -> None:
        if not counts.missing:
            return
        bad = [items[i] for i in counts.missing]
        ids = sorted({get(loc) for loc in bad for _, get in ends})
        exists = {r["id"] for r in self.graph.query(_EXISTING_IDS, ids=ids)}
        self._note_erased({i: None for i in ids if i not in exists})
        for loc in bad:
            for role, get in ends:
                if get(loc) in self.erased:
                    self._erased_row(loc.row, self.missing_field[role], self.erased[get(loc)])
                    break
                if get(loc) not in exists:
                    self._fail(loc.row, self.missing_field[role],
                               f"{get(loc)!r} is not in the graph (nor earlier in this file)")
                    break
        counts.missing = []


def _pair(x: int, y: int) -> int:
    """One int for a pair of internal ids (a set of them is a third of a set of tuples)."""
    return (x << 40) | y


def _differs(given: dict[str, Any], stored: dict[str, Any]) -> bool:
    """The bulk writer's change tally in Python: a property the row gives (not null) that
    the stored one lacks or has otherwise."""
    for key, value in given.items():
        if value is None:
            continue
        have = stored.get(key)
        if have is None or _native(have) != value:
            return True
    return False


def _moved(job: EmploymentRecord, person: str, company: str) -> EmploymentRecord:
    """``job`` between the nodes its ends resolved to (itself when they are its own ids:
    dataclasses.replace per job cost more than the rest of the job's handling)."""
    if person == job.person_id and company == job.company_id:
        return job
    return replace(job, person_id=person, company_id=company)


def _person_job(row: ParsedRow, pid: str) -> EmploymentRecord:
    person = next((p for p in row.people if p.id == pid), None)
    return EmploymentRecord(pid, "", title=person.title if person else None,
                            seniority=person.seniority if person else None)


def _merge_company(record: CompanyRecord, existing: dict[str, Any], *, stub: bool) -> CompanyRecord:
    """Fill what the record leaves blank from ``existing``; for a stub, ``existing`` wins."""
    values: dict[str, Any] = {}
    for name in _COMPANY_FIELDS:
        mine, theirs = getattr(record, name), existing.get(name)
        if name == "status":
            mine = None if stub else mine
            theirs = CompanyStatus(theirs) if theirs else None
        if stub:
            values[name] = theirs if theirs is not None else mine
        else:
            values[name] = mine if mine is not None else theirs
    if values["status"] is None:
        values["status"] = CompanyStatus.OTHER
    return replace(record, **values)


def _merge_person(record: PersonRecord, existing: dict[str, Any]) -> PersonRecord:
    values = {name: getattr(record, name) for name in _PERSON_FIELDS}
    for name in _PERSON_FIELDS:
        if values[name] is None and existing.get(name) is not None:
            values[name] = existing[name]
    if existing.get("name") and record.email and record.name == record.email:
        values["name"] = existing["name"]  # a CRM row with no name falls back to the email
    values["do_not_contact"] = bool(record.do_not_contact or existing.get("do_not_contact"))
    return replace(record, **values)


def _merge_tie(record: TieRecord, existing: TieRecord, *, keep_source: bool = False) -> TieRecord:
    """A tie keeps the larger strength, count and last date of what it has and what it gets."""
    return replace(
        record,
        strength=_max(record.strength, existing.strength),
        interactions=_max(record.interactions, existing.interactions) or 0,
        last_interaction=_max(record.last_interaction, existing.last_interaction),
        source=(existing.source or record.source) if keep_source else record.source,
    )

