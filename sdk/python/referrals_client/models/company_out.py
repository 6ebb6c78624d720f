from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CompanyOut")


@_attrs_define
class CompanyOut:
    """
    Attributes:
        id (str | Unset):
        name (None | str | Unset):
        status (None | str | Unset):
        icp_score (float | None | Unset):
        health (float | None | Unset):
    """

    id: str | Unset = UNSET
    name: None | str | Unset = UNSET
    status: None | str | Unset = UNSET
    icp_score: float | None | Unset = UNSET
    health: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        icp_score: float | None | Unset
        if isinstance(self.icp_score, Unset):
            icp_score = UNSET
        else:
            icp_score = self.icp_score

        health: float | None | Unset
        if isinstance(self.health, Unset):
            health = UNSET
        else:
            health = self.health

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if status is not UNSET:
            field_dict["status"] = status
        if icp_score is not UNSET:
            field_dict["icp_score"] = icp_score
        if health is not UNSET:
            field_dict["health"] = health

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_icp_score(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        icp_score = _parse_icp_score(d.pop("icp_score", UNSET))

        def _parse_health(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        health = _parse_health(d.pop("health", UNSET))

        company_out = cls(
            id=id,
            name=name,
            status=status,
            icp_score=icp_score,
            health=health,
        )

        return company_out
