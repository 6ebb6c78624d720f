from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TemplatesIn")


@_attrs_define
class TemplatesIn:
    """
    Attributes:
        subject (None | str | Unset): The subject line; null or blank: the default.
        ask (None | str | Unset): The note to the referrer; null or blank: the default.
        blurb (None | str | Unset): The paragraph the referrer forwards; null or blank: the default.
    """

    subject: None | str | Unset = UNSET
    ask: None | str | Unset = UNSET
    blurb: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        subject: None | str | Unset
        if isinstance(self.subject, Unset):
            subject = UNSET
        else:
            subject = self.subject

        ask: None | str | Unset
        if isinstance(self.ask, Unset):
            ask = UNSET
        else:
            ask = self.ask

        blurb: None | str | Unset
        if isinstance(self.blurb, Unset):
            blurb = UNSET
        else:
            blurb = self.blurb

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if subject is not UNSET:
            field_dict["subject"] = subject
        if ask is not UNSET:
            field_dict["ask"] = ask
        if blurb is not UNSET:
            field_dict["blurb"] = blurb

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_subject(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subject = _parse_subject(d.pop("subject", UNSET))

        def _parse_ask(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ask = _parse_ask(d.pop("ask", UNSET))

        def _parse_blurb(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        blurb = _parse_blurb(d.pop("blurb", UNSET))

        templates_in = cls(
            subject=subject,
            ask=ask,
            blurb=blurb,
        )

        return templates_in
