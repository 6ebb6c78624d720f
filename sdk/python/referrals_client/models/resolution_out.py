from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.company_resolution_out import CompanyResolutionOut


T = TypeVar("T", bound="ResolutionOut")


@_attrs_define
class ResolutionOut:
    """
    Attributes:
        people (int | Unset): people read (our reps are left out)
        pairs (int | Unset): pairs scored at or above the review threshold
        merged (int | Unset): merges made without asking (p >= 0.99)
        queued (int | Unset): pairs in the review queue after this run
        new_reviews (int | Unset):
        held_for_review (int | Unset): sure pairs queued for a do-not-contact conflict
        skipped_decided (int | Unset): pairs a person decided before
        trained (bool | Unset): true: trained now; false: the kept model
        companies (CompanyResolutionOut | Unset):
        seconds (float | Unset):
    """

    people: int | Unset = UNSET
    pairs: int | Unset = UNSET
    merged: int | Unset = UNSET
    queued: int | Unset = UNSET
    new_reviews: int | Unset = UNSET
    held_for_review: int | Unset = UNSET
    skipped_decided: int | Unset = UNSET
    trained: bool | Unset = UNSET
    companies: CompanyResolutionOut | Unset = UNSET
    seconds: float | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        people = self.people

        pairs = self.pairs

        merged = self.merged

        queued = self.queued

        new_reviews = self.new_reviews

        held_for_review = self.held_for_review

        skipped_decided = self.skipped_decided

        trained = self.trained

        companies: dict[str, Any] | Unset = UNSET
        if not isinstance(self.companies, Unset):
            companies = self.companies.to_dict()

        seconds = self.seconds

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if people is not UNSET:
            field_dict["people"] = people
        if pairs is not UNSET:
            field_dict["pairs"] = pairs
        if merged is not UNSET:
            field_dict["merged"] = merged
        if queued is not UNSET:
            field_dict["queued"] = queued
        if new_reviews is not UNSET:
            field_dict["new_reviews"] = new_reviews
        if held_for_review is not UNSET:
            field_dict["held_for_review"] = held_for_review
        if skipped_decided is not UNSET:
            field_dict["skipped_decided"] = skipped_decided
        if trained is not UNSET:
            field_dict["trained"] = trained
        if companies is not UNSET:
            field_dict["companies"] = companies
        if seconds is not UNSET:
            field_dict["seconds"] = seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.company_resolution_out import CompanyResolutionOut  # noqa: PLC0415

        d = dict(src_dict)
        people = d.pop("people", UNSET)

        pairs = d.pop("pairs", UNSET)

        merged = d.pop("merged", UNSET)

        queued = d.pop("queued", UNSET)

        new_reviews = d.pop("new_reviews", UNSET)

        held_for_review = d.pop("held_for_review", UNSET)

        skipped_decided = d.pop("skipped_decided", UNSET)

        trained = d.pop("trained", UNSET)

        _companies = d.pop("companies", UNSET)
        companies: CompanyResolutionOut | Unset
        if isinstance(_companies, Unset):
            companies = UNSET
        else:
            companies = CompanyResolutionOut.from_dict(_companies)

        seconds = d.pop("seconds", UNSET)

        resolution_out = cls(
            people=people,
            pairs=pairs,
            merged=merged,
            queued=queued,
            new_reviews=new_reviews,
            held_for_review=held_for_review,
            skipped_decided=skipped_decided,
            trained=trained,
            companies=companies,
            seconds=seconds,
        )

        return resolution_out
