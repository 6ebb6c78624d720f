"""Interaction evidence on KNOWS ties: counted once, turned into tie strength.

An interaction log (emails, calls, meetings, messages) adds evidence to the tie between
the two people. Per pair the tie stores, besides ``strength``:

- ``meetings``, ``calls``, ``messages``, ``emails``: counts per channel;
- ``sent_by_a`` / ``sent_by_b``: who initiated, where ``a`` is the endpoint with the
  smaller id (the tie's start node: ties are stored from the smaller id to the larger);
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
(The logs carry dates, not times, so this is the finest identity they allow.)

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
    """One interaction seen from its pair: ``a`` < ``b``; ``by_a`` when ``a`` sent it."""

    a: str
    b: str
    key: str
    channel: Channel
    on: date
    by_a: bool


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
                               channel, it.on, it.sender == a)


_READ_TIES = """
UNWIND $pairs AS pr
MATCH (:Person {id: pr.a})-[t:KNOWS]->(:Person {id: pr.b})
RETURN pr.a AS a, pr.b AS b, properties(t) AS props
"""

_WRITE_TIES = """
UNWIND $rows AS row
MATCH (a:Person {id: row.a})
MATCH (b:Person {id: row.b})
MERGE (a)-[t:KNOWS]->(b)
ON CREATE SET t.created_at = $stamp, t.source = 'interactions'
SET t += row.props
RETURN sum(CASE WHEN t.created_at = $stamp THEN 1 ELSE 0 END) AS created, count(t) AS total
"""


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _merge(props: dict[str, Any], new: list[PairInteraction], today: date,
           params: TieStrengthParams) -> dict[str, Any]:
    counts = {name: int(props.get(name) or 0) for name in _CHANNEL_PROP.values()}
    sent_a, sent_b = int(props.get("sent_by_a") or 0), int(props.get("sent_by_b") or 0)
    first = _native(props.get("first_interaction"))
    last = _native(props.get("last_interaction"))
    for it in new:
        counts[_CHANNEL_PROP[it.channel]] += 1
        if it.by_a:
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
    existing = {(r["a"], r["b"]): r["props"] for r in graph.query(_READ_TIES, pairs=pairs)}
    rows = []
    unchanged = 0
    for pair, group in by_pair.items():
        props = existing.get(pair, {})
        known = set(props.get("interaction_keys") or [])
        new, seen = [], set()
        for it in group:
            if it.key not in known and it.key not in seen:
                seen.add(it.key)
                new.append(it)
        if not new:
            unchanged += 1
            continue
        rows.append({"a": pair[0], "b": pair[1], "props": _merge(props, new, today, params)})
    if not rows:
        return WriteCounts(unchanged=unchanged)
    stamp = _stamp()

    def work(tx: ManagedTransaction) -> tuple[int, int]:
        record = tx.run(_WRITE_TIES, rows=rows, stamp=stamp).single()
        return (record["created"], record["total"]) if record else (0, 0)

    created, total = graph.write(work)
    return WriteCounts(created=created, updated=total - created, unchanged=unchanged)
