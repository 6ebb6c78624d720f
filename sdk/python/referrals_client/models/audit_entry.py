from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuditEntry")


@_attrs_define
class AuditEntry:
    """
    Attributes:
        id (str | Unset):
        at (datetime.datetime | Unset):
        action (str | Unset): <thing>.<verb>, e.g. consent.changed
        object_type (str | Unset):
        object_id (None | str | Unset):
        summary (str | Unset):
        actor (str | Unset): the real actor: a sign-in's email or a key's name
        actor_kind (str | Unset): user, key or system
        actor_id (str | Unset):
    """

    id: str | Unset = UNSET
    at: datetime.datetime | Unset = UNSET
    action: str | Unset = UNSET
    object_type: str | Unset = UNSET
    object_id: None | str | Unset = UNSET
    summary: str | Unset = UNSET
    actor: str | Unset = UNSET
    actor_kind: str | Unset = UNSET
    actor_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        at: str | Unset = UNSET
        if not isinstance(self.at, Unset):
            at = self.at.isoformat()

        action = self.action

        object_type = self.object_type

        object_id: None | str | Unset
        if isinstance(self.object_id, Unset):
            object_id = UNSET
        else:
            object_id = self.object_id

        summary = self.summary

        actor = self.actor

        actor_kind = self.actor_kind

        actor_id = self.actor_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if at is not UNSET:
            field_dict["at"] = at
        if action is not UNSET:
            field_dict["action"] = action
        if object_type is not UNSET:
            field_dict["object_type"] = object_type
        if object_id is not UNSET:
            field_dict["object_id"] = object_id
        if summary is not UNSET:
            field_dict["summary"] = summary
        if actor is not UNSET:
            field_dict["actor"] = actor
        if actor_kind is not UNSET:
            field_dict["actor_kind"] = actor_kind
        if actor_id is not UNSET:
            field_dict["actor_id"] = actor_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        _at = d.pop("at", UNSET)
        at: datetime.datetime | Unset
        if isinstance(_at, Unset):
            at = UNSET
        else:
            at = datetime.datetime.fromisoformat(_at)

        action = d.pop("action", UNSET)

        object_type = d.pop("object_type", UNSET)

        def _parse_object_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        object_id = _parse_object_id(d.pop("object_id", UNSET))

        summary = d.pop("summary", UNSET)

        actor = d.pop("actor", UNSET)

        actor_kind = d.pop("actor_kind", UNSET)

        actor_id = d.pop("actor_id", UNSET)

        audit_entry = cls(
            id=id,
            at=at,
            action=action,
            object_type=object_type,
            object_id=object_id,
            summary=summary,
            actor=actor,
            actor_kind=actor_kind,
            actor_id=actor_id,
        )

        return audit_entry
