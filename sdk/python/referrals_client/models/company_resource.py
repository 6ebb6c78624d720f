from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CompanyResource")


@_attrs_define
class CompanyResource:
    """
    Attributes:
        id (str):
        version (int):
        name (None | str | Unset):
        domain (None | str | Unset):
        status (None | str | Unset):
        industry (None | str | Unset):
        employees (int | None | Unset):
        region (None | str | Unset):
        health (float | None | Unset):
        icp_score (float | None | Unset): ICP fit 0..1 (see GET /icp).
        icp_met (list[str] | Unset):
        icp_missed (list[str] | Unset):
        external_id (None | str | Unset):
        source (None | str | Unset):
        created_at (datetime.datetime | None | Unset):
        updated_at (datetime.datetime | None | Unset):
    """

    id: str
    version: int
    name: None | str | Unset = UNSET
    domain: None | str | Unset = UNSET
    status: None | str | Unset = UNSET
    industry: None | str | Unset = UNSET
    employees: int | None | Unset = UNSET
    region: None | str | Unset = UNSET
    health: float | None | Unset = UNSET
    icp_score: float | None | Unset = UNSET
    icp_met: list[str] | Unset = UNSET
    icp_missed: list[str] | Unset = UNSET
    external_id: None | str | Unset = UNSET
    source: None | str | Unset = UNSET
    created_at: datetime.datetime | None | Unset = UNSET
    updated_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        version = self.version

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        domain: None | str | Unset
        if isinstance(self.domain, Unset):
            domain = UNSET
        else:
            domain = self.domain

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

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

        icp_score: float | None | Unset
        if isinstance(self.icp_score, Unset):
            icp_score = UNSET
        else:
            icp_score = self.icp_score

        icp_met: list[str] | Unset = UNSET
        if not isinstance(self.icp_met, Unset):
            icp_met = self.icp_met

        icp_missed: list[str] | Unset = UNSET
        if not isinstance(self.icp_missed, Unset):
            icp_missed = self.icp_missed

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        elif isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        elif isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "version": version,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
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
        if icp_score is not UNSET:
            field_dict["icp_score"] = icp_score
        if icp_met is not UNSET:
            field_dict["icp_met"] = icp_met
        if icp_missed is not UNSET:
            field_dict["icp_missed"] = icp_missed
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if source is not UNSET:
            field_dict["source"] = source
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        version = d.pop("version")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_domain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        domain = _parse_domain(d.pop("domain", UNSET))

        def _parse_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

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

        def _parse_icp_score(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        icp_score = _parse_icp_score(d.pop("icp_score", UNSET))

        icp_met = cast(list[str], d.pop("icp_met", UNSET))

        icp_missed = cast(list[str], d.pop("icp_missed", UNSET))

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_created_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_at_type_0 = datetime.datetime.fromisoformat(data)

                return created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        created_at = _parse_created_at(d.pop("created_at", UNSET))

        def _parse_updated_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        updated_at = _parse_updated_at(d.pop("updated_at", UNSET))

        company_resource = cls(
            id=id,
            version=version,
            name=name,
            domain=domain,
            status=status,
            industry=industry,
            employees=employees,
            region=region,
            health=health,
            icp_score=icp_score,
            icp_met=icp_met,
            icp_missed=icp_missed,
            external_id=external_id,
            source=source,
            created_at=created_at,
            updated_at=updated_at,
        )

        return company_resource
