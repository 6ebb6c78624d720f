from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Removed")


@_attrs_define
class Removed:
    """
    Attributes:
        ties (int | Unset):
        employments (int | Unset):
        external_ids (int | Unset):
        goodwill_entries (int | Unset):
        introduction_links (int | Unset):
        ask_links (int | Unset):
        introductions_rewritten (int | Unset):
        asks_rewritten (int | Unset):
        records_rewritten (int | Unset): every stored record that named them
        merged_halves (int | Unset): records identity resolution had merged into them, erased with them
    """

    ties: int | Unset = UNSET
    employments: int | Unset = UNSET
    external_ids: int | Unset = UNSET
    goodwill_entries: int | Unset = UNSET
    introduction_links: int | Unset = UNSET
    ask_links: int | Unset = UNSET
    introductions_rewritten: int | Unset = UNSET
    asks_rewritten: int | Unset = UNSET
    records_rewritten: int | Unset = UNSET
    merged_halves: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        ties = self.ties

        employments = self.employments

        external_ids = self.external_ids

        goodwill_entries = self.goodwill_entries

        introduction_links = self.introduction_links

        ask_links = self.ask_links

        introductions_rewritten = self.introductions_rewritten

        asks_rewritten = self.asks_rewritten

        records_rewritten = self.records_rewritten

        merged_halves = self.merged_halves

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if ties is not UNSET:
            field_dict["ties"] = ties
        if employments is not UNSET:
            field_dict["employments"] = employments
        if external_ids is not UNSET:
            field_dict["external_ids"] = external_ids
        if goodwill_entries is not UNSET:
            field_dict["goodwill_entries"] = goodwill_entries
        if introduction_links is not UNSET:
            field_dict["introduction_links"] = introduction_links
        if ask_links is not UNSET:
            field_dict["ask_links"] = ask_links
        if introductions_rewritten is not UNSET:
            field_dict["introductions_rewritten"] = introductions_rewritten
        if asks_rewritten is not UNSET:
            field_dict["asks_rewritten"] = asks_rewritten
        if records_rewritten is not UNSET:
            field_dict["records_rewritten"] = records_rewritten
        if merged_halves is not UNSET:
            field_dict["merged_halves"] = merged_halves

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ties = d.pop("ties", UNSET)

        employments = d.pop("employments", UNSET)

        external_ids = d.pop("external_ids", UNSET)

        goodwill_entries = d.pop("goodwill_entries", UNSET)

        introduction_links = d.pop("introduction_links", UNSET)

        ask_links = d.pop("ask_links", UNSET)

        introductions_rewritten = d.pop("introductions_rewritten", UNSET)

        asks_rewritten = d.pop("asks_rewritten", UNSET)

        records_rewritten = d.pop("records_rewritten", UNSET)

        merged_halves = d.pop("merged_halves", UNSET)

        removed = cls(
            ties=ties,
            employments=employments,
            external_ids=external_ids,
            goodwill_entries=goodwill_entries,
            introduction_links=introduction_links,
            ask_links=ask_links,
            introductions_rewritten=introductions_rewritten,
            asks_rewritten=asks_rewritten,
            records_rewritten=records_rewritten,
            merged_halves=merged_halves,
        )

        return removed
