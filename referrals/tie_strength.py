"""Tie strength: how well two people know each other, as a number in (0, 1].

The model (documented with worked examples in ``docs/ranking.md``) turns interaction
evidence between two people into one number, the ``strength`` stored on
``(:Person)-[:KNOWS]-(:Person)``. It is the product of three factors in [0, 1],
lifted onto a floor so that a known tie is never worth 0::

    W         = sum(channel_weight[c] * count[c])            weighted volume
    frequency = 1 - exp(-W / saturation)                     diminishing returns
    recency   = 0.5 ** (days_since_last / half_life_days)    exponential decay
    balance   = 2 * min(sent_by_a, sent_by_b) / (sent_by_a + sent_by_b)
    reciprocity = one_way + (1 - one_way) * balance          one-way .. both ways
    strength  = floor + (1 - floor) * frequency * recency * reciprocity

The predictors are the ones Gilbert and Karahalios (2009) found to carry most of the
signal in interaction data: how much (frequency, weighted by channel: a meeting says
more than an email), how recently, and whether both sides initiate.

A bare LinkedIn connection without interaction data is a weak tie: see
:func:`connection_strength`.

**Strength as of a date.** Recency is the only factor that depends on the day, and it is
multiplicative, so a strength computed on day ``d0`` (with every interaction on or before
``d0``) is, on a later day ``d``::

    strength(d) = floor + (strength(d0) - floor) * 0.5 ** ((d - d0) / half_life_days)

(:func:`decayed`). The graph stores each tie's strength with the day it was computed as
of (``strength_on``) and applies this at read time with the request's date, so a tie
last touched three years ago ranks as such. A tie's strength combines its evidence
(:func:`combined_strength`): the larger of the interaction-based strength, a manual
strength someone gave (its own evidence, decaying with the same half-life) and a bare
connection's strength (decaying with its own long half-life). A strength a person
confirmed does not decay.

Pure domain code: standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from referrals.model import Channel, InteractionRecord

__all__ = [
    "StoredTie",
    "TieEvidence",
    "TieStrengthParams",
    "combined_strength",
    "connection_strength",
    "decayed",
    "evidence_from_interactions",
    "strength",
    "stored_strength_as_of",
]


@dataclass(frozen=True, slots=True)
class TieStrengthParams:
    """Tunable constants of the tie-strength model (defaults documented in docs/ranking.md).

    - ``*_weight``: how much one interaction on that channel counts towards the weighted
      volume ``W`` (meeting > call > message > email).
    - ``saturation``: the weighted volume at which frequency reaches 1 - 1/e (63%);
      each further interaction adds less (diminishing returns).
    - ``half_life_days``: after this many days without contact the recency factor halves.
    - ``one_way``: the reciprocity factor of a strictly one-way tie (only one side ever
      initiates); a perfectly balanced tie gets 1.
    - ``unknown_recency`` / ``unknown_reciprocity``: used when the evidence has counts
      but no date / no direction.
    - ``floor``: the least strength a known tie can have; strength is never 0.
    - ``connection_base``: strength of a bare connection made today;
      ``connection_half_life_days``: it decays towards ``floor`` with this half-life.
    """

    meeting_weight: float = 1.0
    call_weight: float = 0.6
    message_weight: float = 0.35
    email_weight: float = 0.2
    saturation: float = 3.0
    half_life_days: float = 180.0
    one_way: float = 0.6
    unknown_recency: float = 0.5
    unknown_reciprocity: float = 0.8
    floor: float = 0.05
    connection_base: float = 0.3
    connection_half_life_days: float = 3650.0

    def __post_init__(self) -> None:
        for name in ("meeting_weight", "call_weight", "message_weight", "email_weight"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0")
        for name in ("saturation", "half_life_days", "connection_half_life_days"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be > 0")
        if not 0 < self.floor < 1:
            raise ValueError("floor must be in (0, 1)")
        for name in ("one_way", "unknown_recency", "unknown_reciprocity"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be in [0, 1]")
        if not self.floor <= self.connection_base <= 1:
            raise ValueError("connection_base must be in [floor, 1]")

    def channel_weight(self, channel: Channel) -> float:
        return {
            Channel.MEETING: self.meeting_weight,
            Channel.CALL: self.call_weight,
            Channel.MESSAGE: self.message_weight,
            Channel.EMAIL: self.email_weight,
        }[Channel(channel)]


@dataclass(frozen=True, slots=True)
class TieEvidence:
    """What is known about the interactions between person ``a`` and person ``b``.

    ``sent_by_a`` / ``sent_by_b`` count who initiated (sent the email, booked the
    meeting); they drive reciprocity. ``first_interaction`` is informational (for
    explanations such as "since 2014"); the strength formula does not use it.
    """

    meetings: int = 0
    calls: int = 0
    messages: int = 0
    emails: int = 0
    sent_by_a: int = 0
    sent_by_b: int = 0
    last_interaction: date | None = None
    first_interaction: date | None = None

    def __post_init__(self) -> None:
        for name in ("meetings", "calls", "messages", "emails", "sent_by_a", "sent_by_b"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0")

    def count(self, channel: Channel) -> int:
        return {
            Channel.MEETING: self.meetings,
            Channel.CALL: self.calls,
            Channel.MESSAGE: self.messages,
            Channel.EMAIL: self.emails,
        }[Channel(channel)]

    @property
    def total(self) -> int:
        """All interactions, any channel (the ``interactions`` property of a KNOWS tie)."""
        return self.meetings + self.calls + self.messages + self.emails


_CHANNEL_FIELD = {
    Channel.MEETING: "meetings",
    Channel.CALL: "calls",
    Channel.MESSAGE: "messages",
    Channel.EMAIL: "emails",
}


def evidence_from_interactions(a: str, b: str, interactions: Iterable[InteractionRecord]) -> TieEvidence:
    """Collect the evidence for the pair (a, b) from a log; other pairs are skipped.

    An interaction counts whichever way it went (a -> b or b -> a); its sender is the
    side that initiated it.
    """
    if a == b:
        raise ValueError("a tie needs two different people")
    counts = dict.fromkeys(_CHANNEL_FIELD.values(), 0)
    sent_by_a = sent_by_b = 0
    first: date | None = None
    last: date | None = None
    for it in interactions:
        if it.sender == a and it.recipient == b:
            sent_by_a += 1
        elif it.sender == b and it.recipient == a:
            sent_by_b += 1
        else:
            continue
        counts[_CHANNEL_FIELD[Channel(it.channel)]] += 1
        if first is None or it.on < first:
            first = it.on
        if last is None or it.on > last:
            last = it.on
    return TieEvidence(
        **counts,
        sent_by_a=sent_by_a,
        sent_by_b=sent_by_b,
        last_interaction=last,
        first_interaction=first,
    )


def _round4(value: float) -> float:
    """Rounded to 4 places, half up from the shortest decimal form, as Cypher's
    ``round(x, 4)`` does (graph/tie_reads.py), so both sides read the same number."""
    return float(Decimal(repr(value)).quantize(_PLACES, rounding=ROUND_HALF_UP))


_PLACES = Decimal("0.0001")


def weighted_volume(evidence: TieEvidence, params: TieStrengthParams) -> float:
    """``W``: interactions weighted by channel."""
    return sum(params.channel_weight(ch) * evidence.count(ch) for ch in Channel)


def frequency_factor(evidence: TieEvidence, params: TieStrengthParams) -> float:
    """1 - exp(-W / saturation): 0 with no contact, towards 1 with more, each adding less."""
    return 1.0 - math.exp(-weighted_volume(evidence, params) / params.saturation)


def recency_factor(evidence: TieEvidence, today: date, params: TieStrengthParams) -> float:
    """0.5 ** (days since last contact / half-life); a date in the future counts as today."""
    if evidence.last_interaction is None:
        return params.unknown_recency
    days = max(0, (today - evidence.last_interaction).days)
    return 0.5 ** (days / params.half_life_days)


def reciprocity_factor(evidence: TieEvidence, params: TieStrengthParams) -> float:
    """``one_way`` for a tie only one side initiates, rising linearly to 1 when balanced."""
    sent = evidence.sent_by_a + evidence.sent_by_b
    if sent == 0:
        return params.unknown_reciprocity
    balance = 2.0 * min(evidence.sent_by_a, evidence.sent_by_b) / sent
    return params.one_way + (1.0 - params.one_way) * balance


def strength(evidence: TieEvidence, today: date, params: TieStrengthParams | None = None) -> float:
    """Tie strength in (0, 1], rounded to 4 places; ``params.floor`` when there is no contact."""
    p = params or TieStrengthParams()
    raw = frequency_factor(evidence, p) * recency_factor(evidence, today, p) * reciprocity_factor(evidence, p)
    value = p.floor + (1.0 - p.floor) * raw
    return round(min(1.0, max(p.floor, value)), 4)


def connection_strength(
    connected_on: date | None, today: date, params: TieStrengthParams | None = None
) -> float:
    """Strength of a bare connection (e.g. LinkedIn) with no interaction data.

    ``connection_base`` (0.3) when made today, halving its distance to the floor every
    ``connection_half_life_days`` (10 years); an unknown date counts as one half-life
    old. Never below ``floor``; rounded to 4 places.
    """
    p = params or TieStrengthParams()
    age = p.connection_half_life_days if connected_on is None else max(0, (today - connected_on).days)
    value = p.floor + (p.connection_base - p.floor) * 0.5 ** (age / p.connection_half_life_days)
    return _round4(min(1.0, max(p.floor, value)))


def decayed(value: float, since: date | None, today: date, half_life_days: float,
            floor: float = 0.05) -> float:
    """A strength ``value`` computed as of ``since``, as of ``today``: its distance to the
    floor halves every ``half_life_days`` (the recency factor, applied after the fact).

    No date (``since`` None) or a day not after it: the value as it is (a stored strength
    is an upper bound of every later day's). Rounded to 4 places, never below ``floor``.
    """
    if half_life_days <= 0:
        raise ValueError("half_life_days must be > 0")
    if since is None or today <= since or value <= floor:
        return value
    days = (today - since).days
    return _round4(floor + (value - floor) * 0.5 ** (days / half_life_days))


@dataclass(frozen=True, slots=True)
class StoredTie:
    """What a KNOWS tie stores about its strength (see graph/interactions.py).

    - ``strength``: the tie's strength as of ``strength_on`` (None: a strength given with
      no date, e.g. by a graph-json file or written before strengths were dated: it is
      used as it is and does not decay);
    - ``base_strength``: the part of it that comes from a bare connection (e.g. LinkedIn),
      as of ``strength_on``; it decays with ``connection_half_life_days``;
    - ``bare_connection_on``: for a bare connection written by an import without a date of
      its own (``source`` linkedin, no interactions): the day it was made, so its strength
      is :func:`connection_strength` on any day;
    - ``confirmed_strength``: a person's word; it wins and does not decay.
    """

    strength: float
    strength_on: date | None = None
    base_strength: float | None = None
    bare_connection_on: date | None = None
    confirmed_strength: float | None = None


def stored_strength_as_of(tie: StoredTie, today: date, params: TieStrengthParams | None = None) -> float:
    """The strength ranking uses on ``today`` (graph/tie_reads.py does the same in Cypher).

    Confirmed first; a dated strength decays (the larger of its fast part, decaying with
    ``half_life_days``, and its bare-connection part, decaying with
    ``connection_half_life_days``); a bare dated-by-connection tie is
    :func:`connection_strength` (never above what is stored); else the stored value.
    """
    p = params or TieStrengthParams()
    if tie.confirmed_strength is not None:
        return tie.confirmed_strength
    if tie.strength_on is not None:
        fast = decayed(tie.strength, tie.strength_on, today, p.half_life_days, p.floor)
        if tie.base_strength is None:
            return fast
        return max(fast, decayed(tie.base_strength, tie.strength_on, today,
                                 p.connection_half_life_days, p.floor))
    if tie.bare_connection_on is not None and today > tie.bare_connection_on:
        return min(tie.strength, connection_strength(tie.bare_connection_on, today, p))
    return tie.strength


def combined_strength(*parts: float | None) -> float | None:
    """A tie's strength from its evidence as of one day: the largest known part (the
    interaction-based strength, a manual strength, a bare connection's); None if none.
    Evidence only ever adds a reason to believe two people know each other, so the
    strongest piece stands; each part decays on its own, so the combination can fall."""
    known = [p for p in parts if p is not None]
    return round(max(known), 4) if known else None
