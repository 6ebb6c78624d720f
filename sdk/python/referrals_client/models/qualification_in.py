from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="QualificationIn")


@_attrs_define
class QualificationIn:
    """
    Attributes:
        budget (Any | Unset):
        authority (Any | Unset):
        need (Any | Unset):
        timing (Any | Unset):
        version (int | None | Unset):
    """

    budget: Any | Unset = UNSET
    authority: Any | Unset = UNSET
    need: Any | Unset = UNSET
    timing: Any | Unset = UNSET
    version: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        budget = self.budget

        authority = self.authority

        need = self.need

        timing = self.timing

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if budget is not UNSET:
            field_dict["budget"] = budget
        if authority is not UNSET:
            field_dict["authority"] = authority
        if need is not UNSET:
            field_dict["need"] = need
        if timing is not UNSET:
            field_dict["timing"] = timing
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        budget = d.pop("budget", UNSET)

        authority = d.pop("authority", UNSET)

        need = d.pop("need", UNSET)

        timing = d.pop("timing", UNSET)

        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        qualification_in = cls(
            budget=budget,
            authority=authority,
            need=need,
            timing=timing,
            version=version,
        )

        return qualification_in
