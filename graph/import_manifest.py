"""What the last import of each source landed, so that importing the same export again
skips the rows that did not change without reading the graph for them (docs/imports.md,
"Re-imports: only what changed").

One ``(:ImportManifest {key})`` node per format, source and LinkedIn owner holds:

- ``digests``: the row digests (graph.importers.common.row_digest) of the rows that landed,
  packed as 8-byte integers in one byte array (a list property of 250,000 integers costs
  the driver far more to decode than one byte string);
- ``landed_people`` / ``landed_companies``: record ids and the node each landed on, where
  they differ (as two lists each);
- ``people`` / ``companies``: the ids of every node the rows landed on.

A manifest is used only while every node it names is still a :Person or :Company: a
person deleted, merged into another or erased since makes the next import compare every
row with the graph again (and write a new manifest). Erasure deletes every manifest
(graph/erasure.py), so an erased person's rows are reported again.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from graph.db import Graph
from graph.importers import LastImport

# Bumped when what a row digest stands for changes (a parser reads a row differently):
# manifests of another version are not used.
VERSION = 1

_READ = """
MATCH (m:ImportManifest {key: $key})
RETURN m.version AS version, m.digests AS digests, m.landed_people_from AS people_from,
       m.landed_people_to AS people_to, m.landed_companies_from AS companies_from,
       m.landed_companies_to AS companies_to, m.people AS people, m.companies AS companies
"""
_STILL_THERE = """
CALL () { UNWIND $people AS i MATCH (p:Person {id: i}) RETURN count(p) AS people }
CALL () { UNWIND $companies AS i MATCH (c:Company {id: i}) RETURN count(c) AS companies }
RETURN people, companies
"""
_WRITE = """
MERGE (m:ImportManifest {key: $key})
SET m.version = $version, m.digests = $digests, m.rows = $rows, m.at = datetime($at),
    m.landed_people_from = $people_from, m.landed_people_to = $people_to,
    m.landed_companies_from = $companies_from, m.landed_companies_to = $companies_to,
    m.people = $people, m.companies = $companies
"""
_APPEND_DIGESTS = "MATCH (m:ImportManifest {key: $key}) SET m.digests = m.digests + $digests"
# the driver holds several copies of a parameter while it packs and sends it: a 2 MB byte
# array cost the importing process 11 MB of peak memory, in 512 KB pieces 1 MB
DIGEST_PIECE = 1 << 19
FORGET = "MATCH (m:ImportManifest) DETACH DELETE m"


def manifest_key(fmt: str, source: str, owner_id: str | None) -> str:
    """The format, the source of the file's external ids and, for LinkedIn, whose
    connections: a file of another source or owner never reuses this one's rows."""
    return "\x1f".join((fmt, source, owner_id or ""))


def load(graph: Graph, key: str, into: LastImport) -> str:
    """Fill ``into`` (the LastImport the parser holds) with the manifest of ``key`` if every
    node it names is still there, else leave it empty; says which, in words for the
    import's report."""
    # the record as the driver gives it: Record.data() would walk the byte array value by value
    row = graph.read(lambda tx: tx.run(_READ, key=key).single())
    if row is None:
        return "the first import of this source: every row was compared with the graph"
    if row["version"] != VERSION:
        return "the last import was read by an older version: every row was compared"
    people, companies = list(row["people"] or []), list(row["companies"] or [])
    there = graph.query(_STILL_THERE, people=people, companies=companies)[0]
    if (there["people"], there["companies"]) != (len(people), len(companies)):
        return ("a person or company the last import landed on was deleted, merged or erased "
                "since: every row was compared with the graph")
    digests = array("Q")
    digests.frombytes(bytes(row["digests"] or b""))
    into.digests = set(digests)
    into.people = dict(zip(row["people_from"] or [], row["people_to"] or [], strict=True))
    into.companies = dict(zip(row["companies_from"] or [], row["companies_to"] or [], strict=True))
    into.people_nodes, into.company_nodes = set(people), set(companies)
    return f"rows unchanged since the last import of this source ({len(digests):,} kept) were not read again"


def save(graph: Graph, key: str, *, digests: Iterable[int], landed_people: dict[str, str],
         landed_companies: dict[str, str], people: set[str], companies: set[str], at: datetime) -> None:
    """Replace the manifest of ``key``."""
    people_from = sorted(landed_people)
    companies_from = sorted(landed_companies)
    packed = (digests if isinstance(digests, array) else array("Q", digests)).tobytes()
    params: dict[str, Any] = {
        "key": key, "version": VERSION, "digests": packed[:DIGEST_PIECE], "rows": len(packed) // 8,
        "at": at.isoformat(),
        "people_from": people_from, "people_to": [landed_people[k] for k in people_from],
        "companies_from": companies_from, "companies_to": [landed_companies[k] for k in companies_from],
        "people": sorted(people), "companies": sorted(companies)}
    graph.execute(_WRITE, **params)
    for start in range(DIGEST_PIECE, len(packed), DIGEST_PIECE):
        graph.execute(_APPEND_DIGESTS, key=key, digests=packed[start:start + DIGEST_PIECE])

