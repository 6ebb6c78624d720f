from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CompanyResolutionOut")


@_attrs_define
class CompanyResolutionOut:
    """
    Attributes:
        companies (int | Unset): companies read
        pairs (int | Unset): candidate pairs at or above the review threshold
        merged (int | Unset): merges made without asking (the same domain, p >= 0.99, nothing against)
        queued (int | Unset): company pairs in the review queue after this run
        new_reviews (int | Unset):
        skipped_decided (int | Unset): pairs a person decided before
        seconds (float | Unset):
    """

    companies: int | Unset = UNSET
    pairs: int | Unset = UNSET
    merged: int | Unset = UNSET
    queued: int | Unset = UNSET
    new_reviews: int | Unset = UNSET
    skipped_decided: int | Unset = UNSET
    seconds: float | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        companies = self.companies

        pairs = self.pairs

        merged = self.merged

        queued = self.queued

        new_reviews = self.new_reviews

        skipped_decided = self.skipped_decided

        seconds = self.seconds

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if companies is not UNSET:
            field_dict["companies"] = companies
        if pairs is not UNSET:
            field_dict["pairs"] = pairs
        if merged is not UNSET:
            field_dict["merged"] = merged
        if queued is not UNSET:
            field_dict["queued"] = queued
        if new_reviews is not UNSET:
            field_dict["new_reviews"] = new_reviews
        if skipped_decided is not UNSET:
            field_dict["skipped_decided"] = skipped_decided
        if seconds is not UNSET:
            field_dict["seconds"] = seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        companies = d.pop("companies", UNSET)

        pairs = d.pop("pairs", UNSET)

        merged = d.pop("merged", UNSET)

        queued = d.pop("queued", UNSET)

        new_reviews = d.pop("new_reviews", UNSET)

        skipped_decided = d.pop("skipped_decided", UNSET)

        seconds = d.pop("seconds", UNSET)

        company_resolution_out = cls(
            companies=companies,
            pairs=pairs,
            merged=merged,
            queued=queued,
            new_reviews=new_reviews,
            skipped_decided=skipped_decided,
            seconds=seconds,
        )

        return company_resolution_out
