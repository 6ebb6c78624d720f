"""Asking the centrality batch to run again: an import that changed the graph marks the
stored centrality stale until a run that started reading after it (graph/centrality.py
reads the request; the next `referrals tick` or the import's background job recomputes).
Apart from graph/centrality.py so that an import process need not load the batch's
numeric libraries (graphblas, numba: about 67 MB) to say so."""

from __future__ import annotations

from graph.db import Graph

REQUEST_CENTRALITY = "MERGE (m:Maintenance {id: 'centrality'}) SET m.requested_at = datetime()"


def request_centrality(graph: Graph) -> None:
    """Say the graph changed (an import): the stored centrality is stale until the next run."""
    graph.execute(REQUEST_CENTRALITY)
