"""Plain explanations of a ranked path: strength tier, weakest link, confidence, why a
path lost. Pure domain code (standard library only); formulas in docs/ranking.md §7.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from referrals.scoring import PersonFacts, ScoredPath

__all__ = ["TIERS", "TieEvidence", "confidence", "strength_tier", "weakest_link", "why_lost"]

# score at or above -> tier (the worked example in docs/ranking.md, 0.334, is strong)
TIERS = (("strong", 0.30), ("medium", 0.15), ("weak", 0.0))
INTERACTION_SCALE = 5.0  # interactions at which a tie's evidence reaches 63%
RECORD_PRIOR = 4.0  # past decisions at which a referrer's record is half-known
TIE_SHARE = 0.75  # of the confidence from tie evidence, the rest from the referrer's record


@dataclass(frozen=True, slots=True)
class TieEvidence:
    """What is behind one tie: logged interactions, and whether a person confirmed it."""

    interactions: int = 0
    confirmed: bool = False


def strength_tier(score: float) -> str:
    """'strong' (score >= 0.30), 'medium' (>= 0.15) or 'weak'."""
    for name, floor in TIERS:
        if score >= floor:
            return name
    return "weak"


def weakest_link(nodes: Sequence[str], strengths: Sequence[float]) -> dict[str, object]:
    """The tie with the lowest strength (the first one on a tie): {from, to, strength}."""
    if len(strengths) != len(nodes) - 1 or not strengths:
        raise ValueError("a path of n people has n - 1 ties, at least one")
    i = min(range(len(strengths)), key=lambda k: strengths[k])
    return {"from": nodes[i], "to": nodes[i + 1], "strength": round(float(strengths[i]), 4)}


def tie_evidence_score(evidence: TieEvidence | None) -> float:
    """1 for a confirmed tie, else ``1 - exp(-interactions / 5)`` (a bare connection: 0)."""
    if evidence is None:
        return 0.0
    if evidence.confirmed:
        return 1.0
    return 1.0 - math.exp(-max(0, evidence.interactions) / INTERACTION_SCALE)


def record_evidence(facts: PersonFacts | None) -> float:
    """How much of the referrer's record is known: ``d / (d + 4)`` for d past decisions
    (introductions made plus declined)."""
    if facts is None:
        return 0.0
    decided = max(0, facts.intros_made) + max(0, facts.intros_declined)
    return decided / (decided + RECORD_PRIOR)


def confidence(nodes: Sequence[str], evidence: Sequence[TieEvidence | None],
               facts: Mapping[str, PersonFacts]) -> dict[str, object]:
    """How much evidence is behind the score, 0..1, with a level (high >= 0.66, medium >= 0.33).

    ``0.75 * mean(tie evidence) + 0.25 * record evidence``; a direct path needs no referrer,
    so its record part counts as known (1).
    """
    ties = [tie_evidence_score(e) for e in evidence] or [0.0]
    record = 1.0 if len(nodes) <= 2 else record_evidence(facts.get(nodes[-2]))
    value = TIE_SHARE * (sum(ties) / len(ties)) + (1 - TIE_SHARE) * record
    level = "high" if value >= 0.66 else "medium" if value >= 0.33 else "low"
    return {"value": round(value, 2), "level": level,
            "confirmed_ties": sum(1 for e in evidence if e is not None and e.confirmed),
            "interactions": sum(e.interactions for e in evidence if e is not None)}


# term -> how to say that the losing path was worse on it
_REASONS = {
    "chain_factor": ("weaker ties", "tie_strength", "tie product"),
    "referrer_icp_fit": ("the referrer's company is a poorer ICP fit", "referrer_icp_fit", "ICP fit"),
    "referrer_health": ("a less healthy referrer relationship", "referrer_health", "health"),
    "referrer_track_record": ("a weaker introduction record", "referrer_track_record", "record"),
    "ask_fatigue": ("the referrer was asked often lately", "ask_fatigue", "fatigue"),
    "centrality_factor": ("less central connectors", "connector_centrality", "centrality"),
    "target_factor": ("a lower-value target", "target_value", "target ICP fit"),
    "length": ("a longer path", "hops", "hops"),
}
_DIRECT_QUALITY = "referrer_quality"


def why_lost(loser: ScoredPath, winner: ScoredPath, reason: str, *, winner_rank: int | None = None,
             referrer_name: str | None = None) -> str:
    """One line: why ``loser`` was not shown while ``winner`` was.

    ``reason``: 'diversity' (same referrer as a shown path), 'consent' (through a client
    that has not opted in), or 'rank' (it simply scored lower: the factor on which it
    lost the most against ``winner`` is named).
    """
    at = f"path #{winner_rank}" if winner_rank else "a shown path"
    if reason == "diversity":
        who = f" ({referrer_name})" if referrer_name else ""
        return f"Same referrer{who} as {at}, which scores higher; one path per referrer is shown."
    if reason == "consent":
        return "It runs through a client that has not opted in to being asked, so it is shown counts-only."
    worst, gap = None, 0.0
    for term in _REASONS:
        a, b = loser.terms.get(term), winner.terms.get(term)
        if a is None or b is None or a <= 0 or b <= 0:
            continue
        loss = math.log(b / a)
        if loss > gap + 1e-9:
            worst, gap = term, loss
    qa, qb = loser.terms.get(_DIRECT_QUALITY), winner.terms.get(_DIRECT_QUALITY)
    if qa and qb and math.log(qb / qa) > gap + 1e-9 and (loser.hops == 1 or winner.hops == 1):
        worst = _DIRECT_QUALITY
    head = f"Scores {loser.score:.2f} against {winner.score:.2f} for {at}"
    if worst is None:
        return head + "."
    if worst == _DIRECT_QUALITY:
        return head + ": a weaker referrer than the one on that path."
    phrase, raw, label = _REASONS[worst]
    if raw == "hops":
        return f"{head}: {phrase} ({loser.hops} hops against {winner.hops})."
    return f"{head}: {phrase} ({label} {loser.terms[raw]:.2f} against {winner.terms[raw]:.2f})."
