"""Ask-timing signals on a client Company (rules: referrals/ask_timing.py).

    (:Company {renewal_on: date, satisfaction: float 0..1, last_win_on: date,
               ask_timing_updated_at: datetime})

graph/opportunities.py reads them to raise a client's referral opportunities.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from graph.db import Graph
from graph.workflow_common import jsonable, native, utc
from referrals.ask_timing import TimingSignals, ask_timing
from referrals.errors import Invalid, NotFound

FIELDS = ("renewal_on", "satisfaction", "last_win_on")


def signals_from(row: dict[str, Any] | None) -> TimingSignals:
    row = native(row or {})
    try:
        return TimingSignals(renewal_on=row.get("renewal_on"), satisfaction=row.get("satisfaction"),
                             last_win_on=row.get("last_win_on"))
    except ValueError:  # a bad value written around the API: no boost rather than a 500
        return TimingSignals()


def get_timing(graph: Graph, company_id: str, today: date) -> dict[str, Any]:
    rows = graph.query("MATCH (c:Company {id: $id}) RETURN c.id AS id, c.name AS name, c.status AS status, "
                       "c.renewal_on AS renewal_on, c.satisfaction AS satisfaction, "
                       "c.last_win_on AS last_win_on", id=company_id)
    if not rows:
        raise NotFound(f"No company has the id {company_id!r}.")
    row = native(dict(rows[0]))
    verdict = ask_timing(signals_from(row), today)
    return jsonable({**{k: row[k] for k in ("id", "name", "status", *FIELDS)}, "timing": verdict.to_dict()})


def set_timing(graph: Graph, company_id: str, values: dict[str, Any], *, now: datetime) -> dict[str, Any]:
    """Set any of renewal_on / satisfaction / last_win_on (null clears one)."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise Invalid(f"unknown signal {sorted(unknown)[0]!r}", field=sorted(unknown)[0])
    sat = values.get("satisfaction")
    if sat is not None and not 0 <= sat <= 1:
        raise Invalid("must be between 0 and 1", field="satisfaction")
    rows = graph.execute("MATCH (c:Company {id: $id}) SET c += $values, c.ask_timing_updated_at = $now "
                         "RETURN c.id AS id", id=company_id, values=values, now=utc(now))
    if not rows:
        raise NotFound(f"No company has the id {company_id!r}.")
    return get_timing(graph, company_id, utc(now).date())
