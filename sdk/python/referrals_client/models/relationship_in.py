from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RelationshipIn")


@_attrs_define
class RelationshipIn:
    """
    Attributes:
        a (str): A person id.
        b (str): Another person id.
        strength (float): Tie strength in (0, 1].
        interactions (int | Unset):
        last_interaction (datetime.date | None | Unset):
        source (str | Unset):
    """

    a: str
    b: str
    strength: float
    interactions: int | Unset = UNSET
    last_interaction: datetime.date | None | Unset = UNSET
    source: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        a = self.a

        b = self.b

        strength = self.strength

        interactions = self.interactions

        last_interaction: None | str | Unset
        if isinstance(self.last_interaction, Unset):
            last_interaction = UNSET
        elif isinstance(self.last_interaction, datetime.date):
            last_interaction = self.last_interaction.isoformat()
        else:
            last_interaction = self.last_interaction

        source = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "a": a,
                "b": b,
                "strength": strength,
            }
        )
        if interactions is not UNSET:
            field_dict["interactions"] = interactions
        if last_interaction is not UNSET:
            field_dict["last_interaction"] = last_interaction
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        a = d.pop("a")

        b = d.pop("b")

        strength = d.pop("strength")

        interactions = d.pop("interactions", UNSET)

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

        source = d.pop("source", UNSET)

        relationship_in = cls(
            a=a,
            b=b,
            strength=strength,
            interactions=interactions,
            last_interaction=last_interaction,
            source=source,
        )

        return relationship_in
