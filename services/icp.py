"""The Ideal Client Profile: read it, replace it (every company is rescored).

Rules: referrals/icp.py; storage: graph/icp_store.py.
"""

from __future__ import annotations

from typing import Any

from graph import icp_store
from referrals.errors import Invalid, StaleVersion
from referrals.icp import IcpValidationError
from referrals.permissions import Action
from services import audit, authorization, webhooks
from services.context import Context


def current(ctx: Context) -> dict[str, Any]:
    """The stored profile (the built-in default, version 0, until one is saved)."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return icp_store.stored_profile(ctx.graph)


def replace(ctx: Context, data: dict[str, Any], *, expected_version: int | None = None,
            acting_for: str | None = None) -> dict[str, Any]:
    """Validate and store a new profile, rescore every company, tell subscribers.

    The rescore runs in batches after the save (it touches every company), so
    `icp.updated` is written when it is done, with its counts.
    """
    authorization.require(ctx, Action.MANAGE_ICP)
    try:
        saved = icp_store.save_profile(ctx.graph, data, actor=ctx.actor.acting_for(acting_for),
                                       now=ctx.now(), expected_version=expected_version)
    except IcpValidationError as exc:
        raise Invalid(str(exc), field=exc.field) from None
    except icp_store.StaleProfileVersion as exc:
        raise StaleVersion(str(exc), current_version=exc.current) from None
    ctx.graph.write(lambda tx: webhooks.emit(tx, ctx, "icp.updated", {
        "version": saved["version"], "rescored": saved["rescored"]}))
    audit.record(ctx, "icp.changed", "icp", str(saved["version"]),
                 f"version {saved['version']}, {saved['rescored']} companies rescored")
    return saved
