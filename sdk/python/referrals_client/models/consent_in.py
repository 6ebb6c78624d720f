from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.consent_in_connector_consent import ConsentInConnectorConsent
from ..types import UNSET, Unset

T = TypeVar("T", bound="ConsentIn")


@_attrs_define
class ConsentIn:
    """
    Attributes:
        connector_consent (ConsentInConnectorConsent): opted_in, not_asked or declined
        actor (str | Unset): Who recorded it (default: the API key's name).
    """

    connector_consent: ConsentInConnectorConsent
    actor: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        connector_consent = self.connector_consent.value

        actor = self.actor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "connector_consent": connector_consent,
            }
        )
        if actor is not UNSET:
            field_dict["actor"] = actor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        connector_consent = ConsentInConnectorConsent(d.pop("connector_consent"))

        actor = d.pop("actor", UNSET)

        consent_in = cls(
            connector_consent=connector_consent,
            actor=actor,
        )

        return consent_in
