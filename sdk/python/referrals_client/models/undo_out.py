from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UndoOut")


@_attrs_define
class UndoOut:
    """
    Attributes:
        merge_id (str | Unset):
        moved_back (int | Unset):
        review_id (str | Unset): the pair, now kept apart
        keep_id (None | str | Unset):
        absorbed_id (None | str | Unset):
    """

    merge_id: str | Unset = UNSET
    moved_back: int | Unset = UNSET
    review_id: str | Unset = UNSET
    keep_id: None | str | Unset = UNSET
    absorbed_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        merge_id = self.merge_id

        moved_back = self.moved_back

        review_id = self.review_id

        keep_id: None | str | Unset
        if isinstance(self.keep_id, Unset):
            keep_id = UNSET
        else:
            keep_id = self.keep_id

        absorbed_id: None | str | Unset
        if isinstance(self.absorbed_id, Unset):
            absorbed_id = UNSET
        else:
            absorbed_id = self.absorbed_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if merge_id is not UNSET:
            field_dict["merge_id"] = merge_id
        if moved_back is not UNSET:
            field_dict["moved_back"] = moved_back
        if review_id is not UNSET:
            field_dict["review_id"] = review_id
        if keep_id is not UNSET:
            field_dict["keep_id"] = keep_id
        if absorbed_id is not UNSET:
            field_dict["absorbed_id"] = absorbed_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        merge_id = d.pop("merge_id", UNSET)

        moved_back = d.pop("moved_back", UNSET)

        review_id = d.pop("review_id", UNSET)

        def _parse_keep_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        keep_id = _parse_keep_id(d.pop("keep_id", UNSET))

        def _parse_absorbed_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        absorbed_id = _parse_absorbed_id(d.pop("absorbed_id", UNSET))

        undo_out = cls(
            merge_id=merge_id,
            moved_back=moved_back,
            review_id=review_id,
            keep_id=keep_id,
            absorbed_id=absorbed_id,
        )

        return undo_out
