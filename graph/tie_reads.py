"""A tie's strength as of a day, read in Cypher: one expression every ranking read uses.

A KNOWS tie stores its strength as of the day it was computed (``strength_on``, see
graph/interactions.py and docs/ranking.md "Tie strength over time"); what ranks is that
strength as of the request's day, decayed towards the floor with the half-life. This
module writes the expression once, the same rule as
:func:`referrals.tie_strength.stored_strength_as_of` (tests/integration/test_tie_decay.py
checks that both agree), so the path search, the relationships list, the opportunities
and the confirmation all see one number.

The stored ``strength`` stays an upper bound of every later day's strength: the
searches' caps (``ORDER BY ... LIMIT``) keep ordering by it, which keeps their plans and
their cost as they were; only the values handed to the scoring are decayed.

Usage: put ``strength_as_of("k")`` where the strength is returned and pass
``**tie_params(today, params)`` with the query.

The writes (interaction imports, a manual strength) recompute a tie's strength from its
evidence with :func:`recomputed`: the stored properties in, the strength properties out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.db import Graph
from referrals import tie_merge
from referrals.tie_merge import COUNTS as _COUNTS
from referrals.tie_merge import bare_connection
from referrals.tie_strength import (
    StoredTie,
    TieEvidence,
    TieStrengthParams,
    combined_strength,
    decayed,
    stored_strength_as_of,
    strength,
)

__all__ = ["recomputed", "strength_as_of", "strength_now", "strengths_on", "tie_params"]


def tie_params(today: date, params: TieStrengthParams | None = None) -> dict[str, Any]:
    """The query parameters :func:`strength_as_of` needs."""
    p = params or TieStrengthParams()
    return {"tie_today": today, "tie_floor": p.floor, "tie_half_life": float(p.half_life_days),
            "tie_connection_half_life": float(p.connection_half_life_days),
            "tie_connection_base": p.connection_base}


def _decay(value: str, days: str, half_life: str) -> str:
    return f"$tie_floor + ({value} - $tie_floor) * 0.5 ^ (toFloat({days}) / {half_life})"


def strength_as_of(k: str, *, confirmed: bool = True) -> str:
    """The Cypher expression of tie ``k``'s strength on ``$tie_today``: confirmed first;
    a dated strength decayed (its bare-connection part, ``base_strength``, with the long
    half-life); a bare LinkedIn connection (no interactions, dated by ``last_interaction``)
    as the connection formula gives it, never above what is stored; else as stored.
    ``confirmed=False``: the inferred strength, ignoring a person's word."""
    days_on = f"duration.inDays({k}.strength_on, $tie_today).days"
    days_conn = f"duration.inDays({k}.last_interaction, $tie_today).days"
    fast = _decay(f"{k}.strength", "d", "$tie_half_life")
    slow = _decay(f"{k}.base_strength", "d", "$tie_connection_half_life")
    conn = _decay("$tie_connection_base", days_conn, "$tie_connection_half_life")
    first = f"WHEN {k}.confirmed_strength IS NOT NULL THEN {k}.confirmed_strength " if confirmed else ""
    return (
        f"CASE {first}"
        f"WHEN {k}.strength_on IS NOT NULL THEN CASE WHEN $tie_today <= {k}.strength_on"
        f" OR {k}.strength <= $tie_floor THEN {k}.strength ELSE"
        f" [d IN [{days_on}] | round(CASE WHEN {k}.base_strength IS NOT NULL AND {slow} > {fast}"
        f" THEN {slow} ELSE {fast} END, 4)][0] END"
        f" WHEN {k}.source = 'linkedin' AND coalesce({k}.interactions, 0) = 0"
        f" AND {k}.last_interaction IS NOT NULL AND $tie_today > {k}.last_interaction"
        f" THEN [c IN [round({conn}, 4)] | CASE WHEN c < {k}.strength THEN c ELSE {k}.strength END][0]"
        f" ELSE {k}.strength END"
    )


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def stored_tie(props: dict[str, Any]) -> StoredTie:
    """The strength-related properties of a stored tie (``properties(k)``)."""
    on = _native(props.get("strength_on"))
    return StoredTie(
        strength=float(props.get("strength") or 0.0), strength_on=on,
        base_strength=props.get("base_strength"),
        bare_connection_on=_native(props.get("last_interaction"))
        if on is None and bare_connection(props) else None,
        confirmed_strength=props.get("confirmed_strength"))


def strength_now(props: dict[str, Any], today: date, params: TieStrengthParams | None = None) -> float:
    """The strength a stored tie ranks with on ``today`` (as :func:`strength_as_of`)."""
    return stored_strength_as_of(stored_tie(props), today, params)


def interaction_evidence(props: dict[str, Any]) -> TieEvidence | None:
    """The interaction counts on a tie (graph/interactions.py), None when it has none."""
    counts = {c: int(props.get(c) or 0) for c in _COUNTS}
    if not any(counts.values()):
        return None
    return TieEvidence(**counts, sent_by_a=int(props.get("sent_by_a") or 0),
                       sent_by_b=int(props.get("sent_by_b") or 0),
                       last_interaction=_native(props.get("last_interaction")),
                       first_interaction=_native(props.get("first_interaction")))


def connection_part(props: dict[str, Any], today: date, params: TieStrengthParams) -> float | None:
    """A bare connection's share of the tie's strength on ``today`` (the domain's rule,
    referrals/tie_merge.py, on the stored dates made native)."""
    return tie_merge.connection_part({k: _native(v) for k, v in props.items()}, today, params)


def manual_part(props: dict[str, Any], today: date, params: TieStrengthParams) -> float | None:
    """A strength someone gave (``manual_strength`` on ``manual_strength_on``), decayed."""
    if props.get("manual_strength") is None:
        return None
    return decayed(float(props["manual_strength"]), _native(props.get("manual_strength_on")), today,
                   params.half_life_days, params.floor)


def recomputed(before: dict[str, Any], after: dict[str, Any], today: date,
               params: TieStrengthParams | None = None) -> dict[str, Any]:
    """The strength properties of a tie whose evidence changed: ``before`` is what was
    stored, ``after`` the same with the new evidence (counts, a manual strength).

    strength = the largest of the interaction-based strength on ``today``, the manual
    strength decayed to ``today`` and the bare connection's; ``strength_on`` = today;
    ``base_strength`` = the connection's part (None: none). A strength given with no date
    and no evidence behind it (a graph-json file's, or one stored before strengths were
    dated) is taken as a manual strength given today, so it is neither lost nor kept
    forever.
    """
    p = params or TieStrengthParams()
    out: dict[str, Any] = {}
    given = before.get("strength")
    if (given is not None and before.get("strength_on") is None and not bare_connection(before)
            and interaction_evidence(before) is None and after.get("manual_strength") is None):
        out.update(manual_strength=float(given), manual_strength_on=today,
                   manual_strength_by=before.get("source") or "import")
    evidence = interaction_evidence(after)
    base = connection_part(before, today, p)
    value = combined_strength(strength(evidence, today, p) if evidence else None,
                              manual_part({**after, **out}, today, p), base)
    out.update(strength=value if value is not None else p.floor, strength_on=today,
               base_strength=base)
    return out


_STRENGTHS = """
UNWIND $pairs AS pr
MATCH (:Person {id: pr[0]})-[k:KNOWS]-(:Person {id: pr[1]})
RETURN pr[0] AS a, pr[1] AS b, max(STRENGTH) AS s
""".replace("STRENGTH", strength_as_of("k"))


def strengths_on(graph: Graph, pairs: set[tuple[str, str]], today: date,
                 params: TieStrengthParams | None = None) -> dict[tuple[str, str], float]:
    """The strengths of these ties on ``today``, both orders of each pair as keys (one
    read), for a search that found its candidates with the stored strengths."""
    if not pairs:
        return {}
    rows = graph.query(_STRENGTHS, pairs=[list(pr) for pr in pairs], **tie_params(today, params))
    out: dict[tuple[str, str], float] = {}
    for r in rows:
        out[(r["a"], r["b"])] = out[(r["b"], r["a"])] = r["s"]
    return out
