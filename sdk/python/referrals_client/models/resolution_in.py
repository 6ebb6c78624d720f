from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ResolutionIn")


@_attrs_define
class ResolutionIn:
    """
    Attributes:
        retrain (bool | Unset): train the model again instead of the kept one Default: False.
    """

    retrain: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        retrain = self.retrain

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if retrain is not UNSET:
            field_dict["retrain"] = retrain

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        retrain = d.pop("retrain", UNSET)

        resolution_in = cls(
            retrain=retrain,
        )

        return resolution_in
