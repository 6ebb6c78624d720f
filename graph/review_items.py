"""The identity review queue's storage, shared by its two kinds (issue #16): pairs of people
(``:IdentityReview``, graph/identity.py) and pairs of companies (``:CompanyReview``,
graph/company_identity.py). Each kind keeps its own label, so the people's reads never see
a company item, and its own read of the two sides as they are now (``now``: the Cypher
that follows ``MATCH (r:<label> ...)`` and returns ``review`` and the sides); what is the
same for both (paging in queue order, deciding, closing an item a run merged) lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from referrals.errors import Conflict, NotFound

KINDS = {"IdentityReview": "identity review", "CompanyReview": "company review"}  # label -> noun
# what an item holds, for the kinds' ``now`` reads (``RETURN <FIELDS> AS review, ...``)
FIELDS = ("r {.id, .a, .b, .probability, .weight, .evidence, .reason, .status, .created_at, "
          ".decided_by, .decided_at, .merge_id}")


def _label(label: str) -> str:
    if label not in KINDS:  # interpolated into Cypher: only our own labels
        raise ValueError(f"not a review label: {label!r}")
    return label


def list_items(graph, label: str, now: str, *, status: str, limit: int,
               after: tuple[float, str] | None) -> list[dict[str, Any]]:
    """Rows of ``now`` for the items of a status, the likeliest first (weight descending, then
    id); ``after`` is the (weight, id) of the last item of the previous page."""
    return graph.query(
        f"MATCH (r:{_label(label)} {{status: $status}}) "
        "WHERE $after_w IS NULL OR r.weight < $after_w OR (r.weight = $after_w AND r.id > $after_id) "
        "WITH r ORDER BY r.weight DESC, r.id LIMIT $limit " + now
        + " ORDER BY review.weight DESC, review.id",  # the sides' reads in `now` do not keep the order
        status=status, limit=limit, after_w=after[0] if after else None, after_id=after[1] if after else None)


def get_item(graph, label: str, now: str, review: str) -> dict[str, Any]:
    """The row of ``now`` for one item (NotFound naming it)."""
    rows = graph.query(f"MATCH (r:{_label(label)} {{id: $id}}) " + now, id=review)
    if not rows:
        raise NotFound(f"No {KINDS[label]} {review}.")
    return rows[0]


def decide_item(tx: ManagedTransaction, label: str, review: str, status: str, *, decided_by: str,
                at: datetime, merge_id: str | None = None) -> None:
    """Close an open item as merged or rejected (Conflict when already decided)."""
    found = tx.run(f"MATCH (r:{_label(label)} {{id: $id}}) RETURN r.status AS status", id=review).single()
    if found is None:
        raise NotFound(f"No {KINDS[label]} {review}.")
    if found["status"] != "open":
        raise Conflict(f"Review {review} was already decided ({found['status']}).", code="already_decided",
                       decided=found["status"])
    tx.run(f"MATCH (r:{label} {{id: $id}}) SET r.status = $status, r.decided_by = $by, "
           "r.decided_at = $at, r.merge_id = $m", id=review, status=status, by=decided_by, at=at, m=merge_id)


def close_open_item(tx: ManagedTransaction, label: str, review: str, *, merge_id: str, decided_by: str,
                    at: datetime) -> None:
    """A pair merged without asking closes the item an earlier run queued for it."""
    tx.run(f"MATCH (r:{_label(label)} {{id: $id, status: 'open'}}) SET r.status = 'merged', "
           "r.merge_id = $m, r.decided_by = $by, r.decided_at = $at",
           id=review, m=merge_id, by=decided_by, at=at)


class ReviewQueue:
    """One kind's items: ``label``, its ``now`` read, ``shape`` (a row of ``now`` -> the item)
    and ``review_id`` ((a, b) -> the item's id); the modules bind these as their functions."""

    def __init__(self, label: str, now: str, shape: Callable[[dict[str, Any]], dict[str, Any]],
                 review_id: Callable[[str, str], str], apart_scores: bool = False) -> None:
        """``apart_scores``: an item made by keep_apart gets a weight and probability of 0
        (the companies' list orders by weight and reads them as numbers)."""
        self.label, self.now, self.shape, self.review_id = _label(label), now, shape, review_id
        self.apart_scores = apart_scores

    def save(self, tx: ManagedTransaction, items: list[dict[str, Any]], *, at: datetime) -> int:
        """Store items ({a, b, probability, weight, evidence (JSON), reason}); an open item of
        the same pair is updated, a decided one left as it is. Returns how many are new."""
        if not items:
            return 0
        rows = [{**item, "id": self.review_id(item["a"], item["b"])} for item in items]
        record = tx.run(f"""
            UNWIND $rows AS row
            MERGE (r:{self.label} {{id: row.id}})
            ON CREATE SET r.a = row.a, r.b = row.b, r.status = 'open', r.created_at = $at, r.new = true
            WITH r, row, coalesce(r.new, false) AS created
            REMOVE r.new
            WITH r, row, created WHERE r.status = 'open'
            SET r.probability = row.probability, r.weight = row.weight, r.evidence = row.evidence,
                r.reason = row.reason, r.updated_at = $at
            RETURN count(CASE WHEN created THEN 1 END) AS created""", rows=rows, at=at).single()
        return record["created"] if record else 0

    def keep_apart(self, tx: ManagedTransaction, a: str, b: str, *, decided_by: str, at: datetime,
                   why: str) -> str:
        """Record that a and b are two (an undone merge): later runs leave them apart."""
        rid = self.review_id(a, b)
        scores = ", r.weight = 0.0, r.probability = 0.0" if self.apart_scores else ""
        tx.run(f"MERGE (r:{self.label} {{id: $id}}) "
               f"ON CREATE SET r.a = $a, r.b = $b, r.created_at = $at{scores} "
               "SET r.status = 'rejected', r.decided_by = $by, r.decided_at = $at, r.reason = $why",
               id=rid, a=a, b=b, at=at, by=decided_by, why=why)
        return rid

    def list(self, graph, *, status: str = "open", limit: int = 50,
             after: tuple[float, str] | None = None) -> list[dict[str, Any]]:
        """Items of a status, the likeliest first (weight descending, then id); ``after`` is
        the (weight, id) of the last item of the previous page."""
        rows = list_items(graph, self.label, self.now, status=status, limit=limit, after=after)
        return [self.shape(r) for r in rows]

    def get(self, graph, review: str) -> dict[str, Any]:
        return self.shape(get_item(graph, self.label, self.now, review))

    def decide(self, tx: ManagedTransaction, review: str, status: str, *, decided_by: str, at: datetime,
               merge_id: str | None = None) -> None:
        """Close an open item as merged or rejected (Conflict when already decided)."""
        decide_item(tx, self.label, review, status, decided_by=decided_by, at=at, merge_id=merge_id)

    def close_open(self, tx: ManagedTransaction, a: str, b: str, *, merge_id: str, decided_by: str,
                   at: datetime) -> None:
        """A pair merged without asking closes the item an earlier run queued for it."""
        close_open_item(tx, self.label, self.review_id(a, b), merge_id=merge_id, decided_by=decided_by,
                        at=at)
