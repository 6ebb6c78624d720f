from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.company_out import CompanyOut
    from ..models.opportunity_out import OpportunityOut


T = TypeVar("T", bound="OpportunitiesOut")


@_attrs_define
class OpportunitiesOut:
    """
    Attributes:
        client (CompanyOut | Unset):
        opportunities (list[OpportunityOut] | Unset):
        took_ms (float | Unset):
    """

    client: CompanyOut | Unset = UNSET
    opportunities: list[OpportunityOut] | Unset = UNSET
    took_ms: float | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        client: dict[str, Any] | Unset = UNSET
        if not isinstance(self.client, Unset):
            client = self.client.to_dict()

        opportunities: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.opportunities, Unset):
            opportunities = []
            for opportunities_item_data in self.opportunities:
                opportunities_item = opportunities_item_data.to_dict()
                opportunities.append(opportunities_item)

        took_ms = self.took_ms

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if client is not UNSET:
            field_dict["client"] = client
        if opportunities is not UNSET:
            field_dict["opportunities"] = opportunities
        if took_ms is not UNSET:
            field_dict["took_ms"] = took_ms

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.company_out import CompanyOut  # noqa: PLC0415
        from ..models.opportunity_out import OpportunityOut  # noqa: PLC0415

        d = dict(src_dict)
        _client = d.pop("client", UNSET)
        client: CompanyOut | Unset
        if isinstance(_client, Unset):
            client = UNSET
        else:
            client = CompanyOut.from_dict(_client)

        _opportunities = d.pop("opportunities", UNSET)
        opportunities: list[OpportunityOut] | Unset = UNSET
        if _opportunities is not UNSET:
            opportunities = []
            for opportunities_item_data in _opportunities:
                opportunities_item = OpportunityOut.from_dict(opportunities_item_data)

                opportunities.append(opportunities_item)

        took_ms = d.pop("took_ms", UNSET)

        opportunities_out = cls(
            client=client,
            opportunities=opportunities,
            took_ms=took_ms,
        )

        return opportunities_out
