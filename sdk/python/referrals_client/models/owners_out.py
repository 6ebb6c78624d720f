from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OwnersOut")


@_attrs_define
class OwnersOut:
    """
    Attributes:
        assigned (int | Unset):
        unknown (list[str] | Unset):
    """

    assigned: int | Unset = UNSET
    unknown: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        assigned = self.assigned

        unknown: list[str] | Unset = UNSET
        if not isinstance(self.unknown, Unset):
            unknown = self.unknown

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if assigned is not UNSET:
            field_dict["assigned"] = assigned
        if unknown is not UNSET:
            field_dict["unknown"] = unknown

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        assigned = d.pop("assigned", UNSET)

        unknown = cast(list[str], d.pop("unknown", UNSET))

        owners_out = cls(
            assigned=assigned,
            unknown=unknown,
        )

        return owners_out
