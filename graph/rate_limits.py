"""Rate-limit buckets shared by every app process and machine, kept in Neo4j.

    (:RateBucket {key, tokens, at})   // `at`: the server's clock, epoch milliseconds

A token bucket per key: ``per_minute`` tokens, refilled continuously at ``per_minute / 60``
a second, a burst of at most one minute's budget. ``take`` is one write query that takes
one token, or a few at once (a worker spends them on its next requests: api/auth.py): it
takes the bucket's write lock first (``SET b._lock``) and only then reads its
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
WITH b, now, tokens, CASE WHEN tokens < $count THEN toInteger(floor(tokens)) ELSE $count END AS granted
SET b.tokens = tokens - granted,
    b.at = CASE WHEN now > b.at THEN now ELSE b.at END
REMOVE b._lock
WITH tokens, granted
OPTIONAL MATCH (k:ApiKey {id: $key_id})
RETURN granted, tokens, k.revoked_at IS NOT NULL AS revoked
"""


@dataclass(frozen=True, slots=True)
class Taken:
    granted: int  # tokens taken (0..count): 0 means refused
    wait_seconds: float  # when refused: the seconds until a token is there
    revoked: bool  # the key's stored record says it is revoked (checked in the same query)


def take(graph: Graph, key: str, per_minute: int, *, key_id: str | None = None, count: int = 1) -> Taken:
    """Take up to `count` tokens (as many as there are) from `key`'s bucket (``per_minute``
    > 0). `key_id`: an API key whose revocation to check in the same round trip."""
    per_ms = per_minute / 60_000.0
    row = graph.execute(TAKE, key=key, capacity=float(per_minute), per_ms=per_ms, key_id=key_id,
                        count=max(1, int(count)))[0]
    granted = int(row["granted"])
    wait = 0.0 if granted else (1.0 - row["tokens"]) / (per_ms * 1000.0)
    return Taken(granted, wait, bool(row["revoked"]))


def forget(graph: Graph, key: str) -> None:
    """Drop a bucket (it starts full again)."""
    graph.execute("MATCH (b:RateBucket {key: $key}) DELETE b", key=key)
