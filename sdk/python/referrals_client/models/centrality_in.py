from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CentralityIn")


@_attrs_define
class CentralityIn:
    """
    Attributes:
        betweenness_samples (int | Unset): Pivots for sampled betweenness (more: slower, closer to exact). Default: 64.
        seed (int | Unset): Seed of the pivot draw. Default: 42.
    """

    betweenness_samples: int | Unset = 64
    seed: int | Unset = 42

    def to_dict(self) -> dict[str, Any]:
        betweenness_samples = self.betweenness_samples

        seed = self.seed

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if betweenness_samples is not UNSET:
            field_dict["betweenness_samples"] = betweenness_samples
        if seed is not UNSET:
            field_dict["seed"] = seed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        betweenness_samples = d.pop("betweenness_samples", UNSET)

        seed = d.pop("seed", UNSET)

        centrality_in = cls(
            betweenness_samples=betweenness_samples,
            seed=seed,
        )

        return centrality_in
