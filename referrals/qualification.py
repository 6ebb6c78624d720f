"""Qualification: what makes an opportunity a lead, and why an inquiry never is.

Doctrine (see docs/process.md):
- Seed 004: "Inquiries are not qualified leads, and neither are those coveted lists of
  names." A white-paper download, a demo view, a name on a list are `Inquiry` records,
  kept apart; `is_lead` is False for every one of them.
- Seed 004: a lead matches the Ideal Client profile and has budget and a need.
- Seed 002: "serious buyers don't find it difficult to answer the tough questions about
  money, authority and timing": authority and timing complete the picture, measured
  by `completeness`.

So: qualified = ICP fit >= threshold AND budget known AND need known.
Complete  = qualified AND authority known AND timing known.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

DEFAULT_THRESHOLD = 0.7

BANT_FIELDS: tuple[str, ...] = ("budget", "authority", "need", "timing")
REQUIRED_FIELDS: tuple[str, ...] = ("budget", "need")

_QUESTIONS = {
    "budget": "Is money set aside for this, and roughly how much?",
    "authority": "Who besides you decides, and how does approval work?",
    "need": "What problem does this solve, and what happens if nothing changes?",
    "timing": "When does this need to be in place, and what drives that date?",
}


@dataclass(frozen=True, slots=True)
class BantItem:
    """One of budget / authority / need / timing: known or not, with an optional note
    (e.g. "approved 120k for FY25")."""

    known: bool = False
    note: str | None = None

    @classmethod
    def parse(cls, raw: object) -> BantItem:
        """Accepts a BantItem, a bool, None, or {"known": bool, "note": str}."""
        if isinstance(raw, BantItem):
            return raw
        if raw is None:
            return cls()
        if isinstance(raw, bool):
            return cls(known=raw)
        if isinstance(raw, Mapping):
            known = raw.get("known", False)
            note = raw.get("note")
            if not isinstance(known, bool):
                raise ValueError("known: must be true or false")
            if note is not None and not isinstance(note, str):
                raise ValueError("note: must be a string")
            return cls(known=known, note=note)
        raise ValueError(f"expected true/false or {{known, note}}, got {raw!r}")


UNKNOWN = BantItem()


@dataclass(frozen=True, slots=True)
class Bant:
    budget: BantItem = UNKNOWN
    authority: BantItem = UNKNOWN
    need: BantItem = UNKNOWN
    timing: BantItem = UNKNOWN

    @property
    def completeness(self) -> float:
        """Share of the four that are known: 0, 0.25, 0.5, 0.75 or 1."""
        return sum(getattr(self, f).known for f in BANT_FIELDS) / len(BANT_FIELDS)

    def unknown(self) -> list[str]:
        return [f for f in BANT_FIELDS if not getattr(self, f).known]

    def to_dict(self) -> dict[str, dict[str, object]]:
        return {f: {"known": getattr(self, f).known, "note": getattr(self, f).note} for f in BANT_FIELDS}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Bant:
        """Parse {"budget": true | {"known": true, "note": "..."}, ...}; missing fields
        are unknown. Raises ValueError naming the field."""
        unknown = set(data) - set(BANT_FIELDS)
        if unknown:
            raise ValueError(f"{sorted(unknown)[0]}: unknown field; expected {BANT_FIELDS}")
        items = {}
        for f in BANT_FIELDS:
            try:
                items[f] = BantItem.parse(data.get(f))
            except ValueError as exc:
                raise ValueError(f"{f}: {exc}") from None
        return cls(**items)


@dataclass(frozen=True, slots=True)
class QualificationResult:
    """qualified: ICP fit and known budget and need. complete: also authority and timing.
    missing: plain-words reasons it is not (yet) qualified / complete, most important
    first; questions: the direct questions that would fill the gaps."""

    qualified: bool
    complete: bool
    completeness: float
    icp_fit: bool
    missing: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.qualified


def is_qualified(
    icp_score: float | None, bant: Bant, threshold: float = DEFAULT_THRESHOLD
) -> QualificationResult:
    """Qualified = ICP fit >= threshold AND budget known AND need known."""
    icp_fit = icp_score is not None and icp_score >= threshold
    missing: list[str] = []
    questions: list[str] = []
    if icp_score is None:
        missing.append("ICP fit unknown: score the company against the profile first")
    elif not icp_fit:
        missing.append(f"ICP fit {icp_score:.2f} is below the {threshold:.2f} threshold")
    required_missing = [f for f in REQUIRED_FIELDS if not getattr(bant, f).known]
    for f in required_missing:
        missing.append(f"{f} unknown (required)")
        questions.append(_QUESTIONS[f])
    qualified = icp_fit and not required_missing
    optional_missing = [f for f in BANT_FIELDS if f not in REQUIRED_FIELDS and not getattr(bant, f).known]
    for f in optional_missing:
        missing.append(f"{f} unknown (completes qualification)")
        questions.append(_QUESTIONS[f])
    return QualificationResult(
        qualified=qualified,
        complete=qualified and not optional_missing,
        completeness=bant.completeness,
        icp_fit=icp_fit,
        missing=missing,
        questions=questions,
    )


# ------------------------------------------------------------------ inquiries


class InquiryKind(StrEnum):
    DOWNLOAD = "download"  # white paper, e-book
    DEMO_VIEW = "demo_view"  # watched a recorded demo
    LIST = "list"  # a name on a bought or event list
    WEBINAR = "webinar"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Inquiry:
    """A sign of attention, not a lead (seed 004). Kept apart from opportunities."""

    id: str
    kind: InquiryKind
    at: datetime
    person_id: str | None = None
    company_id: str | None = None
    source: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.kind, InquiryKind):
            try:
                object.__setattr__(self, "kind", InquiryKind(str(self.kind).strip().lower()))
            except ValueError:
                kinds = ", ".join(k.value for k in InquiryKind)
                raise ValueError(f"kind: must be one of {kinds}, got {self.kind!r}") from None


@dataclass(frozen=True, slots=True)
class Opportunity:
    """A possible deal with a named company, usually from an introduction."""

    id: str
    company_id: str
    icp_score: float | None = None
    bant: Bant = field(default_factory=Bant)
    person_id: str | None = None
    introduction_id: str | None = None

    def qualification(self, threshold: float = DEFAULT_THRESHOLD) -> QualificationResult:
        return is_qualified(self.icp_score, self.bant, threshold)


def is_lead(x: object, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """True only for an Opportunity that is qualified. Never for an Inquiry, whatever
    it carries (seed 004), and never for anything else."""
    if isinstance(x, Inquiry):
        return False
    if isinstance(x, Opportunity):
        return x.qualification(threshold).qualified
    return False
