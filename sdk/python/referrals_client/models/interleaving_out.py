from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="InterleavingOut")


@_attrs_define
class InterleavingOut:
    """
    Attributes:
        impressions (int | Unset): Interleaved lists shown (a reload of the same list is the same one).
        clicks (int | Unset): Introductions requested from those lists.
        a_wins (int | Unset): Lists where more requested paths came from the hand-set ranking (team a).
        b_wins (int | Unset): Lists where more came from the learned ranking (team b).
        ties (int | Unset): Lists with requests where both placed as many; lists with no request count in neither.
        learned_share (float | Unset): b_wins / (a_wins + b_wins); 0.5 with none.
        ci_low (float | Unset): Wilson interval of learned_share, low end.
        ci_high (float | Unset): Wilson interval of learned_share, high end.
        winner (None | str | Unset): learned or hand_set when the interval excludes 0.5, else null.
        verdict (str | Unset): The report in one sentence.
        confidence (float | Unset):
        days (int | None | Unset):
    """

    impressions: int | Unset = UNSET
    clicks: int | Unset = UNSET
    a_wins: int | Unset = UNSET
    b_wins: int | Unset = UNSET
    ties: int | Unset = UNSET
    learned_share: float | Unset = UNSET
    ci_low: float | Unset = UNSET
    ci_high: float | Unset = UNSET
    winner: None | str | Unset = UNSET
    verdict: str | Unset = UNSET
    confidence: float | Unset = UNSET
    days: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        impressions = self.impressions

        clicks = self.clicks

        a_wins = self.a_wins

        b_wins = self.b_wins

        ties = self.ties

        learned_share = self.learned_share

        ci_low = self.ci_low

        ci_high = self.ci_high

        winner: None | str | Unset
        if isinstance(self.winner, Unset):
            winner = UNSET
        else:
            winner = self.winner

        verdict = self.verdict

        confidence = self.confidence

        days: int | None | Unset
        if isinstance(self.days, Unset):
            days = UNSET
        else:
            days = self.days

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if impressions is not UNSET:
            field_dict["impressions"] = impressions
        if clicks is not UNSET:
            field_dict["clicks"] = clicks
        if a_wins is not UNSET:
            field_dict["a_wins"] = a_wins
        if b_wins is not UNSET:
            field_dict["b_wins"] = b_wins
        if ties is not UNSET:
            field_dict["ties"] = ties
        if learned_share is not UNSET:
            field_dict["learned_share"] = learned_share
        if ci_low is not UNSET:
            field_dict["ci_low"] = ci_low
        if ci_high is not UNSET:
            field_dict["ci_high"] = ci_high
        if winner is not UNSET:
            field_dict["winner"] = winner
        if verdict is not UNSET:
            field_dict["verdict"] = verdict
        if confidence is not UNSET:
            field_dict["confidence"] = confidence
        if days is not UNSET:
            field_dict["days"] = days

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        impressions = d.pop("impressions", UNSET)

        clicks = d.pop("clicks", UNSET)

        a_wins = d.pop("a_wins", UNSET)

        b_wins = d.pop("b_wins", UNSET)

        ties = d.pop("ties", UNSET)

        learned_share = d.pop("learned_share", UNSET)

        ci_low = d.pop("ci_low", UNSET)

        ci_high = d.pop("ci_high", UNSET)

        def _parse_winner(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        winner = _parse_winner(d.pop("winner", UNSET))

        verdict = d.pop("verdict", UNSET)

        confidence = d.pop("confidence", UNSET)

        def _parse_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        days = _parse_days(d.pop("days", UNSET))

        interleaving_out = cls(
            impressions=impressions,
            clicks=clicks,
            a_wins=a_wins,
            b_wins=b_wins,
            ties=ties,
            learned_share=learned_share,
            ci_low=ci_low,
            ci_high=ci_high,
            winner=winner,
            verdict=verdict,
            confidence=confidence,
            days=days,
        )

        return interleaving_out
