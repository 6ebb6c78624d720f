from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Evidence")


@_attrs_define
class Evidence:
    """
    Attributes:
        comparison (str | Unset): people: first_name, last_name, email, handle, linkedin, company, title or phone;
            companies: domain, name, words or people
        level (str | Unset): what the two records share on it
        weight (float | Unset): bits: > 0 for one person, < 0 against
    """

    comparison: str | Unset = UNSET
    level: str | Unset = UNSET
    weight: float | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        comparison = self.comparison

        level = self.level

        weight = self.weight

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if comparison is not UNSET:
            field_dict["comparison"] = comparison
        if level is not UNSET:
            field_dict["level"] = level
        if weight is not UNSET:
            field_dict["weight"] = weight

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        comparison = d.pop("comparison", UNSET)

        level = d.pop("level", UNSET)

        weight = d.pop("weight", UNSET)

        evidence = cls(
            comparison=comparison,
            level=level,
            weight=weight,
        )

        return evidence
