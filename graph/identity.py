"""Merging two Person nodes that are one person, and undoing it exactly (issue #16, phase 2).

A merge keeps everything. The absorbed node stays in the graph with its properties, as
``:MergedPerson`` instead of ``:Person`` (and its other labels, e.g. ``:Rep``), tied to
the kept one by ``(absorbed)-[:SAME_AS {merge_id, weight, decided_by, at}]->(kept)``.
Each of its relationships moves to the kept node: the same type, direction, peer and
properties, plus ``merged_from``, a list whose last element is this merge's id (a list,
so a relationship moved twice knows both merges). A relationship between the two halves
stays where it is. ``(:IdentityMerge)`` records who, when, why, the match weight and the
absorbed node's labels.

A peer both halves know keeps one tie: the kept node's KNOWS to them takes the evidence of
both (referrals/tie_merge.py: interactions summed once, the latest date, the stronger
manual strength and connection, the later confirmation; a tie stored the other way round
is turned round), and the absorbed node's own KNOWS to them stays on it, untouched. The
kept tie's properties from before are copied, every value with its type, onto a
``(:IdentityMerge)-[:RECOMBINED {sid}]->(:MergedTie)`` node, and the tie's ``recombined``
list ends with that ``sid`` (the tie may move with a later merge, so it is named by a
property, not by its element id).

Unmerge moves back every relationship whose last ``merged_from`` is the merge, puts back
the properties of every tie whose last ``recombined`` is one of the merge's (and deletes
the ``:MergedTie``), restores the labels and removes the ``SAME_AS``: the stored subgraph
is then what it was before (tests/integration/test_identity_merge.py compares it).
Unmerges are last-in first-out: a merge whose kept node has since been absorbed by
another merge is undone after that one.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime
from typing import Any

from neo4j import ManagedTransaction

from graph import review_items
from graph.audit import APPEND as _APPEND_ONE
from graph.identity_keys import KEY_PROPERTIES, person_keys
from graph.workflow_common import native
from referrals.errors import Conflict, NotFound
from referrals.tie_merge import combined_tie

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # a label or relationship type we interpolate


def checked_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"unexpected label or relationship type {name!r}")
    return name


def _merge_id(keep_id: str, absorbed_id: str, at: datetime) -> str:
    return "m-" + hashlib.sha1(f"{keep_id}|{absorbed_id}|{at.isoformat()}".encode()).hexdigest()[:16]


def move_relationships(tx: ManagedTransaction, rels: list[dict[str, Any]], to_node: str, *,
                       merged_from) -> None:
    """Recreate ``rels`` (read with ``RELATIONSHIPS_OF``) on node ``to_node`` (an element id), with
    ``merged_from(props)`` as their new ``merged_from``, and delete the originals."""
    groups: dict[tuple[str, bool], list[dict[str, Any]]] = {}
    for rel in rels:
        props = dict(rel["props"])
        chain = merged_from(props.pop("merged_from", None) or [])
        if chain:
            props["merged_from"] = chain
        groups.setdefault((checked_name(rel["type"]), rel["out"]), []).append(
            {"peer": rel["peer"], "props": props})
    for (rel_type, out), rows in groups.items():
        arrow = f"(node)-[r:{rel_type}]->(peer)" if out else f"(peer)-[r:{rel_type}]->(node)"
        tx.run(f"MATCH (node) WHERE elementId(node) = $node UNWIND $rows AS row "
               f"MATCH (peer) WHERE elementId(peer) = row.peer CREATE {arrow} SET r = row.props",
               node=to_node, rows=rows)
    _delete_rels(tx, [r["id"] for r in rels])


# Every relationship is found before any is deleted (the collect). Deleting while the element-id
# seek still runs skipped one now and then when some were created earlier in the same
# transaction (a merge_many chain, 1 run in 3-5: the relationship stayed on the absorbed node and
# its copy on the kept one, so the undo gave it back twice).
_DELETE_RELS = ("MATCH ()-[r]->() WHERE elementId(r) IN $ids WITH collect(r) AS rels "
                "FOREACH (r IN rels | DELETE r) RETURN size(rels) AS deleted")


def _delete_rels(tx: ManagedTransaction, ids: list[str]) -> None:
    """Delete the relationships ``ids``, every one of them, or fail the transaction."""
    if not ids:
        return
    deleted = tx.run(_DELETE_RELS, ids=ids).single()["deleted"]
    if deleted != len(set(ids)):  # a move that left a relationship behind would duplicate it
        raise RuntimeError(f"deleted {deleted} of {len(set(ids))} relationships being moved")


RELATIONSHIPS_OF = """
MATCH (node)-[r]-(peer) WHERE elementId(node) = $node AND peer <> node AND NOT elementId(peer) IN $skip
  AND type(r) <> 'SAME_AS' {extra}
RETURN elementId(r) AS id, type(r) AS type, startNode(r) = node AS out, elementId(peer) AS peer,
       properties(r) AS props
"""


# Fields the kept node takes from the absorbed one where it has none, so the merged person
# shows both halves' email and profile and later imports find it by either key.
FILLED_FIELDS = ("email", "linkedin_url", "title", "seniority", "phone")


def _filled(kept: dict[str, Any], absorbed: dict[str, Any]) -> dict[str, Any]:
    """What the kept node gets: the absorbed one's identity fields where it has none, and
    the strictest do-not-contact."""
    out = {f: absorbed[f] for f in FILLED_FIELDS if kept.get(f) is None and absorbed.get(f) is not None}
    if absorbed.get("do_not_contact") and not kept.get("do_not_contact"):
        out["do_not_contact"] = True
    return out


def _rekeyed(kept: dict[str, Any], filled: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The kept node's new blocking keys when the merge fills its email (they are made of the
    name and the email, graph/identity_keys.py), and what they were (JSON, for the unmerge)."""
    if "email" not in filled:
        return {}, None
    return (person_keys(kept.get("name"), filled["email"]),
            json.dumps({k: kept.get(k) for k in KEY_PROPERTIES}, sort_keys=True))


def _tie_changes(tie: dict[str, Any], others: list[dict[str, Any]], today: date) -> dict[str, Any]:
    """What the kept ``tie`` ({out, props}) becomes holding the evidence of ``others`` too
    (``_MANY_RELS`` rows of the absorbed node's KNOWS to the same peer): referrals.tie_merge's
    rule, folded over them (two stored the other way round are turned round)."""
    current = native(dict(tie["props"]))
    changes: dict[str, Any] = {}
    for other in others:
        step = combined_tie(current, native(dict(other["props"])), flipped=tie["out"] != other["out"],
                            today=today)
        changes.update(step)
        current = {k: v for k, v in {**current, **step}.items() if v is not None}
    return changes


def _merge_round(tx: ManagedTransaction, items: list[tuple[dict[str, Any], str, float | None, str]],
                 rels: list[dict[str, Any]], *, decided_by: str, at: datetime) -> None:
    """Merge ``items`` ((found row, merge id, weight, why) each, no person in two of them, no
    absorbed person related to another item's person) in a few statements for all of them.
    ``rels``: the absorbed nodes' relationships (``_MANY_RELS``)."""
    by_absorbed: dict[str, list[dict[str, Any]]] = {}
    for rel in rels:
        by_absorbed.setdefault(rel["absorbed"], []).append(rel)
    moves: dict[tuple[str, bool], list[dict[str, Any]]] = {}
    gone: list[str] = []
    records, fills, relabel, recombined = [], [], {}, []
    for row, merge_id, weight, why in items:
        mine = by_absorbed.get(row["a"], [])
        clashes: dict[str, tuple[dict[str, Any], list[dict[str, Any]], str]] = {}
        moved = 0
        for rel in mine:
            if rel["type"] == "KNOWS" and rel["kept_ties"]:
                # both halves know this peer: one tie stays, the kept one, with both's evidence;
                # the absorbed half's own tie stays on it, untouched, for the unmerge
                tie = min(rel["kept_ties"], key=lambda t: t["id"])
                clashes.setdefault(tie["id"], (tie, [], rel["peer_id"] or rel["peer"]))[1].append(rel)
                continue
            moves.setdefault((checked_name(rel["type"]), rel["out"]), []).append(
                {"rel": rel["id"], "node": row["k"], "peer": rel["peer"], "m": merge_id})
            gone.append(rel["id"])
            moved += 1
        for tie_id, (tie, others, peer) in clashes.items():
            recombined.append({"tie": tie_id, "m": merge_id, "sid": f"{merge_id}>{peer}",
                               "props": _tie_changes(tie, others, at.date())})
        filled = _filled(row["kept"], row["absorbed"])
        keys, keys_before = _rekeyed(row["kept"], filled)
        if filled:
            fills.append({"k": row["k"], "filled": {**filled, **keys}})
        labels = tuple(checked_name(label) for label in row["labels"])
        relabel.setdefault(labels, []).append(row["a"])
        records.append({"a": row["a"], "k": row["k"], "m": merge_id, "w": weight, "why": why,
                        "kid": row["kid"], "aid": row["aid"], "labels": list(labels), "moved": moved,
                        "filled": json.dumps(filled, sort_keys=True),
                        "before": json.dumps({f: row["kept"].get(f) for f in filled}, sort_keys=True),
                        "keys_before": keys_before})
    for (rel_type, out), batch in moves.items():
        arrow = f"(node)-[r:{rel_type}]->(peer)" if out else f"(peer)-[r:{rel_type}]->(node)"
        tx.run(f"UNWIND $rows AS row MATCH ()-[old]->() WHERE elementId(old) = row.rel "
               f"MATCH (node) WHERE elementId(node) = row.node "
               f"MATCH (peer) WHERE elementId(peer) = row.peer CREATE {arrow} "
               f"SET r = properties(old), r.merged_from = coalesce(old.merged_from, []) + row.m",
               rows=batch)
    _delete_rels(tx, gone)
    if fills:
        tx.run("UNWIND $rows AS row MATCH (k) WHERE elementId(k) = row.k SET k += row.filled", rows=fills)
    for labels, nodes_of in relabel.items():
        tx.run(f"MATCH (a) WHERE elementId(a) IN $ids REMOVE a:{':'.join(labels)} SET a:MergedPerson",
               ids=nodes_of)
    if records:
        tx.run("UNWIND $rows AS row MATCH (a), (k) WHERE elementId(a) = row.a AND elementId(k) = row.k "
               "CREATE (a)-[:SAME_AS {merge_id: row.m, weight: row.w, decided_by: $by, at: $at}]->(k) "
               "CREATE (:IdentityMerge {id: row.m, keep_id: row.kid, absorbed_id: row.aid, "
               "weight: row.w, decided_by: $by, at: $at, why: row.why, absorbed_labels: row.labels, "
               "moved: row.moved, recombined: 0, "
               "status: 'merged', filled: row.filled, filled_before: row.before, "
               "keys_before: row.keys_before})",
               rows=records, by=decided_by, at=at)
    _recombine(tx, recombined)
    _repoint(tx, [{"m": r["m"], "a": r["aid"], "k": r["k"], "kid": r["kid"]} for r in records])


# Workflow records name people by id too (an introduction's requester, referrer, target and
# path; an ask's referrer and target, which goodwill counts by): those that named the
# absorbed person name the kept one after the merge, and the merge's record keeps what they
# said before for the unmerge (``repointed``, JSON). An introduction is found by its moved
# relationships (REQUESTED, THROUGH, TO reach everyone on its path), an ask by its indexed ids.
REF_FIELDS = ("requester_id", "referrer_id", "target_id", "path", "account_manager_id")
_REF_MAP = "x {" + ", ".join(f".{f}" for f in REF_FIELDS) + "}"
_REFS = f"""
UNWIND $pairs AS pair
MATCH (kept) WHERE elementId(kept) = pair.k
CALL (kept, pair) {{
  MATCH (kept)-[r:REQUESTED|THROUGH|TO]-(x:Introduction) WHERE r.merged_from[-1] = pair.m RETURN x
  UNION
  MATCH (x:ReferralAsk {{referrer_id: pair.a}}) RETURN x
  UNION
  MATCH (x:ReferralAsk {{target_id: pair.a}}) RETURN x
  UNION
  MATCH (x:MergedAsk {{referrer_id: pair.a}}) RETURN x
  UNION
  MATCH (x:MergedAsk {{target_id: pair.a}}) RETURN x
}}
RETURN pair.m AS m, pair.a AS a, pair.kid AS kid, elementId(x) AS eid, x.id AS id,
       [label IN labels(x) WHERE label IN ['Introduction', 'ReferralAsk', 'MergedAsk']][0] AS label,
       {_REF_MAP} AS props
"""


def _renamed(value: Any, absorbed: str, kept: str) -> Any:
    if isinstance(value, list):
        return [kept if v == absorbed else v for v in value]
    return kept if value == absorbed else value


def _repoint(tx: ManagedTransaction, pairs: list[dict[str, Any]]) -> None:
    """Records naming an absorbed person (``pairs``: {m, a, k, kid}) name the kept one; what
    each said before goes onto the merge's record."""
    if not pairs:
        return
    writes, kept_before = [], {}
    for row in tx.run(_REFS, pairs=pairs).data():
        before = {f: v for f, v in row["props"].items() if v is not None}
        after = {f: _renamed(v, row["a"], row["kid"]) for f, v in before.items()}
        changed = {f: v for f, v in after.items() if v != before[f]}
        if changed:
            writes.append({"eid": row["eid"], "props": changed})
            kept_before.setdefault(row["m"], []).append(
                {"label": row["label"], "id": row["id"], "before": {f: before[f] for f in changed},
                 "after": changed})
    if writes:
        tx.run("UNWIND $rows AS row MATCH (x) WHERE elementId(x) = row.eid SET x += row.props", rows=writes)
        tx.run("UNWIND $rows AS row MATCH (m:IdentityMerge {id: row.m}) SET m.repointed = row.refs",
               rows=[{"m": m, "refs": json.dumps(refs, sort_keys=True, default=str)}
                     for m, refs in kept_before.items()])


def _repoint_back(tx: ManagedTransaction, repointed: str | None) -> None:
    """The unmerge's half of ``_repoint``: each field back as it was, unless changed since."""
    refs = json.loads(repointed or "[]")
    for label in {r["label"] for r in refs}:
        rows = [r for r in refs if r["label"] == label]
        current = {row["id"]: row["props"] for row in tx.run(
            f"UNWIND $ids AS id MATCH (x:{checked_name(label)} {{id: id}}) "
            f"RETURN x.id AS id, {_REF_MAP} AS props",
            ids=[r["id"] for r in rows]).data()}
        back = [{"id": r["id"], "props": {f: v for f, v in r["before"].items()
                                          if current.get(r["id"], {}).get(f) == r["after"][f]}}
                for r in rows if r["id"] in current]
        tx.run(f"UNWIND $rows AS row MATCH (x:{checked_name(label)} {{id: row.id}}) SET x += row.props",
               rows=[b for b in back if b["props"]])


# The kept tie's properties before are kept on a (:MergedTie) node of the merge's record (a node
# keeps every value's type: dates, lists), named by the sid the tie's ``recombined`` list ends
# with; the unmerge puts them back whole.
_RECOMBINE = """
UNWIND $rows AS row
MATCH ()-[t:KNOWS]->() WHERE elementId(t) = row.tie
MATCH (m:IdentityMerge {id: row.m, status: 'merged'})
CREATE (m)-[:RECOMBINED {sid: row.sid}]->(before:MergedTie)
SET before = properties(t)
SET t += row.props, t.recombined = coalesce(t.recombined, []) + row.sid,
    m.recombined = coalesce(m.recombined, 0) + 1
RETURN count(*) AS done
"""

_RESTORE = """
MATCH (:IdentityMerge {id: $m, status: 'merged'})-[s:RECOMBINED]->(before:MergedTie)
MATCH (k)-[t:KNOWS]-() WHERE elementId(k) = $k AND t.recombined[-1] = s.sid
SET t = properties(before)
DETACH DELETE before
RETURN count(*) AS restored
"""


def _recombine(tx: ManagedTransaction, rows: list[dict[str, Any]]) -> None:
    if rows:
        done = tx.run(_RECOMBINE, rows=rows).single()["done"]
        if done != len(rows):
            raise RuntimeError(f"recombined {done} of {len(rows)} ties")


def _restore_ties(tx: ManagedTransaction, merge_id: str, kept: str) -> None:
    """Put back the kept node's ties as they were before ``merge_id`` recombined them. A tie
    recombined twice under one merge (a re-landed row's tie after the merge's own) is put
    back newest first: each pass restores the ties whose ``recombined`` ends with one of
    the merge's snapshots."""
    while tx.run(_RESTORE, m=merge_id, k=kept).single()["restored"]:
        pass


def merge_people(tx: ManagedTransaction, keep_id: str, absorbed_id: str, *, weight: float | None,
                 decided_by: str, at: datetime, why: str = "") -> str:
    """Merge Person ``absorbed_id`` into ``keep_id`` inside ``tx``; returns the merge id.
    The kept node fills its blank identity fields from the absorbed one (``FILLED_FIELDS``)
    and takes the strictest do-not-contact; a peer both know keeps one tie with the evidence
    of both; the unmerge puts back what was there."""
    if keep_id == absorbed_id:
        raise Conflict("A person cannot be merged with themselves.", code="same_person")
    found = tx.run(_MANY_FOUND, pairs=[{"k": keep_id, "a": absorbed_id}]).single()
    if found is None:
        raise NotFound(f"No person {keep_id} and {absorbed_id} to merge.")
    merge_id = _merge_id(keep_id, absorbed_id, at)
    rels = tx.run(_MANY_RELS, nodes=[{"a": found["a"], "k": found["k"]}]).data()
    _merge_round(tx, [(found.data(), merge_id, weight, why)], rels, decided_by=decided_by, at=at)
    return merge_id


# only the fields a merge reads (_filled, _rekeyed): a whole person's properties hold dates,
# which cost the driver more to decode than the rest of the row
_MERGE_FIELDS = "{" + ", ".join(f".{f}" for f in ("name", *FILLED_FIELDS, "do_not_contact",
                                                   *KEY_PROPERTIES)) + "}"
_MANY_FOUND = f"""
UNWIND $pairs AS pair
MATCH (k:Person {{id: pair.k}}), (a:Person {{id: pair.a}})
RETURN pair.k AS kid, pair.a AS aid, elementId(k) AS k, elementId(a) AS a, labels(a) AS labels,
       k {_MERGE_FIELDS} AS kept, a {_MERGE_FIELDS} AS absorbed
"""

# With each KNOWS, the kept node's KNOWS to the same peer (either direction), found by
# expanding between the two bound nodes (not from a peer who may know thousands).
_MANY_RELS = """
UNWIND $nodes AS pair
MATCH (node) WHERE elementId(node) = pair.a
MATCH (kept) WHERE elementId(kept) = pair.k
MATCH (node)-[r]-(peer) WHERE peer <> node AND peer <> kept AND type(r) <> 'SAME_AS'
WITH pair, node, r, peer, CASE WHEN type(r) = 'KNOWS' THEN COLLECT {
         MATCH (kept)-[t:KNOWS]-(peer)
         RETURN {id: elementId(t), out: startNode(t) = kept, props: properties(t)} AS tie
       } ELSE [] END AS kept_ties
RETURN pair.a AS absorbed, elementId(r) AS id, type(r) AS type, startNode(r) = node AS out,
       elementId(peer) AS peer, peer.id AS peer_id, kept_ties,
       CASE WHEN size(kept_ties) > 0 THEN properties(r) END AS props
"""
# _MANY_RELS sends the properties only of ties to recombine; a moved relationship is copied
# in the database (its dates and lists never go through the driver)


def merge_many(tx: ManagedTransaction, merges: list[tuple[str, str, float | None, str]], *, decided_by: str,
               at: datetime) -> list[str]:
    """``merge_people`` for many pairs at once, (keep_id, absorbed_id, weight, why) each, in
    a few statements instead of a few per pair; the merge ids in order. The pairs are done
    in rounds where no person is in two pairs (a chain a~b, b~c waits for the round after),
    and a pair whose absorbed person has a relationship to another pair's person of the same
    round is merged on its own after the round, so every merge is exactly ``merge_people``'s."""
    ids: list[str | None] = [None] * len(merges)
    rounds: list[list[int]] = []
    placed: dict[str, int] = {}  # person id -> the last round they are in
    for i, (keep_id, absorbed_id, _w, _why) in enumerate(merges):
        if keep_id == absorbed_id:
            raise Conflict("A person cannot be merged with themselves.", code="same_person")
        r = 1 + max(placed.get(keep_id, -1), placed.get(absorbed_id, -1))
        if r == len(rounds):
            rounds.append([])
        rounds[r].append(i)
        placed[keep_id] = placed[absorbed_id] = r
    for members in rounds:
        pairs = [{"k": merges[i][0], "a": merges[i][1]} for i in members]
        found = {(row["kid"], row["aid"]): row for row in tx.run(_MANY_FOUND, pairs=pairs).data()}
        for pair in pairs:
            if (pair["k"], pair["a"]) not in found:
                raise NotFound(f"No person {pair['k']} and {pair['a']} to merge.")
        rows = [found[(merges[i][0], merges[i][1])] for i in members]
        nodes = {row["k"] for row in rows} | {row["a"] for row in rows}
        rels = tx.run(_MANY_RELS, nodes=[{"a": row["a"], "k": row["k"]} for row in rows]).data()
        tangled = {rel["absorbed"] for rel in rels if rel["peer"] in nodes}
        items = []
        for i, row in zip(members, rows, strict=True):
            if row["a"] not in tangled:
                keep_id, absorbed_id, weight, why = merges[i]
                ids[i] = _merge_id(keep_id, absorbed_id, at)
                items.append((row, ids[i], weight, why))
        _merge_round(tx, items, [rel for rel in rels if rel["absorbed"] not in tangled],
                     decided_by=decided_by, at=at)
        for i, row in zip(members, rows, strict=True):  # tangled with another pair: one by one, after
            if row["a"] in tangled:
                keep_id, absorbed_id, weight, why = merges[i]
                ids[i] = merge_people(tx, keep_id, absorbed_id, weight=weight, decided_by=decided_by, at=at,
                                      why=why)
    return [i for i in ids if i is not None]


def move_back(tx: ManagedTransaction, found, merge_id: str, record: str, kind: str) -> int:
    """An undo's first step, for people and companies alike: ``found`` (the merge ``record``'s
    status and its kept and absorbed nodes, ``k`` and ``a``) must be in force and last in,
    then every relationship whose last ``merged_from`` is the merge goes back to the absorbed
    node; how many."""
    if found is None:
        raise NotFound(f"No {record} {merge_id}.")
    if found["status"] != "merged":
        raise Conflict(f"Merge {merge_id} was already undone.", code="already_undone")
    if found["k"] is None or found["a"] is None:
        raise Conflict(f"Merge {merge_id}'s {kind} was merged again since; undo that merge first.",
                       code="merged_again")
    rels = tx.run(RELATIONSHIPS_OF.format(extra="AND r.merged_from IS NOT NULL AND r.merged_from[-1] = $m"),
                  node=found["k"], skip=[found["a"]], m=merge_id).data()
    move_relationships(tx, rels, found["a"], merged_from=lambda chain: chain[:-1])
    return len(rels)


def unmerge_people(tx: ManagedTransaction, merge_id: str, *, decided_by: str, at: datetime,
                   why: str = "") -> dict[str, Any]:
    """Undo merge ``merge_id`` inside ``tx``: both people as they were before it."""
    found = tx.run(
        "MATCH (m:IdentityMerge {id: $m}) "
        "OPTIONAL MATCH (k:Person {id: m.keep_id}) OPTIONAL MATCH (a:MergedPerson {id: m.absorbed_id}) "
        "RETURN m.status AS status, m.absorbed_labels AS labels, elementId(k) AS k, elementId(a) AS a, "
        "m.filled AS filled, m.filled_before AS before, m.keys_before AS keys_before, properties(k) AS kept, "
        "m.recombined AS recombined, m.repointed AS repointed",
        m=merge_id).single()
    moved = move_back(tx, found, merge_id, "merge", "person")
    if found["recombined"] or found["recombined"] is None:  # None: recorded before it was counted
        _restore_ties(tx, merge_id, found["k"])
    # the fields the merge filled go back, unless something changed them since
    filled, before = json.loads(found["filled"] or "{}"), json.loads(found["before"] or "{}")
    back = {f: before.get(f) for f, v in filled.items() if found["kept"].get(f) == v}
    if "email" in back and found["keys_before"]:  # the keys of the email put back (null: none)
        back.update(json.loads(found["keys_before"]))
    if back:
        tx.run("MATCH (k) WHERE elementId(k) = $k SET k += $back", k=found["k"], back=back)
    _repoint_back(tx, found["repointed"])
    labels = [checked_name(label) for label in found["labels"]]
    tx.run(f"MATCH (a) WHERE elementId(a) = $a REMOVE a:MergedPerson SET a:{':'.join(labels)}", a=found["a"])
    tx.run("MATCH (a)-[s:SAME_AS {merge_id: $m}]->() WHERE elementId(a) = $a DELETE s",
           a=found["a"], m=merge_id)
    tx.run("MATCH (m:IdentityMerge {id: $m}) SET m.status = 'undone', m.undone_by = $by, m.undone_at = $at, "
           "m.undone_why = $why", m=merge_id, by=decided_by, at=at, why=why)
    return {"merge_id": merge_id, "moved_back": moved}


# ---- what the model reads, and the review queue -----------------------------------------------

_RECORDS = """
MATCH (p:Person) WHERE NOT p:Rep AND NOT coalesce(p.is_rep, false) AND ($ids IS NULL OR p.id IN $ids)
OPTIONAL MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE coalesce(w.current, true)
WITH p, c ORDER BY w.start DESC
WITH p, head(collect(c)) AS c
RETURN p.id AS unique_id,
       CASE WHEN p.linkedin_url IS NOT NULL THEN 'linkedin'
            ELSE coalesce(COLLECT { MATCH (x:ExternalId)-[:IDENTIFIES]->(p) RETURN x.source }[0], 'graph')
       END AS source,
       p.name AS name, p.email AS email, p.phone AS phone, p.linkedin_url AS linkedin_url, p.title AS title,
       c.name AS company, c.domain AS company_domain, coalesce(p.do_not_contact, false) AS do_not_contact
ORDER BY p.id
"""


def person_records(graph, ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Every Person who is not one of our reps (or those of ``ids``), as identity.records'
    dicts (its current company's name and domain) plus ``do_not_contact``. Merged-away
    people (:MergedPerson) and erased ones (:Erased) are not :Person, so they are not read."""
    return graph.query(_RECORDS, ids=ids)


def review_id(a: str, b: str) -> str:
    """One review item per pair, whatever the order: a rerun updates it, never adds one."""
    low, high = sorted((a, b))
    return "r-" + hashlib.sha1(f"{low}|{high}".encode()).hexdigest()[:16]


def decided_pairs(graph, pairs: list[tuple[str, str]] | None = None) -> dict[frozenset[str], str]:
    """Pairs people have decided ({a, b} -> merged|rejected): a rerun never undoes them. Of
    ``pairs`` only, when given (by the review id index, not a read of every review)."""
    if pairs is None:
        rows = graph.query("MATCH (r:IdentityReview) WHERE r.status <> 'open' RETURN r.a AS a, r.b AS b, "
                           "r.status AS status")
    else:
        rows = graph.query("UNWIND $ids AS id MATCH (r:IdentityReview {id: id}) WHERE r.status <> 'open' "
                           "RETURN r.a AS a, r.b AS b, r.status AS status",
                           ids=sorted({review_id(a, b) for a, b in pairs}))
    return {frozenset((r["a"], r["b"])): r["status"] for r in rows}


# a review names its people by the ids they had; one merged since is read as who they are now
_NOW = """
OPTIONAL MATCH (pa:Person {id: r.a}) OPTIONAL MATCH (ma:MergedPerson {id: r.a})-[:SAME_AS*1..5]->(qa:Person)
OPTIONAL MATCH (pb:Person {id: r.b}) OPTIONAL MATCH (mb:MergedPerson {id: r.b})-[:SAME_AS*1..5]->(qb:Person)
WITH r, coalesce(pa, qa) AS pa, coalesce(pb, qb) AS pb
OPTIONAL MATCH (pa)-[wa:WORKS_AT]->(ca:Company) WHERE coalesce(wa.current, true)
WITH r, pa, pb, head(collect(ca)) AS ca
OPTIONAL MATCH (pb)-[wb:WORKS_AT]->(cb:Company) WHERE coalesce(wb.current, true)
WITH r, pa, pb, ca, head(collect(cb)) AS cb
RETURN {fields} AS review,
       CASE WHEN pa IS NULL THEN null ELSE pa {.id, .name, .email, .phone, .linkedin_url, .title,
             .do_not_contact, company: ca.name, company_domain: ca.domain} END AS a,
       CASE WHEN pb IS NULL THEN null ELSE pb {.id, .name, .email, .phone, .linkedin_url, .title,
             .do_not_contact, company: cb.name, company_domain: cb.domain} END AS b
""".replace("{fields}", review_items.FIELDS)


def _review(row: dict[str, Any]) -> dict[str, Any]:
    review = native(dict(row["review"]))
    review["evidence"] = json.loads(review.get("evidence") or "[]")
    review["person_a"], review["person_b"] = row["a"], row["b"]
    return review


# paging, deciding and closing are the same for people and companies (graph/review_items.py)
_QUEUE = review_items.ReviewQueue("IdentityReview", _NOW, _review, review_id)
list_reviews, get_review = _QUEUE.list, _QUEUE.get
decide_review, close_open_review = _QUEUE.decide, _QUEUE.close_open
save_reviews, keep_apart = _QUEUE.save, _QUEUE.keep_apart


# the audit trail's own statement (graph/audit.py), for the entries of many merges at once
_APPEND_MANY = "UNWIND $events AS e " + re.sub(r"\$(\w+)", r"e.\1", _APPEND_ONE)


def append_audit(tx: ManagedTransaction, events: list[dict[str, Any]]) -> None:
    """Audit entries (graph.audit.new_event's) in one statement, in the change's transaction."""
    if events:
        tx.run(_APPEND_MANY, events=events)


def close_open_reviews(tx: ManagedTransaction, pairs: list[tuple[str, str, str]], *, decided_by: str,
                       at: datetime) -> None:
    """``close_open_review`` for many (a, b, merge_id) at once."""
    tx.run("UNWIND $rows AS row MATCH (r:IdentityReview {id: row.id, status: 'open'}) "
           "SET r.status = 'merged', r.merge_id = row.m, r.decided_by = $by, r.decided_at = $at",
           rows=[{"id": review_id(a, b), "m": m} for a, b, m in pairs], by=decided_by, at=at)




def get_merge(graph, merge_id: str) -> dict[str, Any]:
    rows = graph.query("MATCH (m:IdentityMerge {id: $id}) RETURN m {.*} AS m", id=merge_id)
    if not rows:
        raise NotFound(f"No merge {merge_id}.")
    merge = native(dict(rows[0]["m"]))
    merge.pop("filled_before", None)  # stored for the unmerge; the answer names no values
    merge.pop("keys_before", None)
    return merge


def current_person(graph, person_id: str) -> str | None:
    """The Person a (possibly merged-away) id is now: itself, or where its SAME_AS lead."""
    rows = graph.query("OPTIONAL MATCH (p:Person {id: $id}) "
                       "OPTIONAL MATCH (:MergedPerson {id: $id})-[:SAME_AS*1..5]->(q:Person) "
                       "RETURN coalesce(p.id, q.id) AS id LIMIT 1", id=person_id)
    return rows[0]["id"] if rows else None


def list_merges(graph, *, limit: int = 50) -> list[dict[str, Any]]:
    """The latest merges still in force, newest first, each with both people's names."""
    rows = graph.query(
        "MATCH (m:IdentityMerge {status: 'merged'}) WITH m ORDER BY m.at DESC, m.id LIMIT $limit "
        "OPTIONAL MATCH (k:Person {id: m.keep_id}) OPTIONAL MATCH (a:MergedPerson {id: m.absorbed_id}) "
        "RETURN m {.id, .keep_id, .absorbed_id, .weight, .decided_by, .at, .why} AS m, "
        "k.name AS keep_name, a.name AS absorbed_name", limit=limit)
    return [{**native(r["m"]), "keep_name": r["keep_name"], "absorbed_name": r["absorbed_name"]}
            for r in rows]


def save_model(graph, settings: dict[str, Any], *, at: datetime, people: int) -> None:
    """Keep the trained model (Splink's settings with its m and u) for later runs: a graph
    whose duplicates are merged has nothing left to train on."""
    graph.execute("MERGE (m:IdentityModel {id: 'current'}) SET m.settings = $s, m.trained_at = $at, "
                  "m.people = $n", s=json.dumps(settings), at=at, n=people)


def load_model(graph) -> dict[str, Any] | None:
    rows = graph.query("MATCH (m:IdentityModel {id: 'current'}) RETURN m.settings AS s")
    return json.loads(rows[0]["s"]) if rows and rows[0]["s"] else None


# ---- phase 3: after an import, and readers that follow SAME_AS ---------------------------------

# Merged-away people are found by their old id and keys (readers, the re-landing below); review
# items and merges by id.
SCHEMA = (
    "CREATE INDEX merged_person_id IF NOT EXISTS FOR (m:MergedPerson) ON (m.id)",
    "CREATE INDEX merged_person_email IF NOT EXISTS FOR (m:MergedPerson) ON (m.email)",
    "CREATE INDEX merged_person_linkedin IF NOT EXISTS FOR (m:MergedPerson) ON (m.linkedin_url)",
    # review items are MERGEd and closed by id, merges read by id: without these, each scans them
    # all. Indexes, not constraints: a database holding a duplicate would refuse a constraint and
    # the app's start with it (tests merge, undo and merge a pair again at one fixed time)
    "CREATE INDEX identity_review_id IF NOT EXISTS FOR (r:IdentityReview) ON (r.id)",
    "CREATE INDEX identity_merge_id IF NOT EXISTS FOR (m:IdentityMerge) ON (m.id)",
    # a merge finds the asks naming the absorbed person by these (graph.identity._repoint)
    "CREATE INDEX referral_ask_target IF NOT EXISTS FOR (a:ReferralAsk) ON (a.target_id)",
    "CREATE INDEX merged_ask_referrer IF NOT EXISTS FOR (a:MergedAsk) ON (a.referrer_id)",
    "CREATE INDEX merged_ask_target IF NOT EXISTS FOR (a:MergedAsk) ON (a.target_id)",
    # the blocking keys kept on each person (graph/identity_keys.py): the run after an import
    # reads the people who share one with a touched person, and counts names, by these
    "CREATE INDEX person_id_first IF NOT EXISTS FOR (p:Person) ON (p.id_first)",
    "CREATE INDEX person_id_last IF NOT EXISTS FOR (p:Person) ON (p.id_last)",
    "CREATE INDEX person_idk_lf IF NOT EXISTS FOR (p:Person) ON (p.idk_lf)",
    "CREATE INDEX person_idk_fl IF NOT EXISTS FOR (p:Person) ON (p.idk_fl)",
    "CREATE INDEX person_idk_ld IF NOT EXISTS FOR (p:Person) ON (p.idk_ld)",
)


def follow(graph, person_id: str | None) -> str | None:
    """The id to read for ``person_id``: the Person it was merged into when it is a merged-away
    id, else itself (unknown ids too, so the caller's NotFound names what was asked)."""
    if not person_id or not person_id.startswith("p-"):
        return person_id
    return current_person(graph, person_id) or person_id


def follow_many(graph, ids: list[str]) -> list[str]:
    """``follow`` for a list (an introduction's path), one round trip."""
    rows = graph.query("UNWIND range(0, size($ids) - 1) AS i "
                       "OPTIONAL MATCH (:MergedPerson {id: $ids[i]})-[:SAME_AS*1..5]->(q:Person) "
                       "WITH i, head(collect(q.id)) AS now RETURN i, coalesce(now, $ids[i]) AS id ORDER BY i",
                       ids=list(ids)) if ids else []
    return [r["id"] for r in rows]


_SHADOWS = """
UNWIND $ids AS xid
MATCH (x:Person {id: xid}) WHERE NOT x:Rep AND NOT coalesce(x.is_rep, false)
  AND NOT EXISTS { (:MergedPerson)-[:SAME_AS]->(x) }
CALL (x) {
  MATCH (m:MergedPerson {id: x.id}) RETURN m
  UNION
  MATCH (m:MergedPerson {email: x.email}) RETURN m
  UNION
  MATCH (m:MergedPerson {linkedin_url: x.linkedin_url}) RETURN m
}
MATCH path = (m)-[:SAME_AS*1..5]->(s:Person) WHERE s <> x
WITH x, m, s, [r IN relationships(path) | r.merge_id] AS chain ORDER BY size(chain)
WITH x, head(collect({m: elementId(m), s: elementId(s), sid: s.id, chain: chain})) AS hit
RETURN x.id AS x, elementId(x) AS node, hit.m AS m, hit.s AS s, hit.sid AS sid, hit.chain AS chain
"""

_RELANDED_FIELDS = ("name", "email", "linkedin_url", "title", "seniority", "phone")


_KNOWN_PEERS = """
MATCH (s) WHERE elementId(s) = $s
UNWIND $peers AS peer
MATCH (p) WHERE elementId(p) = peer
MATCH (s)-[t:KNOWS]-(p)
WITH s, peer, p, t ORDER BY elementId(t)
WITH s, peer, p, head(collect({id: elementId(t), out: startNode(t) = s, props: properties(t)})) AS tie
RETURN peer, p.id AS peer_id, tie.id AS id, tie.out AS out, tie.props AS props
"""


def relanding_candidates(graph, ids: list[str]) -> list[dict[str, Any]]:
    """Of ``ids``, the people who are a merged-away person again: an import row keyed only by
    the absorbed half's id, email or LinkedIn URL finds no :Person by it and creates one.
    Each with the merged-away node (``m``), the person it lives on as now (``s``, ``sid``) and
    the merges between them (``chain``)."""
    return graph.query(_SHADOWS, ids=ids) if ids else []


def reland(tx: ManagedTransaction, hit: dict[str, Any]) -> dict[str, Any]:
    """Put a person an import re-created from a merged-away key (``relanding_candidates``)
    where the import would have put them had the key still been found: what the row said
    goes on the merged-away record (its values win, as in an import), its relationships on
    the person it was merged into, marked with the merges between them (``merged_from``), so
    undoing those merges takes them back to the merged-away half, and the re-created node
    goes. A relationship to either half lands on the merged-away one (between the halves,
    where a merge leaves it); do-not-contact is kept on both."""
    found = tx.run("MATCH (x) WHERE elementId(x) = $x RETURN properties(x) AS props", x=hit["node"]).single()
    if found is None:
        return {"moved": 0}
    props = found["props"]
    rels = tx.run(RELATIONSHIPS_OF.format(extra=""), node=hit["node"], skip=[]).data()
    halves = {hit["m"], hit["s"]}
    between = [r for r in rels if r["peer"] in halves and r["peer"] != hit["m"]]
    onward = [r for r in rels if r["peer"] not in halves]
    chain = list(hit["chain"])
    # a tie to someone the person already knows: as at a merge, the row's tie stays on the
    # merged-away half and the person's tie takes its evidence (undone with the last merge)
    clashes = {r["peer"]: r for r in tx.run(_KNOWN_PEERS, s=hit["s"], peers=[
        r["peer"] for r in onward if r["type"] == "KNOWS"]).data()} if onward else {}
    parked = [r for r in onward if r["type"] == "KNOWS" and r["peer"] in clashes]
    onward = [r for r in onward if r not in parked]
    if between or parked:
        move_relationships(tx, [*between, *parked], hit["m"], merged_from=lambda c: c)
    if onward:
        move_relationships(tx, onward, hit["s"], merged_from=lambda c: [*c, *chain])
    _recombine(tx, [{"tie": clashes[r["peer"]]["id"], "m": chain[-1],
                     "sid": f"{chain[-1]}>{clashes[r['peer']]['peer_id']}>{props.get('id')}",
                     "props": _tie_changes(clashes[r["peer"]], [r], date.today())} for r in parked])
    values = {f: props[f] for f in _RELANDED_FIELDS if props.get(f) is not None}
    tx.run("MATCH (m) WHERE elementId(m) = $m SET m += $values", m=hit["m"], values=values)
    if props.get("do_not_contact"):
        tx.run("MATCH (n) WHERE elementId(n) IN [$m, $s] SET n.do_not_contact = true", m=hit["m"], s=hit["s"])
    tx.run("MATCH (x) WHERE elementId(x) = $x DETACH DELETE x", x=hit["node"])
    return {"moved": len(between) + len(parked) + len(onward)}
