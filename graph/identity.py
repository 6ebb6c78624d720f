"""Merging two Person nodes that are one person, and undoing it exactly (issue #16, phase 2).

A merge keeps everything. The absorbed node stays in the graph with its properties, as
``:MergedPerson`` instead of ``:Person`` (and its other labels, e.g. ``:Rep``), tied to
the kept one by ``(absorbed)-[:SAME_AS {merge_id, weight, decided_by, at}]->(kept)``.
Each of its relationships moves to the kept node: the same type, direction, peer and
properties, plus ``merged_from``, a list whose last element is this merge's id (a list,
so a relationship moved twice knows both merges). A relationship between the two halves
stays where it is. ``(:IdentityMerge)`` records who, when, why, the match weight and the
absorbed node's labels.

Unmerge moves back every relationship whose last ``merged_from`` is the merge, restores
the labels and removes the ``SAME_AS``: the stored subgraph is then what it was before
(tests/integration/test_identity_merge.py compares it). Unmerges are last-in first-out:
a merge whose kept node has since been absorbed by another merge is undone after that
one. Ties are not yet recombined (two halves that both know someone give the kept node
two KNOWS to them until phase 2 recombines the evidence), and nothing reads
``:MergedPerson`` yet.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from referrals.errors import Conflict, NotFound

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # a label or relationship type we interpolate


def _checked(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"unexpected label or relationship type {name!r}")
    return name


def _merge_id(keep_id: str, absorbed_id: str, at: datetime) -> str:
    return "m-" + hashlib.sha1(f"{keep_id}|{absorbed_id}|{at.isoformat()}".encode()).hexdigest()[:16]


def _move(tx: ManagedTransaction, rels: list[dict[str, Any]], to_node: str, *, merged_from) -> None:
    """Recreate ``rels`` (read with ``_RELS``) on node ``to_node`` (an element id), with
    ``merged_from(props)`` as their new ``merged_from``, and delete the originals."""
    groups: dict[tuple[str, bool], list[dict[str, Any]]] = {}
    for rel in rels:
        props = dict(rel["props"])
        chain = merged_from(props.pop("merged_from", None) or [])
        if chain:
            props["merged_from"] = chain
        groups.setdefault((_checked(rel["type"]), rel["out"]), []).append(
            {"peer": rel["peer"], "props": props})
    for (rel_type, out), rows in groups.items():
        arrow = f"(node)-[r:{rel_type}]->(peer)" if out else f"(peer)-[r:{rel_type}]->(node)"
        tx.run(f"MATCH (node) WHERE elementId(node) = $node UNWIND $rows AS row "
               f"MATCH (peer) WHERE elementId(peer) = row.peer CREATE {arrow} SET r = row.props",
               node=to_node, rows=rows)
    tx.run("MATCH ()-[r]->() WHERE elementId(r) IN $ids DELETE r", ids=[r["id"] for r in rels])


_RELS = """
MATCH (node)-[r]-(peer) WHERE elementId(node) = $node AND peer <> node AND NOT elementId(peer) IN $skip
  AND type(r) <> 'SAME_AS' {extra}
RETURN elementId(r) AS id, type(r) AS type, startNode(r) = node AS out, elementId(peer) AS peer,
       properties(r) AS props
"""


def merge_people(tx: ManagedTransaction, keep_id: str, absorbed_id: str, *, weight: float | None,
                 decided_by: str, at: datetime, why: str = "") -> str:
    """Merge Person ``absorbed_id`` into ``keep_id`` inside ``tx``; returns the merge id."""
    if keep_id == absorbed_id:
        raise Conflict("A person cannot be merged with themselves.", code="same_person")
    found = tx.run("MATCH (k:Person {id: $k}), (a:Person {id: $a}) "
                   "RETURN elementId(k) AS k, elementId(a) AS a, labels(a) AS labels",
                   k=keep_id, a=absorbed_id).single()
    if found is None:
        raise NotFound(f"No person {keep_id} and {absorbed_id} to merge.")
    merge_id = _merge_id(keep_id, absorbed_id, at)
    rels = tx.run(_RELS.format(extra=""), node=found["a"], skip=[found["k"]]).data()
    _move(tx, rels, found["k"], merged_from=lambda chain: [*chain, merge_id])
    labels = [_checked(label) for label in found["labels"]]
    tx.run(f"MATCH (a) WHERE elementId(a) = $a REMOVE a:{':'.join(labels)} SET a:MergedPerson",
           a=found["a"])
    tx.run("MATCH (a), (k) WHERE elementId(a) = $a AND elementId(k) = $k "
           "CREATE (a)-[:SAME_AS {merge_id: $m, weight: $w, decided_by: $by, at: $at}]->(k) "
           "CREATE (:IdentityMerge {id: $m, keep_id: $kid, absorbed_id: $aid, weight: $w, decided_by: $by, "
           "at: $at, why: $why, absorbed_labels: $labels, moved: $moved, status: 'merged'})",
           a=found["a"], k=found["k"], m=merge_id, w=weight, by=decided_by, at=at, why=why,
           kid=keep_id, aid=absorbed_id, labels=labels, moved=len(rels))
    return merge_id


def unmerge_people(tx: ManagedTransaction, merge_id: str, *, decided_by: str, at: datetime,
                   why: str = "") -> dict[str, Any]:
    """Undo merge ``merge_id`` inside ``tx``: both people as they were before it."""
    found = tx.run(
        "MATCH (m:IdentityMerge {id: $m}) "
        "OPTIONAL MATCH (k:Person {id: m.keep_id}) OPTIONAL MATCH (a:MergedPerson {id: m.absorbed_id}) "
        "RETURN m.status AS status, m.absorbed_labels AS labels, elementId(k) AS k, elementId(a) AS a",
        m=merge_id).single()
    if found is None:
        raise NotFound(f"No merge {merge_id}.")
    if found["status"] != "merged":
        raise Conflict(f"Merge {merge_id} was already undone.", code="already_undone")
    if found["k"] is None or found["a"] is None:
        raise Conflict(f"Merge {merge_id}'s person was merged again since; undo that merge first.",
                       code="merged_again")
    rels = tx.run(_RELS.format(extra="AND r.merged_from IS NOT NULL AND r.merged_from[-1] = $m"),
                  node=found["k"], skip=[found["a"]], m=merge_id).data()
    _move(tx, rels, found["a"], merged_from=lambda chain: chain[:-1])
    labels = [_checked(label) for label in found["labels"]]
    tx.run(f"MATCH (a) WHERE elementId(a) = $a REMOVE a:MergedPerson SET a:{':'.join(labels)}", a=found["a"])
    tx.run("MATCH (a)-[s:SAME_AS {merge_id: $m}]->() WHERE elementId(a) = $a DELETE s",
           a=found["a"], m=merge_id)
    tx.run("MATCH (m:IdentityMerge {id: $m}) SET m.status = 'undone', m.undone_by = $by, m.undone_at = $at, "
           "m.undone_why = $why", m=merge_id, by=decided_by, at=at, why=why)
    return {"merge_id": merge_id, "moved_back": len(rels)}
