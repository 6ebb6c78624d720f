"""Referral-asset insights for sales leaders: the pure rules (graph/insights.py computes).

- Size bands for ICP segments: small (< 200 employees), mid (200-999), large
  (1,000-4,999), enterprise (5,000+), unknown.
- A segment is industry / region / size band of ideal-fit prospect companies.
- Coverage of a segment = prospect companies with a warm path (<= 3 hops from a rep) /
  prospect companies in the segment. A segment is *thin* when it has at least
  `min_prospects` (3) ideal-fit prospects and coverage below `max_coverage` (0.34);
  thin segments are listed by how many prospects have no warm path, most first.
- A single point of failure: every warm path (<= 3 hops) from our reps to a prospect
  company's people runs through one person (`single_gateway`).
- A client's role (`client_roles`), from its best-placed person's stored centrality
  percentiles (among everyone) and its reach into ideal-fit prospect companies:
  **broker** when its betweenness percentile is >= 0.8 *and* among the top quarter of all
  clients; **hub** when its PageRank percentile is likewise high among clients, or
  it reaches >= 5 ideal prospect companies; else **connector**. Relative among clients
  because the best of a client's 20-odd people is nearly always in the top fifth of
  everyone: with real centrality an absolute 0.8 made almost every client a broker.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

MIN_PROSPECTS = 3
MAX_COVERAGE = 0.34
ROLE_PERCENTILE = 0.8  # a broker's (hub's) best person is at least this high among everyone
ROLE_SHARE = 0.25  # ... and the client is in this top share of the clients listed
HUB_REACH = 5  # ideal-fit prospect companies within two hops that make a hub


def size_band(employees: int | None) -> str:
    if employees is None:
        return "unknown"
    if employees < 200:
        return "small (<200)"
    if employees < 1000:
        return "mid (200-999)"
    if employees < 5000:
        return "large (1000-4999)"
    return "enterprise (5000+)"


def segment_of(industry: str | None, region: str | None, employees: int | None) -> tuple[str, str, str]:
    return ((industry or "unknown").strip().lower() or "unknown", (region or "unknown").strip() or "unknown",
            size_band(employees))


@dataclass(frozen=True, slots=True)
class Segment:
    industry: str
    region: str
    size_band: str
    prospects: int
    reachable: int
    warm_paths: int = 0

    @property
    def coverage(self) -> float:
        return self.reachable / self.prospects if self.prospects else 0.0

    @property
    def unreached(self) -> int:
        return self.prospects - self.reachable

    def to_dict(self) -> dict[str, object]:
        return {"industry": self.industry, "region": self.region, "size_band": self.size_band,
                "prospects": self.prospects, "reachable": self.reachable, "unreached": self.unreached,
                "coverage": round(self.coverage, 3), "warm_paths": self.warm_paths}


def thin_segments(segments: Iterable[Segment], min_prospects: int = MIN_PROSPECTS,
                  max_coverage: float = MAX_COVERAGE) -> list[Segment]:
    """Segments with many ideal-fit prospects and few warm paths, biggest gap first."""
    thin = [s for s in segments if s.prospects >= min_prospects and s.coverage < max_coverage]
    return sorted(thin, key=lambda s: (-s.unreached, s.coverage, s.industry, s.region, s.size_band))


def single_gateway(first_hops: set[str], last_hops: set[str], direct: bool) -> str | None:
    """The one person every warm path runs through, or None.

    first_hops: people on a path who know a rep directly; last_hops: people on a path who
    know the prospect's people directly; direct: a rep knows one of them directly (no
    gateway needed). Every path of <= 3 hops crosses one person of each set, so a set of
    one is a single point of failure."""
    if direct:
        return None
    if len(first_hops) == 1:
        return next(iter(first_hops))
    if len(last_hops) == 1:
        return next(iter(last_hops))
    return None


def client_roles(clients: list[tuple[float, float, int]], percentile: float = ROLE_PERCENTILE,
                 share: float = ROLE_SHARE, hub_reach: int = HUB_REACH) -> list[str]:
    """For (betweenness_pct, pagerank_pct, ideal prospects reached) of each client, its
    role, in the same order: broker, hub or connector (module doc)."""
    n = len(clients)
    if n == 0:
        return []
    top = max(1, math.ceil(n * share))

    def leaders(values: list[float]) -> set[int]:
        order = sorted(range(n), key=lambda i: -values[i])[:top]
        return {i for i in order if values[i] >= percentile}

    brokers = leaders([c[0] for c in clients])
    hubs = leaders([c[1] for c in clients])
    return ["broker" if i in brokers else "hub" if i in hubs or clients[i][2] >= hub_reach else "connector"
            for i in range(n)]
