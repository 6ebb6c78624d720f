from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ConsideredOut")


@_attrs_define
class ConsideredOut:
    """
    Attributes:
        employees (int | Unset): The company's current employees who may be contacted.
        searched (int | Unset): How many of them the search reached through the company's entry points (its employees'
            strongest ties, and the asking side's own ties first).
    """

    employees: int | Unset = UNSET
    searched: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        employees = self.employees

        searched = self.searched

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if employees is not UNSET:
            field_dict["employees"] = employees
        if searched is not UNSET:
            field_dict["searched"] = searched

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        employees = d.pop("employees", UNSET)

        searched = d.pop("searched", UNSET)

        considered_out = cls(
            employees=employees,
            searched=searched,
        )

        return considered_out
