"""The Ideal Client Profile in Neo4j, and re-scoring every company when it changes.

    (:IcpProfile {id: 'default', body: <JSON of referrals.icp.profile_to_dict>,
                  version, updated_at, updated_by})

There is one profile. Until someone stores one, `current_profile` answers
`referrals.icp.DEFAULT_PROFILE` (version 0). Every company keeps its score against the
current profile in `icp_score`, `icp_met`, `icp_missed` (what graph.bulk.company_row
writes too), so ranking reads the score without recomputing it; `save_profile` rescans
all companies in keyset-paginated batches and writes back only the ones that changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from graph.db import Graph
from referrals.icp import (
    DEFAULT_PROFILE,
    IdealClientProfile,
    profile_from_dict,
    profile_to_dict,
    score_company,
)

PROFILE_ID = "default"
RESCORE_BATCH = 5000
# Properties that are results of scoring (or bookkeeping), never criteria inputs.
_DERIVED = frozenset({"icp_score", "icp_met", "icp_missed", "icp_version", "created_at", "updated_at"})

GET_PROFILE = """
MATCH (p:IcpProfile {id: $id})
RETURN p.body AS body, p.version AS version, p.updated_at AS updated_at, p.updated_by AS updated_by
"""

SAVE_PROFILE = """
MERGE (p:IcpProfile {id: $id})
ON CREATE SET p.version = 0
WITH p
WHERE $expected IS NULL OR p.version = $expected
SET p.body = $body, p.version = p.version + 1, p.updated_at = $now, p.updated_by = $actor
RETURN p.version AS version, p.updated_at AS updated_at
"""

COMPANY_PAGE = """
MATCH (c:Company)
WHERE $after IS NULL OR c.id > $after
WITH c ORDER BY c.id LIMIT $limit
RETURN c.id AS id, properties(c) AS props
"""

WRITE_SCORES = """
UNWIND $rows AS row
MATCH (c:Company {id: row.id})
SET c.icp_score = row.score, c.icp_met = row.met, c.icp_missed = row.missed
"""


class StaleProfileVersion(Exception):
    def __init__(self, expected: int, current: int):
        super().__init__(f"the profile is at version {current}, not {expected}; reload it and try again")
        self.expected = expected
        self.current = current


def stored_profile(graph: Graph) -> dict[str, Any]:
    """{profile, version, updated_at, updated_by}; the default profile is version 0."""
    rows = graph.query(GET_PROFILE, id=PROFILE_ID)
    if not rows or rows[0]["body"] is None:
        return {"profile": DEFAULT_PROFILE, "version": 0, "updated_at": None, "updated_by": None}
    row = rows[0]
    return {
        "profile": profile_from_dict(json.loads(row["body"])),
        "version": row["version"],
        "updated_at": row["updated_at"].to_native() if row["updated_at"] is not None else None,
        "updated_by": row["updated_by"],
    }


def current_profile(graph: Graph) -> IdealClientProfile:
    """The profile companies are scored against now (DEFAULT_PROFILE until one is saved)."""
    return stored_profile(graph)["profile"]


def company_scores(profile: IdealClientProfile, props: dict[str, Any]) -> dict[str, Any]:
    """The icp_* properties for a company node's properties (every stored attribute can be a
    criterion, not only industry / employees / region)."""
    attrs = {k: v for k, v in props.items() if k not in _DERIVED}
    fit = score_company(profile, attrs)
    return {"score": round(fit.score, 4), "met": list(fit.met), "missed": list(fit.missed)}


def rescore_companies(graph: Graph, profile: IdealClientProfile | None = None,
                      batch_size: int = RESCORE_BATCH,
                      progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Recompute every company's ICP fields; returns {"scanned", "changed"}."""
    profile = profile or current_profile(graph)
    after: str | None = None
    scanned = changed = 0
    while True:
        page = graph.query(COMPANY_PAGE, after=after, limit=batch_size)
        if not page:
            break
        rows = []
        for row in page:
            props = row["props"]
            new = company_scores(profile, props)
            old = (props.get("icp_score"), list(props.get("icp_met") or []),
                   list(props.get("icp_missed") or []))
            if old != (new["score"], new["met"], new["missed"]):
                rows.append({"id": row["id"], **new})
        if rows:
            graph.execute(WRITE_SCORES, rows=rows)
        scanned += len(page)
        changed += len(rows)
        after = page[-1]["id"]
        if progress:
            progress(len(page))
        if len(page) < batch_size:
            break
    return {"scanned": scanned, "changed": changed}


def save_profile(graph: Graph, data: dict[str, Any] | IdealClientProfile, *, actor: str = "system",
                 expected_version: int | None = None, now: datetime | None = None,
                 rescore: bool = True) -> dict[str, Any]:
    """Validate (IcpValidationError names the field), store, and rescore every company.

    expected_version: optimistic concurrency; StaleProfileVersion when it does not match.
    Returns stored_profile's shape plus "rescored": {"scanned", "changed"}.
    """
    profile = data if isinstance(data, IdealClientProfile) else profile_from_dict(data)
    body = json.dumps(profile_to_dict(profile), sort_keys=True)
    now = now or datetime.now(UTC)
    rows = graph.execute(SAVE_PROFILE, id=PROFILE_ID, body=body, now=now, actor=actor,
                         expected=expected_version)
    if not rows:
        current = stored_profile(graph)["version"]
        raise StaleProfileVersion(expected_version or 0, current)
    result = {"profile": profile, "version": rows[0]["version"], "updated_at": now, "updated_by": actor}
    result["rescored"] = rescore_companies(graph, profile) if rescore else {"scanned": 0, "changed": 0}
    return result
