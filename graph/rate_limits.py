"""Rate-limit buckets shared by every app process and machine, kept in Neo4j.

    (:RateBucket {key, tokens, at})   // `at`: the server's clock, epoch milliseconds

A token bucket per key: ``per_minute`` tokens, refilled continuously at ``per_minute / 60``
a second, a burst of at most one minute's budget. ``take`` is one write query per
request: it takes the bucket's write lock first (``SET b._lock``) and only then reads its
tokens, so requests racing on one key through different processes or machines queue on
that lock and never both spend the same token. The refill uses the database server's
clock (``timestamp()``), so app machines whose clocks differ still agree.

The same query answers whether the key is revoked (one indexed lookup of its
:ApiKey), so a key revoked through any process is refused everywhere on its next request,
without another round trip (api/auth.py).

Why Neo4j and not Redis: the service already needs Neo4j up to answer anything, so a
second store would be one more thing to run, secure, back up and watch, for a cost here
of about a millisecond a request (docs/operations.md, "Several app machines").
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.db import Graph

SCHEMA = (
    "CREATE CONSTRAINT rate_bucket_key IF NOT EXISTS FOR (b:RateBucket) REQUIRE b.key IS UNIQUE",
)

TAKE = """
MERGE (b:RateBucket {key: $key})
ON CREATE SET b.tokens = toFloat($capacity), b.at = timestamp()
SET b._lock = true
WITH b, timestamp() AS now
WITH b, now, CASE
       WHEN b.tokens + $per_ms * CASE WHEN now > b.at THEN now - b.at ELSE 0 END > $capacity
       THEN toFloat($capacity)
       ELSE b.tokens + $per_ms * CASE WHEN now > b.at THEN now - b.at ELSE 0 END
     END AS tokens
SET b.tokens = CASE WHEN tokens >= 1.0 THEN tokens - 1.0 ELSE tokens END,
    b.at = CASE WHEN now > b.at THEN now ELSE b.at END
REMOVE b._lock
WITH tokens
OPTIONAL MATCH (k:ApiKey {id: $key_id})
RETURN tokens >= 1.0 AS allowed, tokens, k.revoked_at IS NOT NULL AS revoked
"""


@dataclass(frozen=True, slots=True)
class Taken:
    wait_seconds: float  # 0: a token was taken and the request may go on
    revoked: bool  # the key's stored record says it is revoked (checked in the same query)


def take(graph: Graph, key: str, per_minute: int, *, key_id: str | None = None) -> Taken:
    """Take one token from `key`'s bucket (``per_minute`` > 0). `key_id`: an API key whose
    revocation to check in the same round trip."""
    per_ms = per_minute / 60_000.0
    row = graph.execute(TAKE, key=key, capacity=float(per_minute), per_ms=per_ms, key_id=key_id)[0]
    if row["allowed"]:
        return Taken(0.0, bool(row["revoked"]))
    return Taken((1.0 - row["tokens"]) / (per_ms * 1000.0), bool(row["revoked"]))


def forget(graph: Graph, key: str) -> None:
    """Drop a bucket (it starts full again)."""
    graph.execute("MATCH (b:RateBucket {key: $key}) DELETE b", key=key)
