"""Referral path scoring: how good is one warm path from our rep to a target person.

A path is ``nodes = [source, connector..., referrer, target]`` with ``strengths[i]``
the tie strength between ``nodes[i]`` and ``nodes[i + 1]``. The referrer
(``nodes[-2]``) is the person who makes the introduction; a 1-hop path
(``[source, target]``) has none: the source knows the target directly.

The score is a product of factors, each in [0, 1] (see ``docs/ranking.md``)::

    score = chain_factor * quality * centrality_factor * target_term * length

    chain_factor      = (product of strengths) ** chain_exponent
    referrer_quality  = mix(icp_weight, referrer_icp_fit)
                        * mix(health_weight, referrer_health)
                        * mix(track_record_weight, referrer_track_record)
                        * ask_fatigue                        (direct_quality on 1 hop)
    centrality_factor = mix(centrality_weight, connector_centrality)
    target_factor     = mix(target_icp_weight, target_value)
    length            = length_penalty ** (hops - 1)

    mix(w, x) = 1 - w + w * x        (x = 1 leaves the score alone, x = 0 costs w)

Every factor and the raw value behind it is returned in ``ScoredPath.terms``.
Missing facts get neutral values (documented on :class:`ScoringWeights`), never an
error. The searcher that enumerates paths lives in ``graph/``; it minimises the sum
of :func:`edge_cost`, which equals ``-log(chain_factor * length) / chain_exponent``
up to a constant, so its shortest paths are this model's best chains.

Pure domain code: standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

__all__ = [
    "PersonFacts",
    "ScoredPath",
    "ScoringWeights",
    "edge_cost",
    "goodwill_factor",
    "referrer_quality",
    "target_factor",
    "referrer_track_record",
    "ask_fatigue",
    "rerank",
    "score_path",
]

COMPANY_STATUSES = ("client", "prospect", "partner", "other")

# The smallest strength edge_cost accepts; anything at or below 0 is treated as this.
MIN_STRENGTH = 1e-6


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """Everything the scorer knows about one person on a path.

    ``company_*`` describe the person's current employer. ``company_status`` is one of
    'client', 'prospect', 'partner', 'other' (or None when unknown); a
    ``referrals.model.CompanyStatus`` works too. ``company_icp`` (fit to the Ideal
    Client Profile) and ``company_health`` (clients only) are in 0..1. ``pagerank`` and
    ``betweenness`` are normalised to 0..1 (a percentile within the graph is fine).
    ``intros_made`` / ``intros_accepted`` / ``intros_won`` are this person's record as a
    referrer; ``asks_90d`` counts referral asks sent to this person (or their company)
    in the last 90 days. ``intros_declined`` counts the asks this person turned down (the
    calibrated model's accept rate). ``company_consent`` is the employer's
    ``connector_consent`` (referrals.consent; None: never asked); ``consent_required``:
    the employer is, or once was, a client, so that consent is needed.
    """

    id: str
    name: str = ""
    title: str | None = None
    company_id: str | None = None
    company_name: str | None = None
    company_status: str | None = None
    company_icp: float | None = None
    company_health: float | None = None
    pagerank: float | None = None
    betweenness: float | None = None
    intros_made: int = 0
    intros_accepted: int = 0
    intros_won: int = 0
    asks_90d: int = 0
    is_rep: bool = False
    years_known: float | None = None
    intros_declined: int = 0
    company_consent: str | None = None
    # the employer is or has been a client: its people wait for its consent (referrals.consent)
    consent_required: bool = False
    # the goodwill ledger (shared by every rep): resting = an ask cooldown is in effect
    resting: bool = False
    resting_until: date | None = None
    goodwill_balance: float | None = None

    @property
    def display_name(self) -> str:
        return self.name or self.id

    @property
    def first_name(self) -> str:
        return self.display_name.split()[0] if self.display_name.split() else self.id

    @property
    def status(self) -> str | None:
        """``company_status`` as a lower-case string ('client', ...) or None."""
        value = getattr(self.company_status, "value", self.company_status)
        if value is None:
            return None
        text = str(value).strip().lower()
        return text if text in COMPANY_STATUSES else "other"


@dataclass(frozen=True)
class ScoringWeights:
    """Constants of the path score. Defaults and their reasons are in docs/ranking.md.

    Chain and length:
    - ``chain_exponent`` (0.5): the product of tie strengths is raised to this power.
      Below 1 because the strongest tie is not always the best introducer (Rajkumar
      et al. 2022): moderate ties should not be crushed.
    - ``length_penalty`` (0.85): multiplier per hop beyond the first; must be in (0, 1).

    Referrer quality (each mixed as ``1 - w + w * x``):
    - ``icp_weight`` (0.5) on the ICP fit of the referrer's company,
    - ``health_weight`` (0.4) on its health (clients only),
    - ``track_record_weight`` (0.5) on the smoothed introduction record,
    - ``fatigue_threshold`` (3.0) asks in 90 days at which fatigue halves the referrer
      quality; ``fatigue_power`` (2.0) how sharply: ``1 / (1 + (asks / t) ** p)``.
    - ``unknown_icp`` (0.5): ICP fit when unknown. ``unknown_health`` (0.5): health of a
      client whose health is unknown; ``partner_health`` (0.5) for a partner;
      ``non_client_health`` (0.3): neutral-low value for a prospect, other or unknown
      company (no relationship to draw on). A teammate (``is_rep``) as referrer gets
      ``teammate_fit`` (0.6) for both.
    - Track record: each accepted intro earns ``accept_credit`` (0.6), each won one
      ``accept_credit + won_credit`` (1.0), others 0, smoothed by a Beta-style prior of
      ``prior_intros`` (2) intros at ``prior_rate`` (0.5): a newcomer sits at 0.5.
    - ``direct_quality`` (0.7): referrer quality of a 1-hop path (no referrer needed).

    Connector and target:
    - ``centrality_weight`` (0.2) on the mean centrality of the people between source
      and target; a person's centrality is ``betweenness_share`` (0.6) betweenness plus
      the rest pagerank (whichever is known), ``unknown_centrality`` (0.5) if neither.
      Kept small: successful chains run through ordinary professional ties, not hubs
      (Dodds, Muhamad and Watts 2003).
    - ``target_icp_weight`` (0.5) on the ICP fit of the target's company.
    - ``ideal_client_threshold`` (0.7): a client at or above this ICP fit is called an
      ideal client in explanations.

    Outcome calibration (referrals.calibration):
    - ``calibration_weight`` (0.0, off): how much the calibrated chance of a meeting enters
      the score, ``hand ** (1 - t) * p ** t`` with ``t`` this weight ramped by the amount of
      history (0 while the model is cold). 0 is exactly the hand-set ranking.
    """

    chain_exponent: float = 0.5
    length_penalty: float = 0.85
    icp_weight: float = 0.5
    health_weight: float = 0.4
    track_record_weight: float = 0.5
    fatigue_threshold: float = 3.0
    fatigue_power: float = 2.0
    unknown_icp: float = 0.5
    unknown_health: float = 0.5
    partner_health: float = 0.5
    non_client_health: float = 0.3
    teammate_fit: float = 0.6
    accept_credit: float = 0.6
    won_credit: float = 0.4
    prior_intros: float = 2.0
    prior_rate: float = 0.5
    direct_quality: float = 0.7
    centrality_weight: float = 0.2
    betweenness_share: float = 0.6
    unknown_centrality: float = 0.5
    target_icp_weight: float = 0.5
    ideal_client_threshold: float = 0.7
    calibration_weight: float = 0.0
    resting_factor: float = 0.4
    goodwill_weight: float = 0.1

    def __post_init__(self) -> None:
        if self.chain_exponent <= 0:
            raise ValueError("chain_exponent must be > 0")
        if not 0 < self.length_penalty < 1:
            raise ValueError("length_penalty must be in (0, 1)")
        if self.fatigue_threshold <= 0 or self.fatigue_power <= 0:
            raise ValueError("fatigue_threshold and fatigue_power must be > 0")
        if self.prior_intros <= 0:
            raise ValueError("prior_intros must be > 0")
        if self.accept_credit + self.won_credit > 1 + 1e-9:
            raise ValueError("accept_credit + won_credit must be <= 1")
        for name in (
            "icp_weight", "health_weight", "track_record_weight", "unknown_icp",
            "unknown_health", "partner_health", "non_client_health", "teammate_fit",
            "accept_credit", "won_credit", "prior_rate", "direct_quality",
            "centrality_weight", "betweenness_share", "unknown_centrality",
            "target_icp_weight", "ideal_client_threshold", "resting_factor", "goodwill_weight",
            "calibration_weight",
        ):  # fmt: skip
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be in [0, 1]")

    @property
    def per_hop_penalty(self) -> float:
        """``-log(length_penalty) / chain_exponent``: the constant part of edge_cost (> 0)."""
        return -math.log(self.length_penalty) / self.chain_exponent


DEFAULT_WEIGHTS = ScoringWeights()


@dataclass(frozen=True)
class ScoredPath:
    """One scored path: the score, every term behind it and a one-sentence reason."""

    score: float
    terms: dict[str, float]
    summary: str
    roles: list[str]
    nodes: tuple[str, ...]
    strengths: tuple[float, ...]

    @property
    def hops(self) -> int:
        return len(self.nodes) - 1

    @property
    def source(self) -> str:
        return self.nodes[0]

    @property
    def target(self) -> str:
        return self.nodes[-1]

    @property
    def referrer(self) -> str | None:
        """The person who makes the introduction; None for a direct (1-hop) path."""
        return self.nodes[-2] if len(self.nodes) > 2 else None

    @property
    def connectors(self) -> tuple[str, ...]:
        """People between the source and the referrer."""
        return self.nodes[1:-2]

    def as_dict(self) -> dict[str, object]:
        return {
            "score": self.score,
            "terms": dict(self.terms),
            "summary": self.summary,
            "roles": list(self.roles),
            "nodes": list(self.nodes),
            "strengths": list(self.strengths),
            "hops": self.hops,
            "referrer": self.referrer,
        }


# --------------------------------------------------------------------------- helpers


def _clamp01(value: float | None, default: float) -> float:
    if value is None:
        return default
    try:
        x = float(value)
    except (TypeError, ValueError):
        return default
    if math.isnan(x):
        return default
    return min(1.0, max(0.0, x))


def _mix(weight: float, value: float) -> float:
    """``1 - w + w * x``: x = 1 keeps the score, x = 0 takes ``w`` off it."""
    return 1.0 - weight + weight * value


def _count(value: int | None) -> int:
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0


def _strength(value: float) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return MIN_STRENGTH
    if math.isnan(x) or x <= MIN_STRENGTH:
        return MIN_STRENGTH
    return min(1.0, x)


def edge_cost(strength: float, weights: ScoringWeights = DEFAULT_WEIGHTS) -> float:
    """Additive cost of one tie for a shortest-paths search: ``-log(s) + per_hop_penalty``.

    Always > 0 (``per_hop_penalty`` > 0, ``-log(s)`` >= 0). Minimising the sum over a
    path maximises ``chain_factor * length``, the path-shape part of the score.
    Strengths outside (0, 1] are clamped.
    """
    return -math.log(_strength(strength)) + weights.per_hop_penalty


def referrer_track_record(facts: PersonFacts, weights: ScoringWeights = DEFAULT_WEIGHTS) -> float:
    """Smoothed introduction record in [0, 1]; ``prior_rate`` for someone with none.

    ``(accept_credit * accepted + won_credit * won + prior_intros * prior_rate)
    / (made + prior_intros)``, where won <= accepted <= made are enforced.
    """
    won = _count(facts.intros_won)
    accepted = max(_count(facts.intros_accepted), won)
    made = max(_count(facts.intros_made), accepted)
    credit = weights.accept_credit * accepted + weights.won_credit * won
    return (credit + weights.prior_intros * weights.prior_rate) / (made + weights.prior_intros)


def ask_fatigue(asks_90d: int | None, weights: ScoringWeights = DEFAULT_WEIGHTS) -> float:
    """``1 / (1 + (asks / threshold) ** power)``: 1 when never asked, 0.5 at the threshold."""
    asks = _count(asks_90d)
    return 1.0 / (1.0 + (asks / weights.fatigue_threshold) ** weights.fatigue_power)


def goodwill_factor(facts: PersonFacts, weights: ScoringWeights = DEFAULT_WEIGHTS) -> float:
    """The goodwill ledger's say: ``resting_factor`` while an ask cooldown is in effect
    (someone on the team asked them recently), times ``mix(goodwill_weight, g)`` where
    ``g = 1 + tanh(min(balance, 0) / 3)``: a person we owe (asked more than we gave
    back) is asked less; an even or positive balance, or none recorded, changes nothing."""
    resting = weights.resting_factor if facts.resting else 1.0
    balance = facts.goodwill_balance or 0.0
    g = 1.0 + math.tanh(min(float(balance), 0.0) / 3.0)
    return resting * _mix(weights.goodwill_weight, g)


def referrer_quality(facts: PersonFacts, weights: ScoringWeights = DEFAULT_WEIGHTS) -> float:
    """The referrer's factor: ICP fit and health of their company, record, fatigue and goodwill.

    Shared by score_path and the path search (which folds it into the cost of the
    referrer's last hop), so both rank by the same definition.
    """
    icp_fit, health = _referrer_company(facts, weights)
    return (
        _mix(weights.icp_weight, icp_fit)
        * _mix(weights.health_weight, health)
        * _mix(weights.track_record_weight, referrer_track_record(facts, weights))
        * ask_fatigue(facts.asks_90d, weights)
        * goodwill_factor(facts, weights)
    )


def target_factor(facts: PersonFacts, weights: ScoringWeights = DEFAULT_WEIGHTS) -> float:
    """``mix(target_icp_weight, ICP fit of the target's company)``."""
    return _mix(weights.target_icp_weight, _clamp01(facts.company_icp, weights.unknown_icp))


def _referrer_company(facts: PersonFacts, weights: ScoringWeights) -> tuple[float, float]:
    """(ICP fit, health) of the referrer's company, with the neutral defaults."""
    if facts.is_rep:
        return weights.teammate_fit, weights.teammate_fit
    icp = _clamp01(facts.company_icp, weights.unknown_icp)
    status = facts.status
    if status == "client":
        health = _clamp01(facts.company_health, weights.unknown_health)
    elif status == "partner":
        health = _clamp01(facts.company_health, weights.partner_health)
    else:
        health = weights.non_client_health
    return icp, health


def _centrality(facts: PersonFacts, weights: ScoringWeights) -> float:
    b = _clamp01(facts.betweenness, -1.0)
    p = _clamp01(facts.pagerank, -1.0)
    if b >= 0 and p >= 0:
        return weights.betweenness_share * b + (1 - weights.betweenness_share) * p
    if b >= 0:
        return b
    if p >= 0:
        return p
    return weights.unknown_centrality


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _describe(facts: PersonFacts, weights: ScoringWeights) -> str:
    """'Dana Lee (CFO at Acme, an ideal client, ICP fit 0.90, health 0.90)'."""
    parts: list[str] = []
    if facts.is_rep:
        parts.append(f"{facts.title}, our team" if facts.title else "our team")
    elif facts.title and facts.company_name:
        parts.append(f"{facts.title} at {facts.company_name}")
    elif facts.company_name:
        parts.append(f"at {facts.company_name}")
    elif facts.title:
        parts.append(facts.title)
    status = None if facts.is_rep else facts.status
    icp = None if facts.company_icp is None else _clamp01(facts.company_icp, 0.0)
    if status == "client":
        ideal = icp is not None and icp >= weights.ideal_client_threshold
        parts.append("an ideal client" if ideal else "a client")
    elif status in ("prospect", "partner"):
        parts.append(f"a {status}")
    if icp is not None and not facts.is_rep:
        parts.append(f"ICP fit {_fmt(icp)}")
    if status == "client" and facts.company_health is not None:
        parts.append(f"health {_fmt(_clamp01(facts.company_health, 0.0))}")
    inner = ", ".join(parts)
    return f"{facts.display_name} ({inner})" if inner else facts.display_name


def _record_phrase(facts: PersonFacts) -> str:
    won = _count(facts.intros_won)
    accepted = max(_count(facts.intros_accepted), won)
    made = max(_count(facts.intros_made), accepted)
    if made == 0:
        return f"{facts.first_name} has no introductions on record"
    return f"{facts.first_name} made {_plural(made, 'introduction')}, {accepted} accepted, {won} won"


# --------------------------------------------------------------------------- scoring


def score_path(
    nodes: Sequence[str],
    strengths: Sequence[float],
    facts: Mapping[str, PersonFacts],
    weights: ScoringWeights = DEFAULT_WEIGHTS,
    *,
    asked: int = -2,
) -> ScoredPath:
    """Score one path ``nodes[0] (source) -> ... -> nodes[-1] (target)``.

    ``strengths[i]`` is the tie between ``nodes[i]`` and ``nodes[i + 1]``. People missing
    from ``facts`` are scored with neutral defaults. ``asked`` is the position of the
    person we ask, whose company fit and health, record, fatigue and goodwill make the
    referrer quality: the one who knows the target (``nodes[-2]``), unless we ask someone
    else to ask them (a client's referral opportunity through one of the client person's
    contacts: ``1``, the client person). Raises ValueError only for a malformed path (fewer
    than 2 nodes, a repeated node, or the wrong number of strengths).
    """
    nodes = tuple(str(n) for n in nodes)
    ties = tuple(_strength(s) for s in strengths)
    if len(nodes) < 2:
        raise ValueError("a path needs a source and a target")
    if len(ties) != len(nodes) - 1:
        raise ValueError(f"{len(nodes)} nodes need {len(nodes) - 1} strengths, got {len(ties)}")
    if len(set(nodes)) != len(nodes):
        raise ValueError("a path must not visit a person twice")

    def fact(node: str) -> PersonFacts:
        found = facts.get(node)
        return found if isinstance(found, PersonFacts) else PersonFacts(id=node, name=node)

    hops = len(nodes) - 1
    target = fact(nodes[-1])

    tie_strength = math.prod(ties)
    chain_factor = tie_strength**weights.chain_exponent

    if hops == 1:
        icp_fit = health = track = fatigue = goodwill = 1.0
        quality = weights.direct_quality
    else:
        referrer = fact(nodes[asked])
        icp_fit, health = _referrer_company(referrer, weights)
        track = referrer_track_record(referrer, weights)
        fatigue = ask_fatigue(referrer.asks_90d, weights)
        goodwill = goodwill_factor(referrer, weights)
        quality = referrer_quality(referrer, weights)

    between = [fact(n) for n in nodes[1:-1]]
    if between:
        centrality = sum(_centrality(f, weights) for f in between) / len(between)
    else:
        centrality = weights.unknown_centrality
    centrality_factor = _mix(weights.centrality_weight, centrality)

    target_value = _clamp01(target.company_icp, weights.unknown_icp)
    target_term = target_factor(target, weights)

    length = weights.length_penalty ** (hops - 1)

    score = chain_factor * quality * centrality_factor * target_term * length
    score = min(1.0, max(0.0, score))

    terms = {
        "tie_strength": tie_strength,
        "chain_factor": chain_factor,
        "referrer_quality": quality,
        "referrer_icp_fit": icp_fit,
        "referrer_health": health,
        "referrer_track_record": track,
        "ask_fatigue": fatigue,
        "goodwill": goodwill,
        "connector_centrality": centrality,
        "centrality_factor": centrality_factor,
        "target_value": target_value,
        "target_factor": target_term,
        "length": length,
        "hops": float(hops),
    }
    terms = {k: round(v, 4) for k, v in terms.items()}

    roles = ["source"] + ["connector"] * max(0, hops - 2)
    roles += ["target"] if hops == 1 else ["referrer", "target"]

    summary = _summary(nodes, ties, fact, weights, asked)
    return ScoredPath(
        score=round(score, 4),
        terms=terms,
        summary=summary,
        roles=roles,
        nodes=nodes,
        strengths=ties,
    )


def _summary(nodes, ties, fact, weights: ScoringWeights, asked: int = -2) -> str:
    hops = len(nodes) - 1
    source, target = fact(nodes[0]), fact(nodes[-1])
    if hops == 1:
        parts = [
            f"{source.display_name} knows {_describe(target, weights)} directly (tie {_fmt(ties[0])})",
            "1 hop, no introduction needed",
        ]
        return "; ".join(parts) + "."
    referrer = fact(nodes[-2])
    parts = [f"{_describe(referrer, weights)} knows {target.display_name} (tie {_fmt(ties[-1])})"]
    if hops == 2:
        parts.append(f"2 hops, {source.display_name} knows {referrer.first_name} (tie {_fmt(ties[0])})")
    else:
        via = ", ".join(fact(n).display_name for n in nodes[1:-2])
        parts.append(f"{hops} hops via {via}, weakest tie {_fmt(min(ties))}")
    # the record, fatigue, rest and goodwill of the person we ask
    referrer = fact(nodes[asked])
    if nodes[asked] != nodes[-2]:
        parts.append(f"we ask {_describe(referrer, weights)}")
    parts.append(_record_phrase(referrer))
    asks = _count(referrer.asks_90d)
    if asks:
        parts.append(f"asked {_plural(asks, 'time')} in the last 90 days")
    if referrer.resting:
        until = f" until {referrer.resting_until.isoformat()}" if referrer.resting_until else ""
        parts.append(f"{referrer.first_name} is resting from asks{until}")
    if referrer.goodwill_balance:
        parts.append(f"goodwill balance {referrer.goodwill_balance:+.1f}")
    return "; ".join(parts) + "."


# --------------------------------------------------------------------------- diversity


class _PathLike(Protocol):
    @property
    def score(self) -> float: ...

    @property
    def nodes(self) -> Sequence[str]: ...


P = TypeVar("P", bound=_PathLike)


def _referrer_key(path: _PathLike) -> Hashable:
    nodes = tuple(path.nodes)
    if len(nodes) > 2:
        return ("referrer", nodes[-2])
    return ("direct", nodes[0])  # a direct path: one per source


def rerank(
    paths: Iterable[P],
    *,
    per_referrer: int = 1,
    limit: int | None = None,
) -> list[P]:
    """Best paths first, at most ``per_referrer`` per referrer, at most ``limit`` in all.

    Order: higher score, then fewer hops, then node ids (so equal inputs give equal
    output). A direct (1-hop) path has no referrer and is grouped by its source. The
    same node sequence is kept once. Works on anything with ``score`` and ``nodes``.
    """
    if per_referrer < 1:
        raise ValueError("per_referrer must be >= 1")
    ordered = sorted(paths, key=lambda p: (-p.score, len(p.nodes), tuple(p.nodes)))
    kept: list[P] = []
    seen_nodes: set[tuple[str, ...]] = set()
    per_key: dict[Hashable, int] = {}
    for path in ordered:
        if limit is not None and len(kept) >= limit:
            break
        key_nodes = tuple(path.nodes)
        if key_nodes in seen_nodes:
            continue
        key = _referrer_key(path)
        if per_key.get(key, 0) >= per_referrer:
            continue
        seen_nodes.add(key_nodes)
        per_key[key] = per_key.get(key, 0) + 1
        kept.append(path)
    return kept
