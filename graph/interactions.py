"""Interaction evidence on KNOWS ties: counted once, turned into tie strength.

An interaction log (emails, calls, meetings, messages) adds evidence to the tie between
the two people. Per pair the tie stores, besides ``strength``:

- ``meetings``, ``calls``, ``messages``, ``emails``: counts per channel;
- ``sent_by_a`` / ``sent_by_b``: who initiated, where ``a`` is the tie's start node (ties
  are stored from the smaller id to the larger, except one an identity merge moved, which
  keeps its direction: the writer reads a pair's tie either way and updates it where it is);
- ``first_interaction`` / ``last_interaction``: dates;
- ``interactions``: all interactions known for the tie (a count given by a graph-json
  tie plus every interaction added from logs);
- ``interaction_keys``: the fingerprints of the interactions already counted.

**Counting each interaction once.** A fingerprint is
``sha1("{sender_id}>{recipient_id}|{channel}|{date}|{n}")[:16]`` where ``n`` numbers the
identical (sender, recipient, channel, date) interactions within one file (0, 1, ...).
Re-importing the same log, or an overlapping export (January-February, then
January-March), yields the same fingerprints for the interactions already counted, so
only new ones add; two identical emails on the same day in one log are still two.
(The logs carry dates, not times, so this is the finest identity they allow.) The ids are
the ends as resolved, so after an identity merge the same row lands on the kept person
with another fingerprint: the writer reads, with each end, the ids merged into it, and a
row whose fingerprint under any of them is on the tie counts as known.

``strength`` is recomputed from the stored evidence plus the new interactions as of the
import's day (``strength_on``), with :func:`graph.tie_reads.recomputed`: the larger of
the interaction-based strength (:func:`referrals.tie_strength.strength`), a manual
strength decayed to that day and a bare connection's. It is not the larger of the old and
the new number: a tie whose last interaction has aged gets a lower strength, a new
meeting raises it again (see docs/imports.md). Between imports the strength decays at
read time (graph/tie_reads.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from neo4j import ManagedTransaction

from graph.bulk import WriteCounts
from graph.db import Graph
from graph.tie_reads import recomputed
from referrals.model import Channel, InteractionRecord
from referrals.tie_strength import TieStrengthParams

__all__ = ["InteractionLedger", "PairInteraction", "interaction_key", "write_interactions"]

_CHANNEL_PROP = {
    Channel.MEETING: "meetings",
    Channel.CALL: "calls",
    Channel.MESSAGE: "messages",
    Channel.EMAIL: "emails",
}


def interaction_key(sender: str, recipient: str, channel: Channel | str, on: date, n: int = 0) -> str:
    """The fingerprint of the ``n``-th identical interaction in a file (see module doc)."""
    text = f"{sender}>{recipient}|{Channel(channel).value}|{on.isoformat()}|{n}"
    return hashlib.sha1(text.encode()).hexdigest()[:16]


@dataclass(slots=True, frozen=True)
class PairInteraction:
    """One interaction seen from its pair: ``a`` < ``b``; ``by_a`` when ``a`` sent it; ``n``
    numbers it among identical ones in its file (the fingerprint's)."""

    a: str
    b: str
    key: str
    channel: Channel
    on: date
    by_a: bool
    n: int = 0

    def keys_as(self, a_ids: list[str], b_ids: list[str]) -> set[str]:
        """Its fingerprint had its ends been any of these ids (a merged person's former ids)."""
        pairs = [(x, y) if self.by_a else (y, x) for x in [self.a, *a_ids] for y in [self.b, *b_ids]]
        return {interaction_key(s, r, self.channel, self.on, self.n) for s, r in pairs}


class InteractionLedger:
    """Numbers identical interactions within one file, so fingerprints are stable."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def pair(self, it: InteractionRecord) -> PairInteraction:
        channel = Channel(it.channel)
        base = f"{it.sender}>{it.recipient}|{channel.value}|{it.on.isoformat()}"
        n = self._seen.get(base, 0)
        self._seen[base] = n + 1
        a, b = (it.sender, it.recipient) if it.sender < it.recipient else (it.recipient, it.sender)
        return PairInteraction(a, b, interaction_key(it.sender, it.recipient, channel, it.on, n),
                               channel, it.on, it.sender == a, n)


# A tie is stored from the smaller id to the larger, except one an identity merge moved
# (graph/identity.py keeps its direction): read either way, the one stored the other way
# round first, as the write updates it; with each end, the ids merged into it.
_READ_TIES = """
UNWIND $pairs AS pr
MATCH (a:Person {id: pr.a}) MATCH (b:Person {id: pr.b})
MATCH (a)-[t:KNOWS]-(b)
WITH pr, a, b, t ORDER BY startNode(t) = a, elementId(t)
WITH pr, a, b, head(collect(t)) AS t
RETURN pr.a AS a, pr.b AS b, properties(t) AS props, startNode(t) = b AS reverse,
       COLLECT { MATCH (m:MergedPerson)-[:SAME_AS*1..5]->(a) RETURN m.id } AS a_ids,
       COLLECT { MATCH (m:MergedPerson)-[:SAME_AS*1..5]->(b) RETURN m.id } AS b_ids
"""

_WRITE_TIES = """
UNWIND $rows AS row
MATCH (a:Person {id: row.a})
MATCH (b:Person {id: row.b})
OPTIONAL MATCH (b)-[r:KNOWS]->(a)
WITH row, a, b, r ORDER BY elementId(r)
WITH row, a, b, head(collect(r)) AS reverse
CALL (row, a, b, reverse) {
  WITH row, reverse WHERE reverse IS NOT NULL
  SET reverse += row.props
  RETURN reverse AS t
UNION
  WITH row, a, b, reverse WHERE reverse IS NULL
  MERGE (a)-[t:KNOWS]->(b)
  ON CREATE SET t.created_at = $stamp, t.source = 'interactions'
  SET t += row.props
  RETURN t
}
RETURN sum(CASE WHEN t.created_at = $stamp THEN 1 ELSE 0 END) AS created, count(t) AS total
"""


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _merge(props: dict[str, Any], new: list[PairInteraction], today: date,
           params: TieStrengthParams, *, reverse: bool = False) -> dict[str, Any]:
    """The tie's properties with ``new`` added; ``reverse``: it is stored from ``b`` to ``a``,
    so its ``sent_by_a`` counts what ``b`` sent."""
    counts = {name: int(props.get(name) or 0) for name in _CHANNEL_PROP.values()}
    sent_a, sent_b = int(props.get("sent_by_a") or 0), int(props.get("sent_by_b") or 0)
    first = _native(props.get("first_interaction"))
    last = _native(props.get("last_interaction"))
    for it in new:
        counts[_CHANNEL_PROP[it.channel]] += 1
        if it.by_a != reverse:
            sent_a += 1
        else:
            sent_b += 1
        first = it.on if first is None or it.on < first else first
        last = it.on if last is None or it.on > last else last
    keys = list(props.get("interaction_keys") or []) + [it.key for it in new]
    evidence = {
        **counts, "sent_by_a": sent_a, "sent_by_b": sent_b,
        "first_interaction": first, "last_interaction": last,
        "interactions": int(props.get("interactions") or 0) + len(new),
        "interaction_keys": keys,
    }
    return {**evidence, **recomputed(props, {**props, **evidence}, today, params)}


_last_stamp = datetime.now(UTC)


def _stamp() -> datetime:
    # created_at doubles as "created by this write", so every write needs its own stamp
    global _last_stamp
    now = datetime.now(UTC)
    _last_stamp = now if now > _last_stamp else _last_stamp + timedelta(microseconds=1)
    return _last_stamp


def write_interactions(graph: Graph, items: Iterable[PairInteraction], *, today: date,
                       params: TieStrengthParams | None = None) -> WriteCounts:
    """Add interactions to their ties (creating ties with source "interactions").

    Both people must exist (the caller resolves them first). Interactions whose
    fingerprint the tie already holds are ignored, so a pair with nothing new is
    ``unchanged``. One read and one write transaction for the whole batch.
    """
    params = params or TieStrengthParams()
    by_pair: dict[tuple[str, str], list[PairInteraction]] = {}
    for it in items:
        by_pair.setdefault((it.a, it.b), []).append(it)
    if not by_pair:
        return WriteCounts()
    pairs = [{"a": a, "b": b} for a, b in by_pair]
    existing = {(r["a"], r["b"]): r for r in graph.query(_READ_TIES, pairs=pairs)}
    rows = []
    unchanged = 0
    for pair, group in by_pair.items():
        stored = existing.get(pair)
        props = stored["props"] if stored else {}
        known = set(props.get("interaction_keys") or [])
        new, seen = [], set()
        for it in group:
            # counted once across a merge: the same row logged before it named the merged-away id
            keys = it.keys_as(stored["a_ids"], stored["b_ids"]) if stored and (
                stored["a_ids"] or stored["b_ids"]) else {it.key}
            if it.key not in seen and not keys & known:
                seen.add(it.key)
                new.append(it)
        if not new:
            unchanged += 1
            continue
        rows.append({"a": pair[0], "b": pair[1], "props": _merge(
            props, new, today, params, reverse=bool(stored and stored["reverse"]))})
    if not rows:
        return WriteCounts(unchanged=unchanged)
    stamp = _stamp()

    def work(tx: ManagedTransaction) -> tuple[int, int]:
        record = tx.run(_WRITE_TIES, rows=rows, stamp=stamp).single()
        return (record["created"], record["total"]) if record else (0, 0)

    created, total = graph.write(work)
    return WriteCounts(created=created, updated=total - created, unchanged=unchanged)
