"""What a drafted ask reads besides the people's facts (referrals/drafting.py): the
evidence stored on the ties of a path and the attributes of the target's company that
the ideal client profile tests. Two reads, each for a whole batch of paths.

A tie's properties are those graph/interactions.py and the importers write (counts per
channel, first and last interaction, ``interactions``, ``source``) and graph/consent.py's
confirmation (``confirmed_strength``). A tie a person hid is not read: a draft never
leans on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from graph.db import Graph
from graph.tie_reads import strength_as_of, tie_params
from referrals.drafting import TieFacts
from referrals.tie_strength import TieStrengthParams

TIES = f"""
UNWIND $pairs AS pair
MATCH (a:Person {{id: pair[0]}})-[k:KNOWS]-(b:Person {{id: pair[1]}})
WHERE NOT coalesce(k.hidden, false)
RETURN pair[0] AS a, pair[1] AS b, {strength_as_of("k")} AS strength,
       k.confirmed_strength IS NOT NULL AS confirmed,
       coalesce(k.meetings, 0) AS meetings, coalesce(k.calls, 0) AS calls,
       coalesce(k.messages, 0) AS messages, coalesce(k.emails, 0) AS emails,
       coalesce(k.interactions, 0) AS interactions,
       k.first_interaction AS first_interaction, k.last_interaction AS last_interaction,
       k.source AS source
"""

# the attributes come from the profile's criteria (validated strings), read as values
COMPANIES = """
UNWIND $ids AS id
MATCH (c:Company {id: id})
RETURN c.id AS id, c.name AS name, [a IN $attributes | c[a]] AS values
"""


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _date(value: Any) -> date | None:
    """A stored date (a Date, a DateTime or ISO text from an older import), or None."""
    value = _native(value)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _count(value: Any) -> int:
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0


def ties(graph: Graph, pairs: Iterable[tuple[str, str]], today: date | None = None,
         params: TieStrengthParams | None = None) -> dict[frozenset[str], TieFacts]:
    """The tie between each pair (either direction), keyed by the pair as a set; a pair
    with no tie (or a hidden one) is absent. Its strength is the one the ranking reads on
    `today` (graph/tie_reads.py: decayed, a confirmed one first), so "knows well" follows it."""
    wanted = sorted({tuple(sorted(p)) for p in pairs if p[0] != p[1]})
    if not wanted:
        return {}
    out: dict[frozenset[str], TieFacts] = {}
    for r in graph.query(TIES, pairs=[list(p) for p in wanted],
                         **tie_params(today or date.today(), params)):
        strength = r["strength"]
        out[frozenset((r["a"], r["b"]))] = TieFacts(
            strength=float(strength) if strength is not None else None, confirmed=bool(r["confirmed"]),
            meetings=_count(r["meetings"]), calls=_count(r["calls"]), messages=_count(r["messages"]),
            emails=_count(r["emails"]), interactions=_count(r["interactions"]),
            first_interaction=_date(r["first_interaction"]), last_interaction=_date(r["last_interaction"]),
            source=r["source"])
    return out


def companies(graph: Graph, ids: Iterable[str], attributes: list[str]) -> dict[str, dict[str, Any]]:
    """{company id: {"name", "attrs": {attribute: value}}} for the companies that exist."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    return {r["id"]: {"name": r["name"],
                      "attrs": {a: _native(v) for a, v in zip(attributes, r["values"], strict=True)}}
            for r in graph.query(COMPANIES, ids=wanted, attributes=attributes)}
