"""Neo4j's index samples, which its planner trusts for how many nodes a lookup finds.

Kept apart from graph/schema.py, whose imports reach the search modules (networkx,
graphblas: about 70 MB), so that an import process loads only what it needs.
"""

from __future__ import annotations

import logging

from neo4j.exceptions import Neo4jError, ResultFailedError

from graph.db import Graph

log = logging.getLogger(__name__)


def refresh_index_statistics(graph: Graph) -> None:
    """Resample the indexes a bulk write left outdated (more than 5 % of their entries
    changed since their last sample) before the next query is planned on them. Neo4j
    samples them in the background, seconds later; a plan made meanwhile believes the
    last sample. After the bench emptied and refilled its database, the Person(id) index
    still held its empty sample, so an "id IS NOT NULL" scan of every person looked free
    and the reach refresh after an import planned on it: 20-24 s for one client of 88
    people instead of 0.15 s (reproduced with background sampling off: docs/imports.md,
    "Stale index samples"). Takes 30 ms after a 20,000-person import. Not allowed or not
    there (a locked-down server): the background sampling still catches up."""
    try:
        graph.execute("CALL db.resampleOutdatedIndexes()")
    except (Neo4jError, ResultFailedError) as exc:
        log.warning("could not resample the outdated indexes: %s", exc.__class__.__name__)
