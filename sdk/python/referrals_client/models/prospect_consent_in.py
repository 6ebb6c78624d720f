from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.prospect_consent_in_answer import ProspectConsentInAnswer
from ..models.prospect_consent_in_channel import ProspectConsentInChannel
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProspectConsentIn")


@_attrs_define
class ProspectConsentIn:
    """
    Attributes:
        answer (ProspectConsentInAnswer): the prospect's answer to 'may I introduce you?'
        channel (ProspectConsentInChannel): how the prospect answered
        at (datetime.datetime | None | Unset): when they answered (default: now)
        note (None | str | Unset):
        version (int | None | Unset):
        actor (None | str | Unset):
    """

    answer: ProspectConsentInAnswer
    channel: ProspectConsentInChannel
    at: datetime.datetime | None | Unset = UNSET
    note: None | str | Unset = UNSET
    version: int | None | Unset = UNSET
    actor: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        answer = self.answer.value

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
                "answer": answer,
                "channel": channel,
            }
        )
        if at is not UNSET:
            field_dict["at"] = at
        if note is not UNSET:
            field_dict["note"] = note
        if version is not UNSET:
            field_dict["version"] = version
        if actor is not UNSET:
            field_dict["actor"] = actor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        answer = ProspectConsentInAnswer(d.pop("answer"))

        channel = ProspectConsentInChannel(d.pop("channel"))

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

        prospect_consent_in = cls(
            answer=answer,
            channel=channel,
            at=at,
            note=note,
            version=version,
            actor=actor,
        )

        return prospect_consent_in
