"""Batched, idempotent writes of domain records (UNWIND, thousands of rows a transaction).

Every writer MERGEs on stable ids, so loading the same records twice changes nothing.
KNOWS ties are stored once per pair, pointing from the smaller id to the larger one;
reads treat them as undirected. Keeping one direction lets MERGE check a single side.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from itertools import islice
from typing import Any, TypeVar

from neo4j import ManagedTransaction

from graph.db import Graph
from graph.icp_store import current_profile
from graph.identity_reads import CLEAR_KEYS_CURRENT
from graph.importers.keys import normalise_company_name
from referrals.icp import DEFAULT_PROFILE, IdealClientProfile, company_attrs, score_company
from referrals.model import (
    CompanyRecord,
    EmploymentRecord,
    PastIntroduction,
    PersonRecord,
    TieRecord,
)

T = TypeVar("T")
DEFAULT_BATCH = 10_000


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing: list[int] = field(default_factory=list)  # indexes of rows whose endpoints do not exist

    def add(self, other: WriteCounts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.missing.extend(other.missing)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def company_row(c: CompanyRecord, profile: IdealClientProfile = DEFAULT_PROFILE) -> dict[str, Any]:
    fit = score_company(profile, company_attrs(c))
    return {
        "id": c.id,
        "props": {
            "name": c.name, "name_key": normalise_company_name(c.name), "domain": c.domain,
            "status": _plain(c.status), "industry": c.industry, "employees": c.employees,
            "region": c.region, "health": c.health,
            "icp_score": round(fit.score, 4), "icp_met": list(fit.met), "icp_missed": list(fit.missed),
        },
    }


def person_row(p: PersonRecord) -> dict[str, Any]:
    return {
        "id": p.id,
        "is_rep": p.is_rep,
        "props": {
            "name": p.name, "email": p.email, "linkedin_url": p.linkedin_url, "title": p.title,
            "seniority": _plain(p.seniority), "do_not_contact": p.do_not_contact, "phone": p.phone,
        },
    }


def employment_row(e: EmploymentRecord) -> dict[str, Any]:
    return {
        "person": e.person_id, "company": e.company_id,
        "props": {"title": e.title, "seniority": _plain(e.seniority), "current": e.current,
                  "start": e.start, "end": e.end},
    }


def tie_row(t: TieRecord) -> dict[str, Any]:
    a, b = (t.a, t.b) if t.a < t.b else (t.b, t.a)
    return {"a": a, "b": b, "props": {"strength": t.strength, "interactions": t.interactions,
                                      "last_interaction": t.last_interaction, "source": t.source}}


# The "changed" list compares only the properties the caller sent, ignoring nulls the
# caller did not know (an export without emails must not erase emails we have).
_CHANGE_TALLY = """
WITH row, n, created, [k IN keys(row.props) WHERE row.props[k] IS NOT NULL AND
                       (n[k] IS NULL OR n[k] <> row.props[k])] AS changed
FOREACH (k IN changed | SET n[k] = row.props[k])
WITH created, size(changed) > 0 AS changed
RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN NOT created AND changed THEN 1 ELSE 0 END) AS updated,
       sum(CASE WHEN NOT created AND NOT changed THEN 1 ELSE 0 END) AS unchanged
"""

COMPANIES_CYPHER = """
UNWIND $rows AS row
MERGE (n:Company {id: row.id})
ON CREATE SET n.created_at = $stamp
WITH row, n, n.created_at = $stamp AS created
""" + _CHANGE_TALLY

PEOPLE_CYPHER = """
UNWIND $rows AS row
MERGE (n:Person {id: row.id})
ON CREATE SET n.created_at = $stamp
FOREACH (_ IN CASE WHEN row.is_rep THEN [1] ELSE [] END | SET n:Rep)
WITH row, n, n.created_at = $stamp AS created
""" + _CHANGE_TALLY

def _relationship_upsert(start_label: str, start_key: str, rel_type: str, end_label: str,
                         end_key: str) -> str:
    """MERGE one relationship per row between existing nodes, tallying created / updated /
    unchanged and reporting the rows whose endpoints do not exist. Labels and types come
    from the constants below, never from input."""
    return f"""
UNWIND range(0, size($rows) - 1) AS i
WITH i, $rows[i] AS row
OPTIONAL MATCH (a:{start_label} {{id: row.{start_key}}})
OPTIONAL MATCH (b:{end_label} {{id: row.{end_key}}})
WITH i, row, a, b
CALL (i, row, a, b) {{
  WITH i, row, a, b WHERE a IS NULL OR b IS NULL
  RETURN i AS missing, null AS created, false AS changed
UNION
  WITH row, a, b WHERE a IS NOT NULL AND b IS NOT NULL
  MERGE (a)-[n:{rel_type}]->(b)
  ON CREATE SET n.created_at = $stamp
  WITH row, n, n.created_at = $stamp AS created,
       [k IN keys(row.props) WHERE row.props[k] IS NOT NULL AND
        (n[k] IS NULL OR n[k] <> row.props[k])] AS changed
  FOREACH (k IN changed | SET n[k] = row.props[k])
  RETURN null AS missing, created, size(changed) > 0 AS changed
}}
RETURN collect(missing) AS missing,
       sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN created = false AND changed THEN 1 ELSE 0 END) AS updated,
       sum(CASE WHEN created = false AND NOT changed THEN 1 ELSE 0 END) AS unchanged
"""


EMPLOYMENTS_CYPHER = _relationship_upsert("Person", "person", "WORKS_AT", "Company", "company")
TIES_CYPHER = _relationship_upsert("Person", "a", "KNOWS", "Person", "b")

INTRODUCTIONS_CYPHER = """
UNWIND $rows AS row
MERGE (i:Introduction {id: row.id})
ON CREATE SET i.created_at = $stamp, i.status = row.status, i.path = row.path,
              i.requested_at = row.requested_on, i.history = true,
              i.requester_id = row.path[0], i.target_id = row.path[-1],
              i.referrer_id = CASE WHEN size(row.path) > 2 THEN row.path[-2] ELSE null END
WITH row, i
MATCH (rep:Person {id: row.path[0]})
MATCH (target:Person {id: row.path[-1]})
MERGE (rep)-[:REQUESTED]->(i)
MERGE (i)-[:TO]->(target)
WITH row, i
UNWIND (CASE WHEN size(row.path) > 2 THEN row.path[1..-1] ELSE [] END) AS via
MATCH (v:Person {id: via})
MERGE (i)-[:THROUGH]->(v)
"""


# Initial loads into an empty database (seeding, benchmarks) need no created/updated
# tally and no MERGE: every row is new. Nodes are CREATEd and hand back their internal
# ids, so the relationship statements find their endpoints by id (no index seek) and
# CREATE the relationship (no check for an existing one). That is safe only because the
# loader decides "empty" once, before it writes anything: a load that is killed and run
# again finds people and takes the MERGE path, and the unique constraints refuse a
# second node with the same id. Internal ids are only used within one load.
CREATE_COMPANIES = """
UNWIND $rows AS row
CREATE (n:Company)
SET n = row.props, n.id = row.id, n.created_at = $stamp
RETURN n.id AS key, id(n) AS node
"""
CREATE_PEOPLE = """
UNWIND range(0, size($ids) - 1) AS i
CREATE (n:Person)
SET n = $props[i], n.id = $ids[i], n.created_at = $stamp
FOREACH (_ IN CASE WHEN $reps[i] THEN [1] ELSE [] END | SET n:Rep)
RETURN n.id AS key, id(n) AS node
"""
CREATE_TIES = """
UNWIND range(0, size($a) - 1) AS i
MATCH (x) WHERE id(x) = $a[i]
MATCH (y) WHERE id(y) = $b[i]
CREATE (x)-[:KNOWS {strength: $s[i], interactions: $n[i], last_interaction: date($last[i]),
                    source: $src[i], created_at: $stamp}]->(y)
"""
CREATE_EMPLOYMENTS = """
UNWIND range(0, size($p) - 1) AS i
MATCH (x) WHERE id(x) = $p[i]
MATCH (c) WHERE id(c) = $c[i]
CREATE (x)-[w:WORKS_AT]->(c)
SET w = $props[i], w.created_at = $stamp
"""
NODE_IDS = {  # label -> the query that maps our ids to internal ids (a writer that did not create them)
    "Person": "MATCH (n:Person) RETURN n.id AS key, id(n) AS node",
    "Company": "MATCH (n:Company) RETURN n.id AS key, id(n) AS node",
}


class BulkWriter:
    """Writes records in batches; the counts say what was created, updated or left alone."""

    def __init__(self, graph: Graph, batch_size: int = DEFAULT_BATCH,
                 profile: IdealClientProfile | None = None, *, initial_load: bool = False,
                 writers: int = 2):
        """`initial_load` CREATEs instead of MERGE and skips the created/updated tally
        (counts report every row as created): only for loads into an empty database, decided
        before the first write. Its batches go out on `writers` concurrent transactions."""
        self.graph = graph
        self.batch_size = batch_size
        self._profile = profile
        self.initial_load = initial_load
        self.writers = max(1, writers)
        self.stamp = datetime.now(UTC)
        self._node_ids: dict[str, dict[str, int]] = {}  # label -> our id -> internal id (initial load)

    @property
    def profile(self) -> IdealClientProfile:
        """The profile companies are scored against: the one given, else the stored one
        (`graph.icp_store.current_profile`, DEFAULT_PROFILE until someone saves one)."""
        if self._profile is None:
            self._profile = current_profile(self.graph)
        return self._profile

    def _next_stamp(self) -> datetime:
        # created_at doubles as "created by this batch", so every batch needs its own stamp
        now = datetime.now(UTC)
        self.stamp = now if now > self.stamp else self.stamp + timedelta(microseconds=1)
        return self.stamp

    def _run(self, cypher: str, rows: list[dict[str, Any]]) -> WriteCounts:
        stamp = self._next_stamp()

        def work(tx: ManagedTransaction) -> WriteCounts:
            record = tx.run(cypher, rows=rows, stamp=stamp).single()
            if record is None:
                return WriteCounts()
            return WriteCounts(record["created"], record["updated"], record["unchanged"],
                               list(record.get("missing") or []))

        return self.graph.write(work)

    def _write_all(self, cypher: str, to_row: Callable[[Any], dict[str, Any]], records: Iterable[Any],
                   progress: Callable[[int], None] | None) -> WriteCounts:
        total = WriteCounts()
        offset = 0
        for batch in batched(records, self.batch_size):
            counts = self._run(cypher, [to_row(r) for r in batch])
            counts.missing = [offset + i for i in counts.missing]
            total.add(counts)
            offset += len(batch)
            if progress:
                progress(len(batch))
        return total

    def companies(self, records: Iterable[CompanyRecord], progress=None) -> WriteCounts:
        if self.initial_load:
            return self._create_nodes("Company", CREATE_COMPANIES, records, progress, lambda batch: {
                "rows": [company_row(c, self.profile) for c in batch]})
        return self._write_all(COMPANIES_CYPHER, lambda c: company_row(c, self.profile), records, progress)

    def people(self, records: Iterable[PersonRecord], progress=None) -> WriteCounts:
        # these rows carry no identity keys (graph/identity_keys.py): the next identity run
        # rekeys whoever needs it (the importer's writer keeps the keys, and does not come here)
        self.graph.execute(CLEAR_KEYS_CURRENT)
        if self.initial_load:
            return self._create_nodes("Person", CREATE_PEOPLE, records, progress, lambda batch: {
                "ids": [p.id for p in batch], "reps": [p.is_rep for p in batch],
                "props": [{k: v for k, v in person_row(p)["props"].items() if v is not None}
                          for p in batch]})
        return self._write_all(PEOPLE_CYPHER, person_row, records, progress)

    def employments(self, records: Iterable[EmploymentRecord], progress=None) -> WriteCounts:
        if self.initial_load:
            people, companies = self._ids("Person"), self._ids("Company")

            def columns(batch: list[EmploymentRecord]) -> tuple[dict[str, Any], list[int]]:
                rows, missing = [], []
                for i, e in enumerate(batch):
                    p, c = people.get(e.person_id), companies.get(e.company_id)
                    if p is None or c is None:
                        missing.append(i)
                    else:
                        props = {k: v for k, v in employment_row(e)["props"].items() if v is not None}
                        rows.append((p, c, props))
                return {"p": [r[0] for r in rows], "c": [r[1] for r in rows],
                        "props": [r[2] for r in rows]}, missing

            return self._create_relationships(CREATE_EMPLOYMENTS, records, progress, columns)
        return self._write_all(EMPLOYMENTS_CYPHER, employment_row, records, progress)

    def ties(self, records: Iterable[TieRecord], progress=None) -> WriteCounts:
        if self.initial_load:
            people = self._ids("Person")
            return self._create_relationships(CREATE_TIES, records, progress,
                                              lambda batch: tie_columns(batch, people))
        return self._write_all(TIES_CYPHER, tie_row, records, progress)

    def _ids(self, label: str) -> dict[str, int]:
        if label not in self._node_ids:  # nodes this writer did not create: read the mapping once
            self._node_ids[label] = {r["key"]: r["node"] for r in self.graph.query(NODE_IDS[label])}
        return self._node_ids[label]

    def _create_nodes(self, label: str, cypher: str, records: Iterable[Any], progress,
                      to_params: Callable[[list[Any]], dict[str, Any]]) -> WriteCounts:
        ids = self._node_ids.setdefault(label, {})

        def write(tx: ManagedTransaction, params: dict[str, Any]) -> int:
            pairs = [(r["key"], r["node"]) for r in tx.run(cypher, params, stamp=self.stamp)]
            ids.update(pairs)  # a retried transaction overwrites what a failed try wrote
            return len(pairs)

        return self._concurrently(records, progress, lambda batch: (to_params(batch), []), write)

    def _create_relationships(self, cypher: str, records: Iterable[Any], progress,
                              to_params: Callable[[list[Any]], tuple[dict[str, Any], list[int]]]
                              ) -> WriteCounts:
        def write(tx: ManagedTransaction, params: dict[str, Any]) -> int:
            return tx.run(cypher, params, stamp=self.stamp).consume().counters.relationships_created

        return self._concurrently(records, progress, to_params, write)

    def _concurrently(self, records: Iterable[Any], progress,
                      to_params: Callable[[list[Any]], tuple[dict[str, Any], list[int]]],
                      write: Callable[[ManagedTransaction, dict[str, Any]], int]) -> WriteCounts:
        """Build each batch's parameters here and write it on one of `writers` threads, so
        Neo4j works on one batch while Python builds the next; at most two batches per
        writer wait, which keeps memory flat on 10M-row loads. A deadlock between writers
        (hub nodes) is a transient error: the driver retries that batch's transaction."""
        total = WriteCounts()
        lock = threading.Lock()

        def send(params: dict[str, Any], size: int) -> None:
            created = self.graph.write(write, params)
            with lock:
                total.created += created
            if progress:
                progress(size)

        offset = 0
        with ThreadPoolExecutor(self.writers, thread_name_prefix="bulk-writer") as pool:
            pending: set[Future[None]] = set()
            try:
                for batch in batched(records, self.batch_size):
                    params, missing = to_params(batch)
                    total.missing.extend(offset + i for i in missing)
                    offset += len(batch)
                    if len(pending) >= 2 * self.writers:
                        done, pending = wait(pending, return_when=FIRST_COMPLETED)
                        for future in done:
                            future.result()
                    pending.add(pool.submit(send, params, len(batch)))
                for future in pending:
                    future.result()
            except BaseException:
                for future in pending:
                    future.cancel()
                raise
        return total

    def introductions(self, records: Iterable[PastIntroduction], progress=None) -> int:
        count = 0
        for batch in batched(records, 1000):
            rows = [{"id": r.id, "path": list(r.path), "status": r.status,
                     "requested_on": r.requested_on} for r in batch]
            stamp = self._next_stamp()
            self.graph.write(lambda tx, rows=rows, stamp=stamp: tx.run(INTRODUCTIONS_CYPHER, rows=rows,
                                                                        stamp=stamp).consume())
            count += len(batch)
            if progress:
                progress(len(batch))
        return count


def tie_columns(batch: list[TieRecord], people: dict[str, int]) -> tuple[dict[str, list[Any]], list[int]]:
    """A batch of ties as parallel columns of internal ids (rows with an unknown person are
    returned as missing, by index)."""
    xs: list[int] = []
    ys: list[int] = []
    ss: list[float] = []
    ns: list[int] = []
    lasts: list[str | None] = []
    srcs: list[str | None] = []
    missing = []
    # ISO text, parsed by Cypher's date(): the driver's Python-side date encoding cost more
    # than everything else in this loop (a profile of the 1M-tie load); a network has a few
    # thousand distinct dates, so each is formatted once
    iso: dict[date | None, str | None] = {None: None}
    get = people.get
    for i, t in enumerate(batch):
        lo, hi = (t.a, t.b) if t.a < t.b else (t.b, t.a)
        a, b = get(lo), get(hi)
        if a is None or b is None:
            missing.append(i)
            continue
        xs.append(a)
        ys.append(b)
        ss.append(t.strength)
        ns.append(t.interactions)
        last = t.last_interaction
        text = iso.get(last)
        if text is None and last is not None:
            text = iso[last] = last.isoformat()
        lasts.append(text)
        srcs.append(t.source)
    return {"a": xs, "b": ys, "s": ss, "n": ns, "last": lasts, "src": srcs}, missing


# ---- the import path (graph.importing) ----------------------------------------------------
# An import resolves its records to nodes and reads what is stored first, so it writes only
# the new and the changed rows: nodes by MERGE on their id (handing back internal ids),
# relationships by the internal ids of their ends (new ones) or their own (changed ones),
# with no index seek and no MERGE check. Ids are only used within one import.
_SET_GIVEN = """
WITH row, n, [k IN keys(row.props) WHERE row.props[k] IS NOT NULL AND
              (n[k] IS NULL OR n[k] <> row.props[k])] AS changed
FOREACH (k IN changed | SET n[k] = row.props[k])
RETURN row.id AS key, id(n) AS node, n.created_at = $stamp AS created
"""
UPSERT_NODES = {
    "Company": "UNWIND $rows AS row MERGE (n:Company {id: row.id}) ON CREATE SET n.created_at = $stamp"
               + _SET_GIVEN,
    "Person": "UNWIND $rows AS row MERGE (n:Person {id: row.id}) ON CREATE SET n.created_at = $stamp "
              "FOREACH (_ IN CASE WHEN row.is_rep THEN [1] ELSE [] END | SET n:Rep)" + _SET_GIVEN,
}
NODES_BY_KEY = {
    "Person": "UNWIND $keys AS key MATCH (n:Person {id: key}) RETURN key, id(n) AS node",
    "Company": "UNWIND $keys AS key MATCH (n:Company {id: key}) RETURN key, id(n) AS node",
}
# What is stored for a chunk's ties, as one record of lists (a record per row costs the
# driver more than the query): every row found, and for the ones the file would change
# (a larger strength, count or date, a source where there is none: the conditions under
# which graph.importing's merge differs from what is stored) the stored values. Either
# direction: a writer stores a pair's tie from the smaller id to the larger, but a tie an
# identity merge moved keeps the direction it had on the merged-away person.
STORED_TIES = """
UNWIND range(0, size($a) - 1) AS i
MATCH (x)-[t:KNOWS]-(y) WHERE id(x) = $a[i] AND id(y) = $b[i]
WITH i, t, (t.strength IS NULL OR $s[i] > t.strength)
        OR (t.interactions IS NULL OR $n[i] > t.interactions)
        OR ($last[i] IS NOT NULL AND (t.last_interaction IS NULL OR date($last[i]) > t.last_interaction))
        OR (t.source IS NULL AND $src[i] IS NOT NULL) AS changes
RETURN collect(i) AS found,
       collect(CASE WHEN changes THEN [i, id(t), t.strength, t.interactions,
                                       toString(t.last_interaction), t.source] END) AS changed
"""
# Employments: the rows found, and [row, relationship id] of those whose given (non-null)
# properties differ from the stored ones (the bulk writer's change tally).
STORED_EMPLOYMENTS = """
UNWIND range(0, size($p) - 1) AS i
MATCH (x)-[w:WORKS_AT]->(y) WHERE id(x) = $p[i] AND id(y) = $c[i]
WITH i, w, $props[i] AS props
WITH i, w, any(k IN keys(props) WHERE props[k] IS NOT NULL AND (w[k] IS NULL OR w[k] <> props[k])) AS changes
RETURN collect(i) AS found, collect(CASE WHEN changes THEN [i, id(w)] END) AS changed
"""
UPDATE_TIES = """
UNWIND range(0, size($rel) - 1) AS i
MATCH ()-[t:KNOWS]->() WHERE id(t) = $rel[i]
SET t.strength = $s[i], t.interactions = $n[i], t.last_interaction = date($last[i]), t.source = $src[i]
"""
UPDATE_EMPLOYMENTS = """
UNWIND range(0, size($rel) - 1) AS i
MATCH ()-[w:WORKS_AT]->() WHERE id(w) = $rel[i]
SET w += $props[i]
"""


class ImportWriter(BulkWriter):
    """The bulk writer of user imports: the caller has resolved every row to nodes and
    read what is stored (``stored_ties``, ``stored_employments``), so these only write.

    Relationship writes are queued: their batches go out on ``writers`` threads while the
    caller goes on (parsing, resolving and writing the nodes of the next chunk), and
    :meth:`flush` waits for them. This writer's own reads of relationships
    (``stored_ties``, ``stored_employments``) flush first, so they see everything queued
    before them; a caller reading relationships any other way (interaction evidence)
    flushes itself. Rows of one chunk must not repeat a relationship (the importer merges
    duplicates)."""

    def __init__(self, graph: Graph, batch_size: int = DEFAULT_BATCH, *, writers: int = 2) -> None:
        super().__init__(graph, batch_size, writers=writers)
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future[Any]] = []

    def _submit(self, cypher: str, params: dict[str, Any]) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.writers, thread_name_prefix="import-writer")
        if len(self._pending) >= 4 * self.writers:  # a few batches queued at most: memory stays flat
            done, waiting = wait(self._pending, return_when=FIRST_COMPLETED)
            for future in done:
                future.result()
            self._pending = list(waiting)
        stamp = self.stamp
        self._pending.append(self._pool.submit(
            self.graph.write, lambda tx: tx.run(cypher, params, stamp=stamp).consume()))

    def flush(self) -> None:
        """Wait for the queued writes; the first failure is raised (the rest are waited for)."""
        pending, self._pending = self._pending, []
        error: BaseException | None = None
        for future in pending:
            try:
                future.result()
            except BaseException as exc:  # noqa: BLE001 - raised below, after the others finish
                error = error or exc
        if error is not None:
            raise error

    def close(self) -> None:
        for future in self._pending:
            future.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def upsert_nodes(self, label: str, rows: list[dict[str, Any]],
                     created: set[int] | None = None) -> dict[str, int]:
        """MERGE ``company_row`` / ``person_row`` rows, setting their non-null properties;
        returns our id -> internal id. The internal ids of the nodes this call created
        (not merely matched: a node someone else created meanwhile is not new) are added
        to ``created``: they have no relationships but the ones this import gives them."""
        ids: dict[str, int] = {}
        cypher = UPSERT_NODES[label]
        stamp = self._next_stamp()
        lock = threading.Lock()

        def write(tx: ManagedTransaction, params: dict[str, Any]) -> int:
            records = list(tx.run(cypher, params, stamp=stamp))
            with lock:  # a retried transaction overwrites what a failed try wrote
                ids.update((r["key"], r["node"]) for r in records)
                if created is not None:
                    created.update(r["node"] for r in records if r["created"])
            return len(records)

        self._concurrently(rows, None, lambda batch: ({"rows": batch}, []), write)
        return ids

    def node_ids(self, label: str, keys: Iterable[str]) -> dict[str, int]:
        """Internal ids of the nodes with these ids (the ones that exist)."""
        return {r["key"]: r["node"] for r in self.graph.query(NODES_BY_KEY[label], keys=list(keys))}

    def _single(self, cypher: str, **params: Any) -> Any:
        return self.graph.read(lambda tx: tx.run(cypher, params).single(strict=True))

    def stored_ties(self, ties: list[TieRecord], columns: dict[str, list[Any]]
                    ) -> tuple[set[int], list[tuple[int, int, TieRecord]]]:
        """Which of ``ties`` are stored (row indexes), and (row, relationship id, stored
        tie) for those the file may change; ``columns``: ``tie_columns(ties, nodes)``.
        Waits for the queued writes first: a tie an earlier chunk queued is stored. No ties:
        nothing read and nothing waited for (the caller goes on building its writes)."""
        if not ties:
            return set(), []
        self.flush()
        record = self._single(STORED_TIES, **columns)
        changed: dict[int, tuple[int, int, TieRecord]] = {}
        for i, rel, s, n, last, src in record["changed"]:
            # Cypher's toString of a date is ISO; a tie stored twice: MERGE would take one
            changed.setdefault(i, (i, rel, TieRecord(ties[i].a, ties[i].b, s, n,
                                                     date.fromisoformat(last) if last else None, src)))
        return set(record["found"]), list(changed.values())

    def stored_employments(self, people: list[int], companies: list[int], props: list[dict[str, Any]]
                           ) -> tuple[set[int], dict[int, int]]:
        """Which rows have a WORKS_AT, and row -> relationship id for those ``props``
        (non-null values) would change. Waits for the queued writes first, as ``stored_ties``
        (and, as it, neither reads nor waits when given no rows: every job of a first import)."""
        if not people:
            return set(), {}
        self.flush()
        record = self._single(STORED_EMPLOYMENTS, p=people, c=companies, props=props)
        changed: dict[int, int] = {}
        for i, rel in record["changed"]:
            changed.setdefault(i, rel)  # MERGE would have taken one of several, too
        return set(record["found"]), changed

    def _queue(self, cypher: str, columns: dict[str, list[Any]], size: int) -> None:
        for start in range(0, size, self.batch_size):
            self._submit(cypher, {k: v[start:start + self.batch_size] for k, v in columns.items()})

    def create_ties(self, columns: dict[str, list[Any]]) -> None:
        """New KNOWS ties, as the columns ``tie_columns`` makes (ends by internal id)."""
        self._queue(CREATE_TIES, columns, len(columns["a"]))

    def update_ties(self, rels: list[int], ties: list[TieRecord]) -> None:
        self._queue(UPDATE_TIES, {
            "rel": rels, "s": [t.strength for t in ties], "n": [t.interactions for t in ties],
            "last": [t.last_interaction.isoformat() if t.last_interaction else None for t in ties],
            "src": [t.source for t in ties]}, len(rels))

    def create_employments(self, rows: list[tuple[int, int, dict[str, Any]]]) -> None:
        """(person node, company node, non-null properties) per new WORKS_AT."""
        self._queue(CREATE_EMPLOYMENTS, {"p": [p for p, _, _ in rows], "c": [c for _, c, _ in rows],
                                         "props": [props for _, _, props in rows]}, len(rows))

    def update_employments(self, rels: list[int], props: list[dict[str, Any]]) -> None:
        self._queue(UPDATE_EMPLOYMENTS, {"rel": rels, "props": props}, len(rels))
