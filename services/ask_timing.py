"""Ask timing per client: the signals that make now a good moment to ask a client for
referrals (the next renewal, satisfaction, a recent win) and the multiplier they give
its referral opportunities.

Rules: referrals/ask_timing.py; storage: graph/ask_timing.py. Setting the signals sends
no webhook event: they usually come from the partners' own systems (the CRM's renewal
date, the survey tool's score), so an event would only echo their data back.
"""

from __future__ import annotations

from typing import Any

from graph import ask_timing as store
from referrals.permissions import Action
from services import authorization
from services.context import Context

SIGNALS = store.FIELDS  # renewal_on, satisfaction, last_win_on


def get(ctx: Context, company_id: str) -> dict[str, Any]:
    """The company's signals and `timing` (good_moment, multiplier, reasons) today."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return store.get_timing(ctx.graph, company_id, ctx.now().date())


def set_signals(ctx: Context, company_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Set any of the signals (None clears one; those left out are kept); answers as `get`.
    Invalid names the field (an unknown signal, satisfaction outside 0..1)."""
    authorization.require(ctx, Action.ASK_CLIENTS)
    return store.set_timing(ctx.graph, company_id, values, now=ctx.now())
