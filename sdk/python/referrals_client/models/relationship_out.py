from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.person_summary import PersonSummary
    from ..models.relationship_out_person_type_1_type_0 import RelationshipOutPersonType1Type0


T = TypeVar("T", bound="RelationshipOut")


@_attrs_define
class RelationshipOut:
    """
    Attributes:
        a (str):
        b (None | str): The other person; null when hidden (see `hidden`).
        strength (float | None | Unset):
        interactions (int | None | Unset):
        last_interaction (datetime.date | None | Unset):
        source (None | str | Unset):
        person (None | PersonSummary | RelationshipOutPersonType1Type0 | Unset): The other person (lists only); null
            when hidden.
        hidden (bool | Unset): Lists only. True: the other person works at a client that has not opted in to being asked
            (PUT /companies/{id}/consent), so this tie is a counts-only stand-in: its strength and interactions, no id,
            name, email or title.
        company_consent (str | Unset): On a hidden tie: the client's answer so far, not_asked or declined.
        created_at (datetime.datetime | None | Unset):
        updated_at (datetime.datetime | None | Unset):
    """

    a: str
    b: None | str
    strength: float | None | Unset = UNSET
    interactions: int | None | Unset = UNSET
    last_interaction: datetime.date | None | Unset = UNSET
    source: None | str | Unset = UNSET
    person: None | PersonSummary | RelationshipOutPersonType1Type0 | Unset = UNSET
    hidden: bool | Unset = UNSET
    company_consent: str | Unset = UNSET
    created_at: datetime.datetime | None | Unset = UNSET
    updated_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.person_summary import PersonSummary  # noqa: PLC0415
        from ..models.relationship_out_person_type_1_type_0 import RelationshipOutPersonType1Type0  # noqa: PLC0415

        a = self.a

        b: None | str
        b = self.b

        strength: float | None | Unset
        if isinstance(self.strength, Unset):
            strength = UNSET
        else:
            strength = self.strength

        interactions: int | None | Unset
        if isinstance(self.interactions, Unset):
            interactions = UNSET
        else:
            interactions = self.interactions

        last_interaction: None | str | Unset
        if isinstance(self.last_interaction, Unset):
            last_interaction = UNSET
        elif isinstance(self.last_interaction, datetime.date):
            last_interaction = self.last_interaction.isoformat()
        else:
            last_interaction = self.last_interaction

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        person: dict[str, Any] | None | Unset
        if isinstance(self.person, Unset):
            person = UNSET
        elif isinstance(self.person, PersonSummary):
            person = self.person.to_dict()
        elif isinstance(self.person, RelationshipOutPersonType1Type0):
            person = self.person.to_dict()
        else:
            person = self.person

        hidden = self.hidden

        company_consent = self.company_consent

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
                "a": a,
                "b": b,
            }
        )
        if strength is not UNSET:
            field_dict["strength"] = strength
        if interactions is not UNSET:
            field_dict["interactions"] = interactions
        if last_interaction is not UNSET:
            field_dict["last_interaction"] = last_interaction
        if source is not UNSET:
            field_dict["source"] = source
        if person is not UNSET:
            field_dict["person"] = person
        if hidden is not UNSET:
            field_dict["hidden"] = hidden
        if company_consent is not UNSET:
            field_dict["company_consent"] = company_consent
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.person_summary import PersonSummary  # noqa: PLC0415
        from ..models.relationship_out_person_type_1_type_0 import RelationshipOutPersonType1Type0  # noqa: PLC0415

        d = dict(src_dict)
        a = d.pop("a")

        def _parse_b(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        b = _parse_b(d.pop("b"))

        def _parse_strength(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        strength = _parse_strength(d.pop("strength", UNSET))

        def _parse_interactions(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        interactions = _parse_interactions(d.pop("interactions", UNSET))

        def _parse_last_interaction(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_interaction_type_0 = datetime.date.fromisoformat(data)

                return last_interaction_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        last_interaction = _parse_last_interaction(d.pop("last_interaction", UNSET))

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_person(data: object) -> None | PersonSummary | RelationshipOutPersonType1Type0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                person_type_0 = PersonSummary.from_dict(data)

                return person_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                person_type_1_type_0 = RelationshipOutPersonType1Type0.from_dict(data)

                return person_type_1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonSummary | RelationshipOutPersonType1Type0 | Unset, data)

        person = _parse_person(d.pop("person", UNSET))

        hidden = d.pop("hidden", UNSET)

        company_consent = d.pop("company_consent", UNSET)

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

        relationship_out = cls(
            a=a,
            b=b,
            strength=strength,
            interactions=interactions,
            last_interaction=last_interaction,
            source=source,
            person=person,
            hidden=hidden,
            company_consent=company_consent,
            created_at=created_at,
            updated_at=updated_at,
        )

        return relationship_out
