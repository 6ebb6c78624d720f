"""The team's ask templates in Neo4j (issue #17): one node per kind.

    (:AskTemplate {kind: 'subject' | 'ask' | 'blurb', text, updated_at, updated_by})

There is one team per deployment, so one template per kind. A kind with no node uses
the default in code (referrals/drafting.py ``DEFAULT_TEMPLATES``); saving a kind back
to the default deletes its node, so a later change of the default reaches it. The texts
are checked before they get here (referrals.drafting.check_template).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.db import Graph

SCHEMA = ("CREATE CONSTRAINT ask_template_kind IF NOT EXISTS FOR (t:AskTemplate) REQUIRE t.kind IS UNIQUE",)

READ = """
MATCH (t:AskTemplate)
RETURN t.kind AS kind, t.text AS text, t.updated_at AS updated_at, t.updated_by AS updated_by
"""

SAVE = """
UNWIND $rows AS row
MERGE (t:AskTemplate {kind: row.kind})
SET t.text = row.text, t.updated_at = $now, t.updated_by = $actor
"""

RESET = "MATCH (t:AskTemplate) WHERE t.kind IN $kinds DELETE t"


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def stored(graph: Graph) -> dict[str, dict[str, Any]]:
    """{kind: {text, updated_at, updated_by}} for the kinds the team changed."""
    return {r["kind"]: {"text": r["text"], "updated_at": _native(r["updated_at"]),
                        "updated_by": r["updated_by"]}
            for r in graph.query(READ)}


def save(graph: Graph, texts: Mapping[str, str | None], *, actor: str, now: datetime) -> None:
    """Store the given kinds in one transaction; None puts a kind back to the default."""
    rows = [{"kind": k, "text": v} for k, v in texts.items() if v is not None]
    reset = [k for k, v in texts.items() if v is None]

    def work(tx: ManagedTransaction) -> None:
        if rows:
            tx.run(SAVE, rows=rows, now=now, actor=actor).consume()
        if reset:
            tx.run(RESET, kinds=reset).consume()

    graph.write(work)
