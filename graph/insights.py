"""Referral-asset insights over a bounded subgraph (rules: referrals/insights.py).

The subgraph: our reps, expanded 3 levels over KNOWS, keeping each person's strongest
`fanout` ties (20) and at most `max_nodes` people (50,000), do-not-contact people left
out; plus every current employee of a client (their own ties, same cap). networkx then:

- multi-source BFS from the reps (cutoff 3): which ideal-fit prospect companies have a
  warm path, and how many of their people are reachable (warm paths);
- BFS back from each reachable prospect company's people (cutoff 2): the people on its
  paths; one first hop or one last hop for all of them is a single point of failure;
- per client: reach into ideal-fit prospect companies within 2 hops of its people, and
  its people's stored centrality (`pagerank_pct`, `betweenness_pct` from the centrality
  batch; graph/centrality.py), which marks hubs and brokers relative to the other clients
  (referrals/insights.py `client_roles`).

Territory coverage counts every ideal-fit prospect company in the database (one Cypher
aggregation), so thin segments are measured against the whole ICP market, not the
sample. Cost: documented in docs/workflow.md ("Insights").
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

import networkx as nx

from graph.db import Graph
from referrals.insights import Segment, client_roles, segment_of, single_gateway, thin_segments

DEFAULT_FANOUT = 20
DEFAULT_MAX_NODES = 50_000
HOPS = 3

NEIGHBOURS = """
UNWIND $ids AS id
MATCH (p:Person {id: id})-[k:KNOWS]-(q:Person)
WHERE NOT coalesce(q.do_not_contact, false)
WITH p, q, k ORDER BY k.strength DESC
WITH p, collect([q.id, coalesce(k.strength, 0.0)])[..$fanout] AS nb
RETURN p.id AS id, nb
"""
PEOPLE = """
UNWIND $ids AS id
MATCH (p:Person {id: id})
OPTIONAL MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE coalesce(w.current, true)
WITH p, head(collect(c)) AS c
RETURN p.id AS id, p.name AS name, p:Rep AS rep, p.pagerank_pct AS pagerank, p.betweenness_pct AS betweenness,
       c.id AS company_id, c.name AS company, c.status AS status, c.icp_score AS icp
"""
MARKET = """
MATCH (c:Company {status: 'prospect'}) WHERE c.icp_score >= $threshold
RETURN c.id AS id, c.name AS name, c.industry AS industry, c.region AS region, c.employees AS employees
"""


def _subgraph(graph: Graph, fanout: int, max_nodes: int) -> tuple[nx.Graph, list[str]]:
    reps = [r["id"] for r in graph.query("MATCH (r:Rep) WHERE NOT coalesce(r.do_not_contact, false) "
                                         "RETURN r.id AS id ORDER BY r.id")]
    clients = [r["id"] for r in graph.query(
        "MATCH (e:Person)-[w:WORKS_AT]->(:Company {status: 'client'}) WHERE coalesce(w.current, true) "
        "AND NOT coalesce(e.do_not_contact, false) RETURN DISTINCT e.id AS id")]
    g = nx.Graph()
    g.add_nodes_from(reps)
    seen = set(reps)
    frontier = list(reps)
    for level in range(HOPS):
        nxt: list[str] = []
        expand = frontier if level else frontier + [c for c in clients if c not in seen]
        seen.update(expand)
        for start in range(0, len(expand), 2000):
            for row in graph.query(NEIGHBOURS, ids=expand[start:start + 2000], fanout=fanout):
                for qid, strength in row["nb"]:
                    g.add_edge(row["id"], qid, strength=strength)
                    if qid not in seen and len(seen) < max_nodes:
                        seen.add(qid)
                        nxt.append(qid)
        frontier = nxt
    return g, reps


def referral_network(graph: Graph, *, ideal_threshold: float = 0.7, fanout: int = DEFAULT_FANOUT,
                     max_nodes: int = DEFAULT_MAX_NODES, limit: int = 20) -> dict[str, Any]:
    started = time.perf_counter()
    g, reps = _subgraph(graph, fanout, max_nodes)
    loaded = time.perf_counter()
    ids = list(g.nodes)
    info: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 5000):
        for row in graph.query(PEOPLE, ids=ids[start:start + 5000]):
            info[row["id"]] = dict(row)
    rep_set = {n for n in reps if n in g}
    dist = nx.multi_source_dijkstra_path_length(g, rep_set, cutoff=HOPS, weight=None) if rep_set else {}

    def ideal_prospect(pid: str) -> bool:
        p = info.get(pid) or {}
        return p.get("status") == "prospect" and (p.get("icp") or 0) >= ideal_threshold

    prospect_people: dict[str, list[str]] = defaultdict(list)
    for pid in g.nodes:
        if ideal_prospect(pid):
            prospect_people[info[pid]["company_id"]].append(pid)

    reachable: dict[str, int] = {}
    spofs = []
    gateway_count: dict[str, int] = defaultdict(int)
    for company_id, people in prospect_people.items():
        targets = [p for p in people if p in dist]
        if not targets:
            continue
        reachable[company_id] = len(targets)
        back = nx.multi_source_dijkstra_path_length(g, set(targets), cutoff=HOPS - 1, weight=None)
        on_path = {v for v, d in back.items() if v in dist and dist[v] + d <= HOPS
                   and v not in rep_set and v not in targets}
        direct = any(dist[t] <= 1 for t in targets)
        first = {v for v in on_path if dist[v] == 1}
        last = {v for v in on_path if back[v] == 1}
        gate = single_gateway(first, last, direct)
        if gate is not None:
            gateway_count[gate] += 1
            p = info.get(gate, {})
            c = info[targets[0]]
            spofs.append({"company": {"id": company_id, "name": c.get("company"), "icp_score": c.get("icp")},
                          "gateway": {"id": gate, "name": p.get("name"), "company": p.get("company"),
                                      "company_status": p.get("status")},
                          "reachable_people": len(targets)})
    spofs.sort(key=lambda s: (-(s["company"]["icp_score"] or 0), s["company"]["id"]))

    clients: dict[str, dict[str, Any]] = {}
    for pid, p in info.items():
        if p.get("status") != "client" or pid not in g:
            continue
        c = clients.setdefault(p["company_id"], {"id": p["company_id"], "name": p["company"], "people": 0,
                                                 "reach": set(), "pagerank": 0.0, "betweenness": 0.0,
                                                 "top_connector": None, "gateway_for": 0})
        c["people"] += 1
        near = nx.single_source_shortest_path_length(g, pid, cutoff=2)
        c["reach"].update(info[v]["company_id"] for v in near if v in info and ideal_prospect(v))
        c["pagerank"] = max(c["pagerank"], p.get("pagerank") or 0.0)
        if (p.get("betweenness") or 0.0) >= c["betweenness"]:
            c["betweenness"] = p.get("betweenness") or 0.0
            c["top_connector"] = {"id": pid, "name": p.get("name")}
        c["gateway_for"] += gateway_count.get(pid, 0)
    hubs = []
    for c in clients.values():
        reach = len(c.pop("reach"))
        hubs.append({**c, "icp_prospects_reached": reach, "pagerank_pct": c.pop("pagerank"),
                     "betweenness_pct": c.pop("betweenness")})
    roles = client_roles([(h["betweenness_pct"], h["pagerank_pct"], h["icp_prospects_reached"])
                          for h in hubs])
    for hub, role in zip(hubs, roles, strict=True):
        hub["role"] = role
    hubs.sort(key=lambda c: (-c["icp_prospects_reached"], -c["betweenness_pct"], c["id"]))

    counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in graph.query(MARKET, threshold=ideal_threshold):
        key = segment_of(row["industry"], row["region"], row["employees"])
        counts[key][0] += 1
        if row["id"] in reachable:
            counts[key][1] += 1
            counts[key][2] += reachable[row["id"]]
    segments = [Segment(*k, prospects=v[0], reachable=v[1], warm_paths=v[2]) for k, v in counts.items()]
    thin = thin_segments(segments)
    done = time.perf_counter()
    return {
        "hubs": hubs[:limit],
        "single_points_of_failure": spofs[:limit],
        "single_points_of_failure_count": len(spofs),
        "thin_territory": [s.to_dict() for s in thin[:limit]],
        "segments": [s.to_dict() for s in sorted(segments, key=lambda s: (-s.prospects, s.industry))[:50]],
        "totals": {"ideal_prospect_companies": sum(v[0] for v in counts.values()),
                   "with_warm_path": len(reachable), "reps": len(rep_set)},
        "subgraph": {"people": g.number_of_nodes(), "ties": g.number_of_edges(), "fanout": fanout,
                     "max_nodes": max_nodes, "hops": HOPS,
                     "load_ms": round((loaded - started) * 1000, 1),
                     "compute_ms": round((done - loaded) * 1000, 1)},
        "ideal_threshold": ideal_threshold,
    }
