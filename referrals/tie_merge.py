"""Two ties recombined into one: when a merge makes two people one (issue #16), the kept
person and the merged-away half may both know the same third person. One tie stays, and
it holds the evidence of both.

The rule, on the stored properties of the two KNOWS ties (graph/interactions.py lists
them; dates as ``datetime.date``):

- interaction counts (``meetings``, ``calls``, ``messages``, ``emails``, ``interactions``)
  are added: the two halves' fingerprints (``interaction_keys``) name different person ids,
  so no logged interaction is on both ties; the fingerprints are united, each kept once;
- who initiated (``sent_by_a`` / ``sent_by_b``, relative to each tie's start node) is
  added after turning the other tie round when the two are stored in opposite directions
  (``flipped``);
- ``first_interaction`` is the earlier, ``last_interaction`` the later;
- ``source`` stays the kept tie's (the other's when it has none) and ``sources`` lists
  every source of both;
- declared values: the later confirmation (``confirmed_*``) stands, a tie hidden on either
  half stays hidden (a person's word, as the strictest do-not-contact);
- strength, as of the merge day, from the evidence of both
  (:func:`referrals.tie_strength.combined_strength`): the strength of the summed
  interactions, the stronger of the two manual strengths (a strength given without a date
  or evidence counts as given that day, as an interaction import takes it) and the stronger
  of the two bare connections (``base_strength``). Each part decays on its own afterwards,
  as on any tie (graph/tie_reads.py).

Pure domain code: standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from referrals.tie_strength import (
    TieEvidence,
    TieStrengthParams,
    combined_strength,
    connection_strength,
    decayed,
    strength,
)

__all__ = ["CONFIRMATION", "COUNTS", "bare_connection", "combined_tie", "connection_part"]

COUNTS = ("meetings", "calls", "messages", "emails")
CONFIRMATION = ("confirmed_strength", "confirmed_by", "confirmed_at", "confirmed_action")


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value


def _int(props: Mapping[str, Any], key: str) -> int:
    return int(props.get(key) or 0)


def _has_counts(props: Mapping[str, Any]) -> bool:
    return any(_int(props, c) for c in COUNTS)


def bare_connection(props: Mapping[str, Any]) -> bool:
    """A connection import's tie (LinkedIn: dated by ``last_interaction``, the day it was made)
    with no interaction ever counted on it."""
    return props.get("source") == "linkedin" and not _int(props, "interactions") and not _has_counts(props)


def connection_part(props: Mapping[str, Any], today: date, p: TieStrengthParams) -> float | None:
    """The bare connection's part of a tie's strength on ``today`` (None: it has none): kept as
    ``base_strength`` once other evidence joined it, else read off the bare tie. Dates as
    ``datetime.date`` (graph/tie_reads.py converts the driver's)."""
    on = _day(props.get("strength_on"))
    if props.get("base_strength") is not None and on is not None:
        return decayed(float(props["base_strength"]), on, today, p.connection_half_life_days, p.floor)
    if on is None and bare_connection(props) and props.get("strength") is not None:
        made = _day(props.get("last_interaction"))
        value = float(props["strength"])
        return value if made is None else min(value, connection_strength(made, today, p))
    return None


_MANUAL = ("manual_strength", "manual_strength_on", "manual_strength_by")


def _manual(props: Mapping[str, Any], today: date,
            p: TieStrengthParams) -> tuple[float, dict[str, Any]] | None:
    """A tie's manual strength on ``today`` and the properties that state it: a given one, or
    a strength stored with no date and no evidence behind it, taken as given ``today``."""
    if props.get("manual_strength") is not None:
        value = decayed(float(props["manual_strength"]), _day(props.get("manual_strength_on")), today,
                        p.half_life_days, p.floor)
        return value, {k: props.get(k) for k in _MANUAL}
    given = props.get("strength")
    undated = props.get("strength_on") is None and not bare_connection(props) and not _has_counts(props)
    if given is not None and undated:
        return float(given), {"manual_strength": float(given), "manual_strength_on": today,
                              "manual_strength_by": props.get("source") or "import"}
    return None


def _sources(props: Mapping[str, Any]) -> set[str]:
    return {s for s in [props.get("source"), *(props.get("sources") or [])] if s}


def combined_tie(kept: Mapping[str, Any], other: Mapping[str, Any], *, flipped: bool, today: date,
                 params: TieStrengthParams | None = None) -> dict[str, Any]:
    """The properties to set on the ``kept`` tie so that it holds the evidence of both (the
    module's rule); ``flipped``: the two ties are stored in opposite directions (as seen
    from the person they now share). A value None removes the property."""
    p = params or TieStrengthParams()
    out: dict[str, Any] = {}
    for key in (*COUNTS, "interactions"):
        if kept.get(key) is not None or other.get(key) is not None:
            out[key] = _int(kept, key) + _int(other, key)
    theirs_a, theirs_b = ("sent_by_b", "sent_by_a") if flipped else ("sent_by_a", "sent_by_b")
    for mine, theirs in (("sent_by_a", theirs_a), ("sent_by_b", theirs_b)):
        if kept.get(mine) is not None or other.get(theirs) is not None:
            out[mine] = _int(kept, mine) + _int(other, theirs)
    firsts = [d for d in (_day(kept.get("first_interaction")), _day(other.get("first_interaction"))) if d]
    lasts = [d for d in (_day(kept.get("last_interaction")), _day(other.get("last_interaction"))) if d]
    if firsts:
        out["first_interaction"] = min(firsts)
    if lasts:
        out["last_interaction"] = max(lasts)
    if other.get("interaction_keys"):
        keys = list(kept.get("interaction_keys") or [])
        for key in other["interaction_keys"]:
            if key not in keys:
                keys.append(key)
        out["interaction_keys"] = keys
    sources = _sources(kept) | _sources(other)
    if sources:
        out["source"] = kept.get("source") or other.get("source")
        out["sources"] = sorted(sources)
    mine_at, theirs_at = kept.get("confirmed_at"), other.get("confirmed_at")
    if other.get("confirmed_action") is not None and (
            kept.get("confirmed_action") is None
            or (theirs_at is not None and (mine_at is None or theirs_at > mine_at))):
        out.update({k: other.get(k) for k in CONFIRMATION})
    if kept.get("hidden") is not None or other.get("hidden") is not None:
        out["hidden"] = bool(kept.get("hidden") or other.get("hidden"))

    evidence = None
    if _has_counts(out):
        evidence = TieEvidence(**{c: out[c] for c in COUNTS if c in out},
                               sent_by_a=out.get("sent_by_a", 0), sent_by_b=out.get("sent_by_b", 0),
                               last_interaction=out.get("last_interaction"),
                               first_interaction=out.get("first_interaction"))
    manuals = [m for m in (_manual(kept, today, p), _manual(other, today, p)) if m is not None]
    manual = max(manuals, key=lambda m: m[0]) if manuals else None
    if manual is not None:
        out.update(manual[1])
    connections = [c for c in (connection_part(kept, today, p), connection_part(other, today, p))
                   if c is not None]
    base = max(connections) if connections else None
    value = combined_strength(strength(evidence, today, p) if evidence else None,
                              manual[0] if manual else None, base)
    out.update(strength=value if value is not None else p.floor, strength_on=today, base_strength=base)
    return out
