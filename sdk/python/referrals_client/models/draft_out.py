from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence_out import EvidenceOut


T = TypeVar("T", bound="DraftOut")


@_attrs_define
class DraftOut:
    """
    Attributes:
        subject (str | Unset):
        ask (str | Unset):
        blurb (str | Unset):
        evidence (list[EvidenceOut] | Unset):
    """

    subject: str | Unset = UNSET
    ask: str | Unset = UNSET
    blurb: str | Unset = UNSET
    evidence: list[EvidenceOut] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        subject = self.subject

        ask = self.ask

        blurb = self.blurb

        evidence: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = []
            for evidence_item_data in self.evidence:
                evidence_item = evidence_item_data.to_dict()
                evidence.append(evidence_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if subject is not UNSET:
            field_dict["subject"] = subject
        if ask is not UNSET:
            field_dict["ask"] = ask
        if blurb is not UNSET:
            field_dict["blurb"] = blurb
        if evidence is not UNSET:
            field_dict["evidence"] = evidence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence_out import EvidenceOut  # noqa: PLC0415

        d = dict(src_dict)
        subject = d.pop("subject", UNSET)

        ask = d.pop("ask", UNSET)

        blurb = d.pop("blurb", UNSET)

        _evidence = d.pop("evidence", UNSET)
        evidence: list[EvidenceOut] | Unset = UNSET
        if _evidence is not UNSET:
            evidence = []
            for evidence_item_data in _evidence:
                evidence_item = EvidenceOut.from_dict(evidence_item_data)

                evidence.append(evidence_item)

        draft_out = cls(
            subject=subject,
            ask=ask,
            blurb=blurb,
            evidence=evidence,
        )

        return draft_out
