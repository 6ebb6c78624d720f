from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TemplateTexts")


@_attrs_define
class TemplateTexts:
    """
    Attributes:
        subject (str | Unset):
        ask (str | Unset):
        blurb (str | Unset):
    """

    subject: str | Unset = UNSET
    ask: str | Unset = UNSET
    blurb: str | Unset = UNSET

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

        template_texts = cls(
            subject=subject,
            ask=ask,
            blurb=blurb,
        )

        return template_texts
