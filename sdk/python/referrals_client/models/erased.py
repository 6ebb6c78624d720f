from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.removed import Removed


T = TypeVar("T", bound="Erased")


@_attrs_define
class Erased:
    """
    Attributes:
        erasure_id (str):
        tombstone_id (str): the id that replaced theirs
        erased_at (str | Unset):
        erased_by (str | Unset):
        keys (int | Unset): identifying keys kept, hashed, to refuse re-imports
        removed (Removed | Unset):
    """

    erasure_id: str
    tombstone_id: str
    erased_at: str | Unset = UNSET
    erased_by: str | Unset = UNSET
    keys: int | Unset = UNSET
    removed: Removed | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        erasure_id = self.erasure_id

        tombstone_id = self.tombstone_id

        erased_at = self.erased_at

        erased_by = self.erased_by

        keys = self.keys

        removed: dict[str, Any] | Unset = UNSET
        if not isinstance(self.removed, Unset):
            removed = self.removed.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "erasure_id": erasure_id,
                "tombstone_id": tombstone_id,
            }
        )
        if erased_at is not UNSET:
            field_dict["erased_at"] = erased_at
        if erased_by is not UNSET:
            field_dict["erased_by"] = erased_by
        if keys is not UNSET:
            field_dict["keys"] = keys
        if removed is not UNSET:
            field_dict["removed"] = removed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.removed import Removed  # noqa: PLC0415

        d = dict(src_dict)
        erasure_id = d.pop("erasure_id")

        tombstone_id = d.pop("tombstone_id")

        erased_at = d.pop("erased_at", UNSET)

        erased_by = d.pop("erased_by", UNSET)

        keys = d.pop("keys", UNSET)

        _removed = d.pop("removed", UNSET)
        removed: Removed | Unset
        if isinstance(_removed, Unset):
            removed = UNSET
        else:
            removed = Removed.from_dict(_removed)

        erased = cls(
            erasure_id=erasure_id,
            tombstone_id=tombstone_id,
            erased_at=erased_at,
            erased_by=erased_by,
            keys=keys,
            removed=removed,
        )

        return erased
