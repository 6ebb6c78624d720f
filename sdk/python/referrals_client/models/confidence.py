from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Confidence")


@_attrs_define
class Confidence:
    """
    Attributes:
        value (float | Unset): 0..1: how much evidence is behind the score
        level (str | Unset): high, medium or low
        confirmed_ties (int | Unset):
        interactions (int | Unset):
    """

    value: float | Unset = UNSET
    level: str | Unset = UNSET
    confirmed_ties: int | Unset = UNSET
    interactions: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        value = self.value

        level = self.level

        confirmed_ties = self.confirmed_ties

        interactions = self.interactions

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if value is not UNSET:
            field_dict["value"] = value
        if level is not UNSET:
            field_dict["level"] = level
        if confirmed_ties is not UNSET:
            field_dict["confirmed_ties"] = confirmed_ties
        if interactions is not UNSET:
            field_dict["interactions"] = interactions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        value = d.pop("value", UNSET)

        level = d.pop("level", UNSET)

        confirmed_ties = d.pop("confirmed_ties", UNSET)

        interactions = d.pop("interactions", UNSET)

        confidence = cls(
            value=value,
            level=level,
            confirmed_ties=confirmed_ties,
            interactions=interactions,
        )

        return confidence
