from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Customized")


@_attrs_define
class Customized:
    """
    Attributes:
        subject (bool | Unset):
        ask (bool | Unset):
        blurb (bool | Unset):
    """

    subject: bool | Unset = UNSET
    ask: bool | Unset = UNSET
    blurb: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        subject = self.subject

        ask = self.ask

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
        subject = d.pop("subject", UNSET)

        ask = d.pop("ask", UNSET)

        blurb = d.pop("blurb", UNSET)

        customized = cls(
            subject=subject,
            ask=ask,
            blurb=blurb,
        )

        return customized
