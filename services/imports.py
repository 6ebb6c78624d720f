"""Imports: a LinkedIn, HubSpot, Salesforce, interaction-log or graph-json export into the
graph, answered with its report (created, updated, unchanged, skipped, errors by line).

A file that cannot be imported as a whole is refused before anything is written, as
Invalid naming the field to fix: `file` (unreadable as that format), `owner_id` (a
LinkedIn export whose owner is not in the graph, or none given) or `format`. Row
problems are not errors of the request: they are in the report. Parsing and writing:
graph/importers/, graph/importing.py (docs/imports.md).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, BinaryIO

from graph.consent import mark_clients_consent_required
from graph.importers import FORMATS, UnreadableFile
from graph.importing import DEFAULT_BATCH_SIZE, ImportRefused, run_import
from referrals.errors import Invalid
from referrals.permissions import Action
from services import audit, authorization, identity, metrics, ownership
from services.context import Context

__all__ = ["DEFAULT_BATCH_SIZE", "FORMATS", "import_file"]


def import_file(ctx: Context, stream: BinaryIO, fmt: str, *, owner_id: str | None = None,
                source: str | None = None, today: date | None = None,
                batch_size: int = DEFAULT_BATCH_SIZE,
                progress: Callable[[int], None] | None = None,
                refresh_later: bool = False, full: bool = False) -> dict[str, Any]:
    """Import `stream` (read once, not closed) as `fmt`; re-importing the same records
    updates them, never duplicates. `today` (default: the context's date) is the import
    date; `progress` is called with the rows done after each chunk of `batch_size`. An
    import that changed something refreshes the entry points big companies and the reach
    big clients keep (graph/entry_points.py): before it returns, or with `refresh_later` in
    a background job whose id the result gives as `refresh_job` (a minute or two at a
    million people: too long for a request), which then recomputes centrality too. Without
    `refresh_later` centrality is marked stale and the next `referrals tick` recomputes it.
    Rows the last import of the same source landed and that did not change are left out
    unread (``unchanged_since_last_import``; graph/import_manifest.py): a value changed in
    the app since stays, unless ``full`` compares every row with the graph."""
    authorization.require(ctx, Action.RUN_IMPORTS)
    # a client's need for consent outlives the import: flag today's clients before a row
    # can change their status, and the clients the import makes after it (graph/consent.py)
    mark_clients_consent_required(ctx.graph)
    started_at = datetime.now(UTC)  # the companies it creates are stamped after this (graph/bulk.py)
    try:
        report = run_import(ctx.graph, stream, fmt, owner_id=owner_id, source=source,
                            today=today or ctx.now().date(), batch_size=batch_size, progress=progress,
                            full=full)
    except UnreadableFile as exc:
        raise Invalid(str(exc), field="file") from exc
    except ImportRefused as exc:
        raise Invalid(str(exc), field="owner_id") from exc
    except ValueError as exc:  # bad arguments: an unknown format, linkedin without its owner
        raise Invalid(str(exc), field="owner_id" if "owner" in str(exc).lower() else "format") from exc
    mark_clients_consent_required(ctx.graph)
    result = report.as_dict()
    metrics.count_import(fmt, result)
    if result.get("created") or result.get("updated"):
        # new ties and jobs move what big companies and clients keep (graph/entry_points.py).
        # Imported here, after the rows, and only what this branch needs: the search and
        # centrality modules (networkx, graphblas, numba: about 80 MB) stay out of a CLI
        # import's memory unless a big company or client needs them
        from graph.entry_points import refresh_entry_points
        from graph.stale import request_centrality

        if refresh_later:
            from graph.jobs import refresh_entry_points_later  # the API's process has it loaded

            result["refresh_job"] = refresh_entry_points_later(ctx.graph)
        else:
            refresh_entry_points(ctx.graph, forget=False)  # as the API's job: graph/jobs.py
            # centrality takes minutes at a million people: not before a CLI import returns;
            # the next `referrals tick` sees the request and recomputes (docs/centrality.md)
            request_centrality(ctx.graph)
    if report.owners:  # a CRM export's account owners become the clients' owners
        result["owners"] = ownership.assign_from_import(ctx, report.owners)
    audit.record(ctx, "import.finished", "import", None,
                 f"{fmt}: {result.get('created', 0)} created, {result.get('updated', 0)} updated, "
                 f"{result.get('error_count', 0)} errors")
    # the people it created or changed, against everyone stored (docs/identity.md)
    result["identity"] = identity.after_import(ctx, sorted(report.landed_people), fmt, result,
                                               since=started_at)
    return result
