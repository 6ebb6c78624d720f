from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.company_in_status import CompanyInStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="CompanyIn")


@_attrs_define
class CompanyIn:
    """
    Attributes:
        name (str):
        domain (None | str | Unset):
        status (CompanyInStatus | Unset):  Default: CompanyInStatus.OTHER.
        industry (None | str | Unset):
        employees (int | None | Unset):
        region (None | str | Unset):
        health (float | None | Unset): Clients: how healthy the relationship is, 0..1.
        external_id (str | Unset): The caller's id; creating it again (same source) updates.
        source (str | Unset):
    """

    name: str
    domain: None | str | Unset = UNSET
    status: CompanyInStatus | Unset = CompanyInStatus.OTHER
    industry: None | str | Unset = UNSET
    employees: int | None | Unset = UNSET
    region: None | str | Unset = UNSET
    health: float | None | Unset = UNSET
    external_id: str | Unset = UNSET
    source: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

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

        external_id = self.external_id

        source = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
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
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_domain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        domain = _parse_domain(d.pop("domain", UNSET))

        _status = d.pop("status", UNSET)
        status: CompanyInStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = CompanyInStatus(_status)

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

        external_id = d.pop("external_id", UNSET)

        source = d.pop("source", UNSET)

        company_in = cls(
            name=name,
            domain=domain,
            status=status,
            industry=industry,
            employees=employees,
            region=region,
            health=health,
            external_id=external_id,
            source=source,
        )

        return company_in
