from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="EvidenceOut")


@_attrs_define
class EvidenceOut:
    """
    Attributes:
        claim (str | Unset): One claim the draft rests on, in words.
        source (str | Unset): Where it comes from: interactions, linkedin, import, confirmation, employment, client or
            icp (docs/workflow.md, "Drafted asks").
    """

    claim: str | Unset = UNSET
    source: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        claim = self.claim

        source = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if claim is not UNSET:
            field_dict["claim"] = claim
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        claim = d.pop("claim", UNSET)

        source = d.pop("source", UNSET)

        evidence_out = cls(
            claim=claim,
            source=source,
        )

        return evidence_out
