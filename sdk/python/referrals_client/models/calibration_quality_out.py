from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reliability_bin_out import ReliabilityBinOut


T = TypeVar("T", bound="CalibrationQualityOut")


@_attrs_define
class CalibrationQualityOut:
    """
    Attributes:
        status (str): cold (too few outcomes to fit; no figures), learning (fitted, below warm_outcomes: the ranking is
            the hand-set one) or warm (it moves the ranking)
        outcomes (int): Decided introductions learned from.
        successes (int): Of them: meeting held (still worked) or won.
        folds (int):
        bins (list[ReliabilityBinOut]): The reliability curve: predicted against observed success, per bin.
        warm_outcomes (int): Decided introductions needed before it moves the ranking.
        weight (float): The configured weight (0..1).
        applied_weight (float): The weight in use now (0: the hand-set ranking).
        base_rate (float | None | Unset):
        log_loss (float | None | Unset): Out of fold (cross-validated).
        base_rate_log_loss (float | None | Unset): Always predicting the base rate: the model should be lower.
        brier (float | None | Unset):
        base_rate_brier (float | None | Unset):
    """

    status: str
    outcomes: int
    successes: int
    folds: int
    bins: list[ReliabilityBinOut]
    warm_outcomes: int
    weight: float
    applied_weight: float
    base_rate: float | None | Unset = UNSET
    log_loss: float | None | Unset = UNSET
    base_rate_log_loss: float | None | Unset = UNSET
    brier: float | None | Unset = UNSET
    base_rate_brier: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        outcomes = self.outcomes

        successes = self.successes

        folds = self.folds

        bins = []
        for bins_item_data in self.bins:
            bins_item = bins_item_data.to_dict()
            bins.append(bins_item)

        warm_outcomes = self.warm_outcomes

        weight = self.weight

        applied_weight = self.applied_weight

        base_rate: float | None | Unset
        if isinstance(self.base_rate, Unset):
            base_rate = UNSET
        else:
            base_rate = self.base_rate

        log_loss: float | None | Unset
        if isinstance(self.log_loss, Unset):
            log_loss = UNSET
        else:
            log_loss = self.log_loss

        base_rate_log_loss: float | None | Unset
        if isinstance(self.base_rate_log_loss, Unset):
            base_rate_log_loss = UNSET
        else:
            base_rate_log_loss = self.base_rate_log_loss

        brier: float | None | Unset
        if isinstance(self.brier, Unset):
            brier = UNSET
        else:
            brier = self.brier

        base_rate_brier: float | None | Unset
        if isinstance(self.base_rate_brier, Unset):
            base_rate_brier = UNSET
        else:
            base_rate_brier = self.base_rate_brier

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "outcomes": outcomes,
                "successes": successes,
                "folds": folds,
                "bins": bins,
                "warm_outcomes": warm_outcomes,
                "weight": weight,
                "applied_weight": applied_weight,
            }
        )
        if base_rate is not UNSET:
            field_dict["base_rate"] = base_rate
        if log_loss is not UNSET:
            field_dict["log_loss"] = log_loss
        if base_rate_log_loss is not UNSET:
            field_dict["base_rate_log_loss"] = base_rate_log_loss
        if brier is not UNSET:
            field_dict["brier"] = brier
        if base_rate_brier is not UNSET:
            field_dict["base_rate_brier"] = base_rate_brier

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reliability_bin_out import ReliabilityBinOut  # noqa: PLC0415

        d = dict(src_dict)
        status = d.pop("status")

        outcomes = d.pop("outcomes")

        successes = d.pop("successes")

        folds = d.pop("folds")

        bins = []
        _bins = d.pop("bins")
        for bins_item_data in _bins:
            bins_item = ReliabilityBinOut.from_dict(bins_item_data)

            bins.append(bins_item)

        warm_outcomes = d.pop("warm_outcomes")

        weight = d.pop("weight")

        applied_weight = d.pop("applied_weight")

        def _parse_base_rate(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        base_rate = _parse_base_rate(d.pop("base_rate", UNSET))

        def _parse_log_loss(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        log_loss = _parse_log_loss(d.pop("log_loss", UNSET))

        def _parse_base_rate_log_loss(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        base_rate_log_loss = _parse_base_rate_log_loss(d.pop("base_rate_log_loss", UNSET))

        def _parse_brier(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        brier = _parse_brier(d.pop("brier", UNSET))

        def _parse_base_rate_brier(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        base_rate_brier = _parse_base_rate_brier(d.pop("base_rate_brier", UNSET))

        calibration_quality_out = cls(
            status=status,
            outcomes=outcomes,
            successes=successes,
            folds=folds,
            bins=bins,
            warm_outcomes=warm_outcomes,
            weight=weight,
            applied_weight=applied_weight,
            base_rate=base_rate,
            log_loss=log_loss,
            base_rate_log_loss=base_rate_log_loss,
            brier=brier,
            base_rate_brier=base_rate_brier,
        )

        return calibration_quality_out
