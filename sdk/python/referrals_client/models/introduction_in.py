from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="IntroductionIn")


@_attrs_define
class IntroductionIn:
    """
    Attributes:
        requester_id (str):
        target_id (str):
        path (list[str]): requester, referrer(s), target: consecutive people know each other (as GET /referral-paths
            answers)
        note (None | str | Unset):
        actor (None | str | Unset):
    """

    requester_id: str
    target_id: str
    path: list[str]
    note: None | str | Unset = UNSET
    actor: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        requester_id = self.requester_id

        target_id = self.target_id

        path = self.path

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        actor: None | str | Unset
        if isinstance(self.actor, Unset):
            actor = UNSET
        else:
            actor = self.actor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "requester_id": requester_id,
                "target_id": target_id,
                "path": path,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note
        if actor is not UNSET:
            field_dict["actor"] = actor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        requester_id = d.pop("requester_id")

        target_id = d.pop("target_id")

        path = cast(list[str], d.pop("path"))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        def _parse_actor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        actor = _parse_actor(d.pop("actor", UNSET))

        introduction_in = cls(
            requester_id=requester_id,
            target_id=target_id,
            path=path,
            note=note,
            actor=actor,
        )

        return introduction_in
