from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AskIn")


@_attrs_define
class AskIn:
    """
    Attributes:
        referrer_id (str): the person at the client who is asked
        target_id (None | str | Unset): whom they are asked to introduce
        account_manager_id (None | str | Unset):
        introduction_id (None | str | Unset): the tracked introduction this ask is for
        note (None | str | Unset):
        actor (None | str | Unset):
    """

    referrer_id: str
    target_id: None | str | Unset = UNSET
    account_manager_id: None | str | Unset = UNSET
    introduction_id: None | str | Unset = UNSET
    note: None | str | Unset = UNSET
    actor: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        referrer_id = self.referrer_id

        target_id: None | str | Unset
        if isinstance(self.target_id, Unset):
            target_id = UNSET
        else:
            target_id = self.target_id

        account_manager_id: None | str | Unset
        if isinstance(self.account_manager_id, Unset):
            account_manager_id = UNSET
        else:
            account_manager_id = self.account_manager_id

        introduction_id: None | str | Unset
        if isinstance(self.introduction_id, Unset):
            introduction_id = UNSET
        else:
            introduction_id = self.introduction_id

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
                "referrer_id": referrer_id,
            }
        )
        if target_id is not UNSET:
            field_dict["target_id"] = target_id
        if account_manager_id is not UNSET:
            field_dict["account_manager_id"] = account_manager_id
        if introduction_id is not UNSET:
            field_dict["introduction_id"] = introduction_id
        if note is not UNSET:
            field_dict["note"] = note
        if actor is not UNSET:
            field_dict["actor"] = actor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        referrer_id = d.pop("referrer_id")

        def _parse_target_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target_id = _parse_target_id(d.pop("target_id", UNSET))

        def _parse_account_manager_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_manager_id = _parse_account_manager_id(d.pop("account_manager_id", UNSET))

        def _parse_introduction_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        introduction_id = _parse_introduction_id(d.pop("introduction_id", UNSET))

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

        ask_in = cls(
            referrer_id=referrer_id,
            target_id=target_id,
            account_manager_id=account_manager_id,
            introduction_id=introduction_id,
            note=note,
            actor=actor,
        )

        return ask_in
