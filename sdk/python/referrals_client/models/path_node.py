from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.company_out import CompanyOut
    from ..models.path_node_company_type_0_type_0 import PathNodeCompanyType0Type0


T = TypeVar("T", bound="PathNode")


@_attrs_define
class PathNode:
    """
    Attributes:
        id (None | str | Unset): null when hidden
        name (None | str | Unset):
        title (None | str | Unset):
        company (CompanyOut | None | PathNodeCompanyType0Type0 | Unset):
        role (str | Unset): source, connector, referrer or target
        hidden (bool | Unset): A person at a client that has not opted in
    """

    id: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    title: None | str | Unset = UNSET
    company: CompanyOut | None | PathNodeCompanyType0Type0 | Unset = UNSET
    role: str | Unset = UNSET
    hidden: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.company_out import CompanyOut  # noqa: PLC0415
        from ..models.path_node_company_type_0_type_0 import PathNodeCompanyType0Type0  # noqa: PLC0415

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        company: dict[str, Any] | None | Unset
        if isinstance(self.company, Unset):
            company = UNSET
        elif isinstance(self.company, PathNodeCompanyType0Type0):
            company = self.company.to_dict()
        elif isinstance(self.company, CompanyOut):
            company = self.company.to_dict()
        else:
            company = self.company

        role = self.role

        hidden = self.hidden

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if title is not UNSET:
            field_dict["title"] = title
        if company is not UNSET:
            field_dict["company"] = company
        if role is not UNSET:
            field_dict["role"] = role
        if hidden is not UNSET:
            field_dict["hidden"] = hidden

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.company_out import CompanyOut  # noqa: PLC0415
        from ..models.path_node_company_type_0_type_0 import PathNodeCompanyType0Type0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        def _parse_company(data: object) -> CompanyOut | None | PathNodeCompanyType0Type0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                company_type_0_type_0 = PathNodeCompanyType0Type0.from_dict(data)

                return company_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                company_type_1 = CompanyOut.from_dict(data)

                return company_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CompanyOut | None | PathNodeCompanyType0Type0 | Unset, data)

        company = _parse_company(d.pop("company", UNSET))

        role = d.pop("role", UNSET)

        hidden = d.pop("hidden", UNSET)

        path_node = cls(
            id=id,
            name=name,
            title=title,
            company=company,
            role=role,
            hidden=hidden,
        )

        return path_node
