from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.confirmation_in_action import ConfirmationInAction
from ..types import UNSET, Unset

T = TypeVar("T", bound="ConfirmationIn")


@_attrs_define
class ConfirmationIn:
    """
    Attributes:
        action (ConfirmationInAction):
        strength (float | None | Unset): Required to correct; optional to confirm.
        by (str | Unset): The person confirming: one of the two ends.
    """

    action: ConfirmationInAction
    strength: float | None | Unset = UNSET
    by: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        strength: float | None | Unset
        if isinstance(self.strength, Unset):
            strength = UNSET
        else:
            strength = self.strength

        by = self.by

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
            }
        )
        if strength is not UNSET:
            field_dict["strength"] = strength
        if by is not UNSET:
            field_dict["by"] = by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = ConfirmationInAction(d.pop("action"))

        def _parse_strength(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        strength = _parse_strength(d.pop("strength", UNSET))

        by = d.pop("by", UNSET)

        confirmation_in = cls(
            action=action,
            strength=strength,
            by=by,
        )

        return confirmation_in
