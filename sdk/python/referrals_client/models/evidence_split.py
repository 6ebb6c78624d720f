from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence import Evidence


T = TypeVar("T", bound="EvidenceSplit")


@_attrs_define
class EvidenceSplit:
    """
    Attributes:
        for_ (list[Evidence] | Unset):
        against (list[Evidence] | Unset):
    """

    for_: list[Evidence] | Unset = UNSET
    against: list[Evidence] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        for_: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.for_, Unset):
            for_ = []
            for for_item_data in self.for_:
                for_item = for_item_data.to_dict()
                for_.append(for_item)

        against: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.against, Unset):
            against = []
            for against_item_data in self.against:
                against_item = against_item_data.to_dict()
                against.append(against_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if for_ is not UNSET:
            field_dict["for"] = for_
        if against is not UNSET:
            field_dict["against"] = against

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence import Evidence  # noqa: PLC0415

        d = dict(src_dict)
        _for_ = d.pop("for", UNSET)
        for_: list[Evidence] | Unset = UNSET
        if _for_ is not UNSET:
            for_ = []
            for for_item_data in _for_:
                for_item = Evidence.from_dict(for_item_data)

                for_.append(for_item)

        _against = d.pop("against", UNSET)
        against: list[Evidence] | Unset = UNSET
        if _against is not UNSET:
            against = []
            for against_item_data in _against:
                against_item = Evidence.from_dict(against_item_data)

                against.append(against_item)

        evidence_split = cls(
            for_=for_,
            against=against,
        )

        return evidence_split
