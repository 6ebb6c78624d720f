from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PathEdge")


@_attrs_define
class PathEdge:
    """
    Attributes:
        from_ (None | str | Unset):
        to (None | str | Unset):
        strength (float | Unset): Confirmed strength when a person confirmed it
        confirmed (bool | Unset): A person on the tie confirmed or corrected it
    """

    from_: None | str | Unset = UNSET
    to: None | str | Unset = UNSET
    strength: float | Unset = UNSET
    confirmed: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from_: None | str | Unset
        if isinstance(self.from_, Unset):
            from_ = UNSET
        else:
            from_ = self.from_

        to: None | str | Unset
        if isinstance(self.to, Unset):
            to = UNSET
        else:
            to = self.to

        strength = self.strength

        confirmed = self.confirmed

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if from_ is not UNSET:
            field_dict["from"] = from_
        if to is not UNSET:
            field_dict["to"] = to
        if strength is not UNSET:
            field_dict["strength"] = strength
        if confirmed is not UNSET:
            field_dict["confirmed"] = confirmed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_from_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        from_ = _parse_from_(d.pop("from", UNSET))

        def _parse_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        to = _parse_to(d.pop("to", UNSET))

        strength = d.pop("strength", UNSET)

        confirmed = d.pop("confirmed", UNSET)

        path_edge = cls(
            from_=from_,
            to=to,
            strength=strength,
            confirmed=confirmed,
        )

        return path_edge
