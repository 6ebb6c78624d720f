from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.company_patch_status import CompanyPatchStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="CompanyPatch")


@_attrs_define
class CompanyPatch:
    """
    Attributes:
        domain (None | str | Unset):
        status (CompanyPatchStatus | Unset):
        industry (None | str | Unset):
        employees (int | None | Unset):
        region (None | str | Unset):
        health (float | None | Unset): Clients: how healthy the relationship is, 0..1.
        name (str | Unset):
        version (int | Unset): The version this change is based on (or send If-Match); stale -> 409.
    """

    domain: None | str | Unset = UNSET
    status: CompanyPatchStatus | Unset = UNSET
    industry: None | str | Unset = UNSET
    employees: int | None | Unset = UNSET
    region: None | str | Unset = UNSET
    health: float | None | Unset = UNSET
    name: str | Unset = UNSET
    version: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        domain: None | str | Unset
        if isinstance(self.domain, Unset):
            domain = UNSET
        else:
            domain = self.domain

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        industry: None | str | Unset
        if isinstance(self.industry, Unset):
            industry = UNSET
        else:
            industry = self.industry

        employees: int | None | Unset
        if isinstance(self.employees, Unset):
            employees = UNSET
        else:
            employees = self.employees

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region

        health: float | None | Unset
        if isinstance(self.health, Unset):
            health = UNSET
        else:
            health = self.health

        name = self.name

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if domain is not UNSET:
            field_dict["domain"] = domain
        if status is not UNSET:
            field_dict["status"] = status
        if industry is not UNSET:
            field_dict["industry"] = industry
        if employees is not UNSET:
            field_dict["employees"] = employees
        if region is not UNSET:
            field_dict["region"] = region
        if health is not UNSET:
            field_dict["health"] = health
        if name is not UNSET:
            field_dict["name"] = name
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_domain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        domain = _parse_domain(d.pop("domain", UNSET))

        _status = d.pop("status", UNSET)
        status: CompanyPatchStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = CompanyPatchStatus(_status)

        def _parse_industry(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        industry = _parse_industry(d.pop("industry", UNSET))

        def _parse_employees(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        employees = _parse_employees(d.pop("employees", UNSET))

        def _parse_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        region = _parse_region(d.pop("region", UNSET))

        def _parse_health(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        health = _parse_health(d.pop("health", UNSET))

        name = d.pop("name", UNSET)

        version = d.pop("version", UNSET)

        company_patch = cls(
            domain=domain,
            status=status,
            industry=industry,
            employees=employees,
            region=region,
            health=health,
            name=name,
            version=version,
        )

        return company_patch
