from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.introduction_out_status import IntroductionOutStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="IntroductionOut")


@_attrs_define
class IntroductionOut:
    """
    Attributes:
        id (str | Unset):
        status (IntroductionOutStatus | Unset):
        path (list[str] | Unset):
        requester_id (str | Unset):
        referrer_id (str | Unset): the first person after the requester
        target_id (str | Unset):
        note (None | str | Unset):
        version (int | Unset): for If-Match on later changes (also the ETag)
        requested_at (None | str | Unset): ISO 8601
    """

    id: str | Unset = UNSET
    status: IntroductionOutStatus | Unset = UNSET
    path: list[str] | Unset = UNSET
    requester_id: str | Unset = UNSET
    referrer_id: str | Unset = UNSET
    target_id: str | Unset = UNSET
    note: None | str | Unset = UNSET
    version: int | Unset = UNSET
    requested_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        path: list[str] | Unset = UNSET
        if not isinstance(self.path, Unset):
            path = self.path

        requester_id = self.requester_id

        referrer_id = self.referrer_id

        target_id = self.target_id

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        version = self.version

        requested_at: None | str | Unset
        if isinstance(self.requested_at, Unset):
            requested_at = UNSET
        else:
            requested_at = self.requested_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if status is not UNSET:
            field_dict["status"] = status
        if path is not UNSET:
            field_dict["path"] = path
        if requester_id is not UNSET:
            field_dict["requester_id"] = requester_id
        if referrer_id is not UNSET:
            field_dict["referrer_id"] = referrer_id
        if target_id is not UNSET:
            field_dict["target_id"] = target_id
        if note is not UNSET:
            field_dict["note"] = note
        if version is not UNSET:
            field_dict["version"] = version
        if requested_at is not UNSET:
            field_dict["requested_at"] = requested_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        _status = d.pop("status", UNSET)
        status: IntroductionOutStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = IntroductionOutStatus(_status)

        path = cast(list[str], d.pop("path", UNSET))

        requester_id = d.pop("requester_id", UNSET)

        referrer_id = d.pop("referrer_id", UNSET)

        target_id = d.pop("target_id", UNSET)

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        version = d.pop("version", UNSET)

        def _parse_requested_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        requested_at = _parse_requested_at(d.pop("requested_at", UNSET))

        introduction_out = cls(
            id=id,
            status=status,
            path=path,
            requester_id=requester_id,
            referrer_id=referrer_id,
            target_id=target_id,
            note=note,
            version=version,
            requested_at=requested_at,
        )

        introduction_out.additional_properties = d
        return introduction_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
