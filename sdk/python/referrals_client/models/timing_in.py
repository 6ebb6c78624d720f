from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TimingIn")


@_attrs_define
class TimingIn:
    """
    Attributes:
        renewal_on (datetime.date | None | Unset): the next renewal
        satisfaction (float | None | Unset): 0..1 (a normalised NPS / CSAT)
        last_win_on (datetime.date | None | Unset): a recent win with us
    """

    renewal_on: datetime.date | None | Unset = UNSET
    satisfaction: float | None | Unset = UNSET
    last_win_on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        renewal_on: None | str | Unset
        if isinstance(self.renewal_on, Unset):
            renewal_on = UNSET
        elif isinstance(self.renewal_on, datetime.date):
            renewal_on = self.renewal_on.isoformat()
        else:
            renewal_on = self.renewal_on

        satisfaction: float | None | Unset
        if isinstance(self.satisfaction, Unset):
            satisfaction = UNSET
        else:
            satisfaction = self.satisfaction

        last_win_on: None | str | Unset
        if isinstance(self.last_win_on, Unset):
            last_win_on = UNSET
        elif isinstance(self.last_win_on, datetime.date):
            last_win_on = self.last_win_on.isoformat()
        else:
            last_win_on = self.last_win_on

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if renewal_on is not UNSET:
            field_dict["renewal_on"] = renewal_on
        if satisfaction is not UNSET:
            field_dict["satisfaction"] = satisfaction
        if last_win_on is not UNSET:
            field_dict["last_win_on"] = last_win_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_renewal_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                renewal_on_type_0 = datetime.date.fromisoformat(data)

                return renewal_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        renewal_on = _parse_renewal_on(d.pop("renewal_on", UNSET))

        def _parse_satisfaction(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        satisfaction = _parse_satisfaction(d.pop("satisfaction", UNSET))

        def _parse_last_win_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_win_on_type_0 = datetime.date.fromisoformat(data)

                return last_win_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        last_win_on = _parse_last_win_on(d.pop("last_win_on", UNSET))

        timing_in = cls(
            renewal_on=renewal_on,
            satisfaction=satisfaction,
            last_win_on=last_win_on,
        )

        return timing_in
