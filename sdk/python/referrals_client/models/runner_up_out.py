from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RunnerUpOut")


@_attrs_define
class RunnerUpOut:
    """
    Attributes:
        summary (str | Unset):
        why_lost (str | Unset):
        reason (str | Unset): rank, diversity or consent
        score (float | Unset):
        hops (int | Unset):
        tier (str | Unset):
        counts_only (bool | Unset):
    """

    summary: str | Unset = UNSET
    why_lost: str | Unset = UNSET
    reason: str | Unset = UNSET
    score: float | Unset = UNSET
    hops: int | Unset = UNSET
    tier: str | Unset = UNSET
    counts_only: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        summary = self.summary

        why_lost = self.why_lost

        reason = self.reason

        score = self.score

        hops = self.hops

        tier = self.tier

        counts_only = self.counts_only

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if summary is not UNSET:
            field_dict["summary"] = summary
        if why_lost is not UNSET:
            field_dict["why_lost"] = why_lost
        if reason is not UNSET:
            field_dict["reason"] = reason
        if score is not UNSET:
            field_dict["score"] = score
        if hops is not UNSET:
            field_dict["hops"] = hops
        if tier is not UNSET:
            field_dict["tier"] = tier
        if counts_only is not UNSET:
            field_dict["counts_only"] = counts_only

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        summary = d.pop("summary", UNSET)

        why_lost = d.pop("why_lost", UNSET)

        reason = d.pop("reason", UNSET)

        score = d.pop("score", UNSET)

        hops = d.pop("hops", UNSET)

        tier = d.pop("tier", UNSET)

        counts_only = d.pop("counts_only", UNSET)

        runner_up_out = cls(
            summary=summary,
            why_lost=why_lost,
            reason=reason,
            score=score,
            hops=hops,
            tier=tier,
            counts_only=counts_only,
        )

        return runner_up_out
