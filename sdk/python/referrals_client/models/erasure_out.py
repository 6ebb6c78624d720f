from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErasureOut")


@_attrs_define
class ErasureOut:
    """
    Attributes:
        id (str):
        tombstone_id (str | Unset):
        erased_at (str | Unset):
        erased_by (str | Unset):
        lifted_at (None | str | Unset):
        lifted_by (None | str | Unset):
        keys (int | Unset):
    """

    id: str
    tombstone_id: str | Unset = UNSET
    erased_at: str | Unset = UNSET
    erased_by: str | Unset = UNSET
    lifted_at: None | str | Unset = UNSET
    lifted_by: None | str | Unset = UNSET
    keys: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        tombstone_id = self.tombstone_id

        erased_at = self.erased_at

        erased_by = self.erased_by

        lifted_at: None | str | Unset
        if isinstance(self.lifted_at, Unset):
            lifted_at = UNSET
        else:
            lifted_at = self.lifted_at

        lifted_by: None | str | Unset
        if isinstance(self.lifted_by, Unset):
            lifted_by = UNSET
        else:
            lifted_by = self.lifted_by

        keys = self.keys

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
            }
        )
        if tombstone_id is not UNSET:
            field_dict["tombstone_id"] = tombstone_id
        if erased_at is not UNSET:
            field_dict["erased_at"] = erased_at
        if erased_by is not UNSET:
            field_dict["erased_by"] = erased_by
        if lifted_at is not UNSET:
            field_dict["lifted_at"] = lifted_at
        if lifted_by is not UNSET:
            field_dict["lifted_by"] = lifted_by
        if keys is not UNSET:
            field_dict["keys"] = keys

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        tombstone_id = d.pop("tombstone_id", UNSET)

        erased_at = d.pop("erased_at", UNSET)

        erased_by = d.pop("erased_by", UNSET)

        def _parse_lifted_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        lifted_at = _parse_lifted_at(d.pop("lifted_at", UNSET))

        def _parse_lifted_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        lifted_by = _parse_lifted_by(d.pop("lifted_by", UNSET))

        keys = d.pop("keys", UNSET)

        erasure_out = cls(
            id=id,
            tombstone_id=tombstone_id,
            erased_at=erased_at,
            erased_by=erased_by,
            lifted_at=lifted_at,
            lifted_by=lifted_by,
            keys=keys,
        )

        return erasure_out
