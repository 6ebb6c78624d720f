from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.transition_in_to import TransitionInTo
from ..types import UNSET, Unset

T = TypeVar("T", bound="TransitionIn")


@_attrs_define
class TransitionIn:
    """
    Attributes:
        to (TransitionInTo):
        note (None | str | Unset):
        assignment (None | str | Unset): meeting_held: what the buyer will do before the next meeting
        next_meeting_at (datetime.datetime | None | Unset): meeting_held: the next meeting
        reason (None | str | Unset): required for qualified_out
        version (int | None | Unset): the version you read (or send If-Match)
        actor (None | str | Unset):
    """

    to: TransitionInTo
    note: None | str | Unset = UNSET
    assignment: None | str | Unset = UNSET
    next_meeting_at: datetime.datetime | None | Unset = UNSET
    reason: None | str | Unset = UNSET
    version: int | None | Unset = UNSET
    actor: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        to = self.to.value

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        assignment: None | str | Unset
        if isinstance(self.assignment, Unset):
            assignment = UNSET
        else:
            assignment = self.assignment

        next_meeting_at: None | str | Unset
        if isinstance(self.next_meeting_at, Unset):
            next_meeting_at = UNSET
        elif isinstance(self.next_meeting_at, datetime.datetime):
            next_meeting_at = self.next_meeting_at.isoformat()
        else:
            next_meeting_at = self.next_meeting_at

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        actor: None | str | Unset
        if isinstance(self.actor, Unset):
            actor = UNSET
        else:
            actor = self.actor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to": to,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note
        if assignment is not UNSET:
            field_dict["assignment"] = assignment
        if next_meeting_at is not UNSET:
            field_dict["next_meeting_at"] = next_meeting_at
        if reason is not UNSET:
            field_dict["reason"] = reason
        if version is not UNSET:
            field_dict["version"] = version
        if actor is not UNSET:
            field_dict["actor"] = actor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        to = TransitionInTo(d.pop("to"))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        def _parse_assignment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        assignment = _parse_assignment(d.pop("assignment", UNSET))

        def _parse_next_meeting_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_meeting_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_meeting_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        next_meeting_at = _parse_next_meeting_at(d.pop("next_meeting_at", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        def _parse_actor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        actor = _parse_actor(d.pop("actor", UNSET))

        transition_in = cls(
            to=to,
            note=note,
            assignment=assignment,
            next_meeting_at=next_meeting_at,
            reason=reason,
            version=version,
            actor=actor,
        )

        return transition_in
