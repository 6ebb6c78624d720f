from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ReliabilityBinOut")


@_attrs_define
class ReliabilityBinOut:
    """
    Attributes:
        lower (float): The bin's lowest predicted chance.
        upper (float):
        predicted (float): Mean predicted chance of success.
        observed (float): Share that succeeded.
        count (int):
    """

    lower: float
    upper: float
    predicted: float
    observed: float
    count: int

    def to_dict(self) -> dict[str, Any]:
        lower = self.lower

        upper = self.upper

        predicted = self.predicted

        observed = self.observed

        count = self.count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "lower": lower,
                "upper": upper,
                "predicted": predicted,
                "observed": observed,
                "count": count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        lower = d.pop("lower")

        upper = d.pop("upper")

        predicted = d.pop("predicted")

        observed = d.pop("observed")

        count = d.pop("count")

        reliability_bin_out = cls(
            lower=lower,
            upper=upper,
            predicted=predicted,
            observed=observed,
            count=count,
        )

        return reliability_bin_out
