from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.criterion_in import CriterionIn


T = TypeVar("T", bound="IcpIn")


@_attrs_define
class IcpIn:
    """
    Attributes:
        criteria (list[CriterionIn]):
        ideal_threshold (float | Unset):  Example: 0.7.
        min_health (float | Unset):  Example: 0.6.
        version (int | Unset): the version this change is based on (or If-Match); 409 when it moved on
    """

    criteria: list[CriterionIn]
    ideal_threshold: float | Unset = UNSET
    min_health: float | Unset = UNSET
    version: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        criteria = []
        for criteria_item_data in self.criteria:
            criteria_item = criteria_item_data.to_dict()
            criteria.append(criteria_item)

        ideal_threshold = self.ideal_threshold

        min_health = self.min_health

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "criteria": criteria,
            }
        )
        if ideal_threshold is not UNSET:
            field_dict["ideal_threshold"] = ideal_threshold
        if min_health is not UNSET:
            field_dict["min_health"] = min_health
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.criterion_in import CriterionIn  # noqa: PLC0415

        d = dict(src_dict)
        criteria = []
        _criteria = d.pop("criteria")
        for criteria_item_data in _criteria:
            criteria_item = CriterionIn.from_dict(criteria_item_data)

            criteria.append(criteria_item)

        ideal_threshold = d.pop("ideal_threshold", UNSET)

        min_health = d.pop("min_health", UNSET)

        version = d.pop("version", UNSET)

        icp_in = cls(
            criteria=criteria,
            ideal_threshold=ideal_threshold,
            min_health=min_health,
            version=version,
        )

        return icp_in
