from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.confidence import Confidence
    from ..models.explanation_terms import ExplanationTerms
    from ..models.weakest_link import WeakestLink


T = TypeVar("T", bound="Explanation")


@_attrs_define
class Explanation:
    """
    Attributes:
        terms (ExplanationTerms | Unset):
        summary (str | Unset):
        tier (str | Unset): strong, medium or weak (from the score)
        weakest_link (WeakestLink | Unset):
        confidence (Confidence | Unset):
    """

    terms: ExplanationTerms | Unset = UNSET
    summary: str | Unset = UNSET
    tier: str | Unset = UNSET
    weakest_link: WeakestLink | Unset = UNSET
    confidence: Confidence | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        terms: dict[str, Any] | Unset = UNSET
        if not isinstance(self.terms, Unset):
            terms = self.terms.to_dict()

        summary = self.summary

        tier = self.tier

        weakest_link: dict[str, Any] | Unset = UNSET
        if not isinstance(self.weakest_link, Unset):
            weakest_link = self.weakest_link.to_dict()

        confidence: dict[str, Any] | Unset = UNSET
        if not isinstance(self.confidence, Unset):
            confidence = self.confidence.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if terms is not UNSET:
            field_dict["terms"] = terms
        if summary is not UNSET:
            field_dict["summary"] = summary
        if tier is not UNSET:
            field_dict["tier"] = tier
        if weakest_link is not UNSET:
            field_dict["weakest_link"] = weakest_link
        if confidence is not UNSET:
            field_dict["confidence"] = confidence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.confidence import Confidence  # noqa: PLC0415
        from ..models.explanation_terms import ExplanationTerms  # noqa: PLC0415
        from ..models.weakest_link import WeakestLink  # noqa: PLC0415

        d = dict(src_dict)
        _terms = d.pop("terms", UNSET)
        terms: ExplanationTerms | Unset
        if isinstance(_terms, Unset):
            terms = UNSET
        else:
            terms = ExplanationTerms.from_dict(_terms)

        summary = d.pop("summary", UNSET)

        tier = d.pop("tier", UNSET)

        _weakest_link = d.pop("weakest_link", UNSET)
        weakest_link: WeakestLink | Unset
        if isinstance(_weakest_link, Unset):
            weakest_link = UNSET
        else:
            weakest_link = WeakestLink.from_dict(_weakest_link)

        _confidence = d.pop("confidence", UNSET)
        confidence: Confidence | Unset
        if isinstance(_confidence, Unset):
            confidence = UNSET
        else:
            confidence = Confidence.from_dict(_confidence)

        explanation = cls(
            terms=terms,
            summary=summary,
            tier=tier,
            weakest_link=weakest_link,
            confidence=confidence,
        )

        return explanation
