from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.touch_in_channel import TouchInChannel
from ..models.touch_in_direction import TouchInDirection
from ..types import UNSET, Unset

T = TypeVar("T", bound="TouchIn")


@_attrs_define
class TouchIn:
    """
    Attributes:
        direction (TouchInDirection): outbound: we reached out; inbound: they replied
        channel (TouchInChannel | Unset):  Default: TouchInChannel.EMAIL.
        at (datetime.datetime | None | Unset):
        note (None | str | Unset):
        actor (None | str | Unset):
    """

    direction: TouchInDirection
    channel: TouchInChannel | Unset = TouchInChannel.EMAIL
    at: datetime.datetime | None | Unset = UNSET
    note: None | str | Unset = UNSET
    actor: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        direction = self.direction.value

        channel: str | Unset = UNSET
        if not isinstance(self.channel, Unset):
            channel = self.channel.value

        at: None | str | Unset
        if isinstance(self.at, Unset):
            at = UNSET
        elif isinstance(self.at, datetime.datetime):
            at = self.at.isoformat()
        else:
            at = self.at

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
                "direction": direction,
            }
        )
        if channel is not UNSET:
            field_dict["channel"] = channel
        if at is not UNSET:
            field_dict["at"] = at
        if note is not UNSET:
            field_dict["note"] = note
        if actor is not UNSET:
            field_dict["actor"] = actor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        direction = TouchInDirection(d.pop("direction"))

        _channel = d.pop("channel", UNSET)
        channel: TouchInChannel | Unset
        if isinstance(_channel, Unset):
            channel = UNSET
        else:
            channel = TouchInChannel(_channel)

        def _parse_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                at_type_0 = datetime.datetime.fromisoformat(data)

                return at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        at = _parse_at(d.pop("at", UNSET))

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

        touch_in = cls(
            direction=direction,
            channel=channel,
            at=at,
            note=note,
            actor=actor,
        )

        return touch_in
