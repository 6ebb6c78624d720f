"""The interleaving experiment's impressions in Neo4j (use cases: services/interleaving.py;
the pure team draft, credit and report: referrals/interleaving.py).

    (:Interleaving {id, user_id, target_id, source_id, max_hops, at, day, views,
                    team_a, team_b,          the two rankings shown, path keys best first
                    shown, teams,            the interleaved list and, per position, 'a' or 'b'
                    clicks,                  positions (0-based) the user requested an intro from
                    introductions, clicked_at})

A path key is its people's ids joined by commas ("p-rep,p-ref,p-target"). The id is
derived from what was shown (services/interleaving.py), so showing the same list again
is the same impression (MERGE): a reload is not a second query. Erasure rewrites the ids
held here like every other stored path (graph/erasure.py SWEPT_LABELS).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.db import Graph
from graph.workflow_common import utc

INTERLEAVING_SCHEMA = (
    "CREATE CONSTRAINT interleaving_id IF NOT EXISTS FOR (x:Interleaving) REQUIRE x.id IS UNIQUE",
    "CREATE INDEX interleaving_at IF NOT EXISTS FOR (x:Interleaving) ON (x.at)",
)

RECORD = """
MERGE (x:Interleaving {id: $id})
ON CREATE SET x.user_id = $user, x.target_id = $target, x.source_id = $source, x.max_hops = $max_hops,
              x.at = $at, x.day = date($at), x.team_a = $team_a, x.team_b = $team_b,
              x.shown = $shown, x.teams = $teams, x.clicks = [], x.introductions = [], x.views = 1
ON MATCH SET x.views = x.views + 1
RETURN x.views = 1 AS created
"""

# only the user it was shown to, and only the path that was at that position
CLICK = """
MATCH (x:Interleaving {id: $id})
WHERE x.user_id = $user AND 0 <= $position < size(x.shown) AND x.shown[$position] = $path
SET x.clicks = CASE WHEN $position IN x.clicks THEN x.clicks ELSE x.clicks + [$position] END,
    x.introductions = CASE WHEN $intro IS NULL OR $intro IN x.introductions THEN x.introductions
                           ELSE x.introductions + [$intro] END,
    x.clicked_at = coalesce(x.clicked_at, $at)
RETURN x.teams[$position] AS team
"""

OUTCOMES = """
MATCH (x:Interleaving)
WHERE $since IS NULL OR x.at >= $since
RETURN count(x) AS impressions, coalesce(sum(size(x.clicks)), 0) AS clicks,
       collect(CASE WHEN size(x.clicks) > 0 THEN {teams: x.teams, clicks: x.clicks} END) AS clicked
"""


def path_key(nodes: list[str] | tuple[str, ...]) -> str:
    return ",".join(nodes)


def record_impression(graph: Graph, *, impression_id: str, user_id: str, target_id: str,
                      source_id: str | None, max_hops: int, team_a: list[str], team_b: list[str],
                      shown: list[str], teams: list[str], at: datetime) -> bool:
    """Store one impression (path keys); False when the same list was recorded before."""
    rows = graph.execute(RECORD, id=impression_id, user=user_id, target=target_id, source=source_id,
                         max_hops=max_hops, team_a=team_a, team_b=team_b, shown=shown, teams=teams,
                         at=utc(at))
    return bool(rows and rows[0]["created"])


def record_click(graph: Graph, *, impression_id: str, user_id: str, position: int, path: str,
                 introduction_id: str | None, at: datetime) -> str | None:
    """Mark `position` (0-based) of the user's impression requested; the team that placed
    it ('a' or 'b'), or None when there is no such impression of theirs or `path` is not
    the one shown there (a stale or forged form counts for nothing)."""
    rows = graph.execute(CLICK, id=impression_id, user=user_id, position=position, path=path,
                         intro=introduction_id, at=utc(at))
    return rows[0]["team"] if rows else None


def outcomes(graph: Graph, since: datetime | None = None) -> dict[str, Any]:
    """{impressions, clicks, clicked: [{teams, clicks}]} for the impressions since `since`."""
    row = graph.query(OUTCOMES, since=None if since is None else utc(since))[0]
    return {"impressions": row["impressions"], "clicks": row["clicks"],
            "clicked": [{"teams": list(c["teams"]), "clicks": list(c["clicks"])} for c in row["clicked"]]}
