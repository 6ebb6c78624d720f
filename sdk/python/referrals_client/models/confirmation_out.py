from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ConfirmationOut")


@_attrs_define
class ConfirmationOut:
    """
    Attributes:
        a (str | Unset):
        b (str | Unset):
        action (str | Unset):
        strength (float | Unset): The strength ranking uses (confirmed first).
        inferred_strength (float | None | Unset):
        confirmed_strength (float | None | Unset):
        confirmed (bool | Unset):
        hidden (bool | Unset):
        confirmed_by (None | str | Unset):
        confirmed_at (datetime.datetime | None | Unset):
    """

    a: str | Unset = UNSET
    b: str | Unset = UNSET
    action: str | Unset = UNSET
    strength: float | Unset = UNSET
    inferred_strength: float | None | Unset = UNSET
    confirmed_strength: float | None | Unset = UNSET
    confirmed: bool | Unset = UNSET
    hidden: bool | Unset = UNSET
    confirmed_by: None | str | Unset = UNSET
    confirmed_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        a = self.a

        b = self.b

        action = self.action

        strength = self.strength

        inferred_strength: float | None | Unset
        if isinstance(self.inferred_strength, Unset):
            inferred_strength = UNSET
        else:
            inferred_strength = self.inferred_strength

        confirmed_strength: float | None | Unset
        if isinstance(self.confirmed_strength, Unset):
            confirmed_strength = UNSET
        else:
            confirmed_strength = self.confirmed_strength

        confirmed = self.confirmed

        hidden = self.hidden

        confirmed_by: None | str | Unset
        if isinstance(self.confirmed_by, Unset):
            confirmed_by = UNSET
        else:
            confirmed_by = self.confirmed_by

        confirmed_at: None | str | Unset
        if isinstance(self.confirmed_at, Unset):
            confirmed_at = UNSET
        elif isinstance(self.confirmed_at, datetime.datetime):
            confirmed_at = self.confirmed_at.isoformat()
        else:
            confirmed_at = self.confirmed_at

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if a is not UNSET:
            field_dict["a"] = a
        if b is not UNSET:
            field_dict["b"] = b
        if action is not UNSET:
            field_dict["action"] = action
        if strength is not UNSET:
            field_dict["strength"] = strength
        if inferred_strength is not UNSET:
            field_dict["inferred_strength"] = inferred_strength
        if confirmed_strength is not UNSET:
            field_dict["confirmed_strength"] = confirmed_strength
        if confirmed is not UNSET:
            field_dict["confirmed"] = confirmed
        if hidden is not UNSET:
            field_dict["hidden"] = hidden
        if confirmed_by is not UNSET:
            field_dict["confirmed_by"] = confirmed_by
        if confirmed_at is not UNSET:
            field_dict["confirmed_at"] = confirmed_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        a = d.pop("a", UNSET)

        b = d.pop("b", UNSET)

        action = d.pop("action", UNSET)

        strength = d.pop("strength", UNSET)

        def _parse_inferred_strength(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        inferred_strength = _parse_inferred_strength(d.pop("inferred_strength", UNSET))

        def _parse_confirmed_strength(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        confirmed_strength = _parse_confirmed_strength(d.pop("confirmed_strength", UNSET))

        confirmed = d.pop("confirmed", UNSET)

        hidden = d.pop("hidden", UNSET)

        def _parse_confirmed_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        confirmed_by = _parse_confirmed_by(d.pop("confirmed_by", UNSET))

        def _parse_confirmed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                confirmed_at_type_0 = datetime.datetime.fromisoformat(data)

                return confirmed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        confirmed_at = _parse_confirmed_at(d.pop("confirmed_at", UNSET))

        confirmation_out = cls(
            a=a,
            b=b,
            action=action,
            strength=strength,
            inferred_strength=inferred_strength,
            confirmed_strength=confirmed_strength,
            confirmed=confirmed,
            hidden=hidden,
            confirmed_by=confirmed_by,
            confirmed_at=confirmed_at,
        )

        return confirmation_out
