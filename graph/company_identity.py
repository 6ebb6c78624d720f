"""Merging two Company nodes that are one company, undoing it exactly, and the company review
items (issue #16, docs/identity.md "Companies").

As for people (graph/identity.py): the absorbed node stays, relabelled ``:MergedCompany``
(its other labels kept on the record), tied by ``(absorbed)-[:SAME_AS {merge_id, ...}]->(kept)``;
every relationship of it (WORKS_AT, the external ids' IDENTIFIES, OWNS, FOR_CLIENT, ...) moves
to the kept node with the same type, direction, peer and properties plus ``merged_from``;
``(:CompanyMerge)`` records it. The kept node fills its blank fields (domain, industry, ...)
from the absorbed one; the unmerge puts them back unless changed since. Company merges and
reviews have labels of their own (``CompanyMerge``, ``CompanyReview``) so the people's reads
never see them; ids start ``mc-`` and ``rc-``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from graph import review_items
from graph.identity import (  # the exact moves of a merge and its undo
    RELATIONSHIPS_OF,
    checked_name,
    move_back,
    move_relationships,
)
from graph.workflow_common import native
from referrals.errors import Conflict, NotFound

SCHEMA = (
    "CREATE INDEX merged_company_id IF NOT EXISTS FOR (m:MergedCompany) ON (m.id)",
    "CREATE INDEX merged_company_domain IF NOT EXISTS FOR (m:MergedCompany) ON (m.domain)",
    "CREATE INDEX merged_company_name_key IF NOT EXISTS FOR (m:MergedCompany) ON (m.name_key)",
    "CREATE INDEX company_review_id IF NOT EXISTS FOR (r:CompanyReview) ON (r.id)",
    "CREATE INDEX company_review_status IF NOT EXISTS FOR (r:CompanyReview) ON (r.status)",
    "CREATE INDEX company_merge_id IF NOT EXISTS FOR (m:CompanyMerge) ON (m.id)",
)

# the kept company takes these from the absorbed one where it has none
FILLED_FIELDS = ("domain", "industry", "employees", "region", "health", "status")


def merge_id_for(keep_id: str, absorbed_id: str, at: datetime) -> str:
    return "mc-" + hashlib.sha1(f"{keep_id}|{absorbed_id}|{at.isoformat()}".encode()).hexdigest()[:16]


def review_id(a: str, b: str) -> str:
    """One review item per pair, whatever the order."""
    low, high = sorted((a, b))
    return "rc-" + hashlib.sha1(f"{low}|{high}".encode()).hexdigest()[:16]


_RECORDS = """
MATCH (c:Company)
RETURN c.id AS id, c.name AS name, c.name_key AS name_key, c.domain AS domain, c.status AS status,
       COUNT { (c)<-[w:WORKS_AT]-(:Person) WHERE coalesce(w.current, true) } AS people,
       COLLECT { MATCH (c)<-[w:WORKS_AT]-(p:Person) WHERE coalesce(w.current, true) AND p.email CONTAINS '@'
                 RETURN toLower(split(p.email, '@')[1]) } AS email_domains
ORDER BY c.id
"""


def created_since(graph, since: datetime) -> list[str]:
    """The companies created at or after ``since`` (an import's start: its writer stamps them)."""
    return [r["id"] for r in graph.query("MATCH (c:Company) WHERE c.created_at >= $since RETURN c.id AS id",
                                         since=since)]


def company_records(graph, ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Every Company as identity.companies reads it (merged-away ones are not :Company), or
    those of ``ids``."""
    if ids is None:
        return graph.query(_RECORDS)
    return graph.query("UNWIND $ids AS cid MATCH (c:Company {id: cid})"
                       + _RECORDS.replace("MATCH (c:Company)", "", 1), ids=sorted(set(ids)))


# without their people (a pass over the companies alone): what the run after an import
# finds a new company's partners by, and counts the words over
_NAMES = ("MATCH (c:Company) RETURN collect([c.id, c.name, c.name_key, c.domain, c.status]) AS rows")


def company_names(graph) -> list[dict[str, Any]]:
    """Every Company's id, name, name key, domain and status (no people)."""
    return [dict(zip(("id", "name", "name_key", "domain", "status"), row, strict=True))
            for row in graph.query(_NAMES)[0]["rows"]]


def _named_by_domain(props: dict[str, Any]) -> bool:
    name = (props.get("name") or "").strip().lower()
    return not name or name == (props.get("domain") or "").strip().lower()


def merge_companies(tx: ManagedTransaction, keep_id: str, absorbed_id: str, *, weight: float | None,
                    decided_by: str, at: datetime, why: str = "") -> str:
    """Merge Company ``absorbed_id`` into ``keep_id`` inside ``tx``; returns the merge id."""
    if keep_id == absorbed_id:
        raise Conflict("A company cannot be merged with itself.", code="same_company")
    found = tx.run("MATCH (k:Company {id: $k}), (a:Company {id: $a}) "
                   "RETURN elementId(k) AS k, elementId(a) AS a, labels(a) AS labels, "
                   "properties(k) AS kept, properties(a) AS absorbed", k=keep_id, a=absorbed_id).single()
    if found is None:
        raise NotFound(f"No companies {keep_id} and {absorbed_id} to merge.")
    merge_id = merge_id_for(keep_id, absorbed_id, at)
    kept, absorbed = found["kept"], found["absorbed"]
    filled = {f: absorbed[f] for f in FILLED_FIELDS
              if kept.get(f) in (None, "") and absorbed.get(f) not in (None, "")}
    if _named_by_domain(kept) and absorbed.get("name") and not _named_by_domain(absorbed):
        # a company the importer named by its domain ("indigomark.com") takes the other's name
        filled.update(name=absorbed["name"], name_key=absorbed.get("name_key"))
    before = {f: kept.get(f) for f in filled}
    rels = tx.run(RELATIONSHIPS_OF.format(extra=""), node=found["a"], skip=[found["k"]]).data()
    move_relationships(tx, rels, found["k"], merged_from=lambda chain: [*chain, merge_id])
    if filled:
        tx.run("MATCH (k) WHERE elementId(k) = $k SET k += $filled", k=found["k"], filled=filled)
    labels = [checked_name(label) for label in found["labels"]]
    tx.run(f"MATCH (a) WHERE elementId(a) = $a REMOVE a:{':'.join(labels)} SET a:MergedCompany", a=found["a"])
    tx.run("MATCH (a), (k) WHERE elementId(a) = $a AND elementId(k) = $k "
           "CREATE (a)-[:SAME_AS {merge_id: $m, weight: $w, decided_by: $by, at: $at}]->(k) "
           "CREATE (:CompanyMerge {id: $m, keep_id: $kid, absorbed_id: $aid, weight: $w, decided_by: $by, "
           "at: $at, why: $why, absorbed_labels: $labels, moved: $moved, status: 'merged', "
           "filled: $filled, filled_before: $before})",
           a=found["a"], k=found["k"], m=merge_id, w=weight, by=decided_by, at=at, why=why,
           kid=keep_id, aid=absorbed_id, labels=labels, moved=len(rels),
           filled=json.dumps(filled, sort_keys=True), before=json.dumps(before, sort_keys=True))
    return merge_id


def unmerge_companies(tx: ManagedTransaction, merge_id: str, *, decided_by: str, at: datetime,
                      why: str = "") -> dict[str, Any]:
    """Undo company merge ``merge_id`` inside ``tx``: both companies as they were before it.
    Last in, first out: a merge whose kept company was absorbed since waits for that undo."""
    found = tx.run(
        "MATCH (m:CompanyMerge {id: $m}) "
        "OPTIONAL MATCH (k:Company {id: m.keep_id}) OPTIONAL MATCH (a:MergedCompany {id: m.absorbed_id}) "
        "RETURN m.status AS status, m.absorbed_labels AS labels, elementId(k) AS k, elementId(a) AS a, "
        "m.filled AS filled, m.filled_before AS before, properties(k) AS kept", m=merge_id).single()
    moved = move_back(tx, found, merge_id, "company merge", "company")
    filled, before = json.loads(found["filled"] or "{}"), json.loads(found["before"] or "{}")
    back = {f: before.get(f) for f, v in filled.items() if found["kept"].get(f) == v}
    if back:
        tx.run("MATCH (k) WHERE elementId(k) = $k SET k += $back", k=found["k"], back=back)
    labels = [checked_name(label) for label in found["labels"]]
    tx.run(f"MATCH (a) WHERE elementId(a) = $a REMOVE a:MergedCompany SET a:{':'.join(labels)}", a=found["a"])
    tx.run("MATCH (a)-[s:SAME_AS {merge_id: $m}]->() WHERE elementId(a) = $a DELETE s",
           a=found["a"], m=merge_id)
    tx.run("MATCH (m:CompanyMerge {id: $m}) SET m.status = 'undone', m.undone_by = $by, m.undone_at = $at, "
           "m.undone_why = $why", m=merge_id, by=decided_by, at=at, why=why)
    return {"merge_id": merge_id, "moved_back": moved}


def get_merge(graph, merge_id: str) -> dict[str, Any]:
    rows = graph.query("MATCH (m:CompanyMerge {id: $id}) RETURN m {.*} AS m", id=merge_id)
    if not rows:
        raise NotFound(f"No company merge {merge_id}.")
    merge = native(dict(rows[0]["m"]))
    merge.pop("filled_before", None)
    return merge


def list_merges(graph, *, limit: int = 50) -> list[dict[str, Any]]:
    """The latest company merges still in force, newest first, with both names."""
    rows = graph.query(
        "MATCH (m:CompanyMerge {status: 'merged'}) WITH m ORDER BY m.at DESC, m.id LIMIT $limit "
        "OPTIONAL MATCH (k:Company {id: m.keep_id}) OPTIONAL MATCH (a:MergedCompany {id: m.absorbed_id}) "
        "RETURN m {.id, .keep_id, .absorbed_id, .weight, .decided_by, .at, .why} AS m, "
        "k.name AS keep_name, a.name AS absorbed_name", limit=limit)
    return [{**native(r["m"]), "keep_name": r["keep_name"], "absorbed_name": r["absorbed_name"]}
            for r in rows]


def current_company(graph, company_id: str) -> str | None:
    """The Company an id is now: itself, or where its SAME_AS lead."""
    rows = graph.query("OPTIONAL MATCH (c:Company {id: $id}) "
                       "OPTIONAL MATCH (:MergedCompany {id: $id})-[:SAME_AS*1..5]->(q:Company) "
                       "RETURN coalesce(c.id, q.id) AS id LIMIT 1", id=company_id)
    return rows[0]["id"] if rows else None


# ---- review items -------------------------------------------------------------------------------

def decided_pairs(graph) -> set[frozenset[str]]:
    """Pairs a person decided (rejected, or a merge undone): a rerun leaves them alone."""
    rows = graph.query("MATCH (r:CompanyReview) WHERE r.status <> 'open' RETURN r.a AS a, r.b AS b")
    return {frozenset((r["a"], r["b"])) for r in rows}


# a review names its companies by the ids they had; one merged since is read as what it is now
_NOW = """
OPTIONAL MATCH (ca:Company {id: r.a}) OPTIONAL MATCH (:MergedCompany {id: r.a})-[:SAME_AS*1..5]->(qa:Company)
OPTIONAL MATCH (cb:Company {id: r.b}) OPTIONAL MATCH (:MergedCompany {id: r.b})-[:SAME_AS*1..5]->(qb:Company)
WITH r, coalesce(ca, qa) AS ca, coalesce(cb, qb) AS cb
RETURN {fields} AS review,
       CASE WHEN ca IS NULL THEN null ELSE ca {.id, .name, .domain, .status,
             people: COUNT { (ca)<-[:WORKS_AT]-(:Person) }} END AS a,
       CASE WHEN cb IS NULL THEN null ELSE cb {.id, .name, .domain, .status,
             people: COUNT { (cb)<-[:WORKS_AT]-(:Person) }} END AS b
""".replace("{fields}", review_items.FIELDS)


def _review(row: dict[str, Any]) -> dict[str, Any]:
    review = native(dict(row["review"]))
    review["evidence"] = json.loads(review.get("evidence") or "[]")
    review["company_a"], review["company_b"] = row["a"], row["b"]
    review["kind"] = "company"
    return review


# paging, deciding and closing are the same for people and companies (graph/review_items.py)
_QUEUE = review_items.ReviewQueue("CompanyReview", _NOW, _review, review_id, apart_scores=True)
list_reviews, get_review = _QUEUE.list, _QUEUE.get
decide_review, close_open_review = _QUEUE.decide, _QUEUE.close_open
save_reviews, keep_apart = _QUEUE.save, _QUEUE.keep_apart


