from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DeliveryOut")


@_attrs_define
class DeliveryOut:
    """
    Attributes:
        id (str | Unset):
        webhook_id (str | Unset):
        event_id (str | Unset):
        event_type (str | Unset):
        attempt (int | Unset):
        status_code (int | None | Unset):
        ok (bool | Unset):
        will_retry (bool | None | Unset):
        error (None | str | Unset): One word: blocked_address, unresolvable, refused, reset, timeout, tls_error,
            bad_response, network_error or http_<status>. Never the receiver's answer.
        duration_ms (float | None | Unset):
        at (datetime.datetime | None | Unset):
    """

    id: str | Unset = UNSET
    webhook_id: str | Unset = UNSET
    event_id: str | Unset = UNSET
    event_type: str | Unset = UNSET
    attempt: int | Unset = UNSET
    status_code: int | None | Unset = UNSET
    ok: bool | Unset = UNSET
    will_retry: bool | None | Unset = UNSET
    error: None | str | Unset = UNSET
    duration_ms: float | None | Unset = UNSET
    at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        webhook_id = self.webhook_id

        event_id = self.event_id

        event_type = self.event_type

        attempt = self.attempt

        status_code: int | None | Unset
        if isinstance(self.status_code, Unset):
            status_code = UNSET
        else:
            status_code = self.status_code

        ok = self.ok

        will_retry: bool | None | Unset
        if isinstance(self.will_retry, Unset):
            will_retry = UNSET
        else:
            will_retry = self.will_retry

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        duration_ms: float | None | Unset
        if isinstance(self.duration_ms, Unset):
            duration_ms = UNSET
        else:
            duration_ms = self.duration_ms

        at: None | str | Unset
        if isinstance(self.at, Unset):
            at = UNSET
        elif isinstance(self.at, datetime.datetime):
            at = self.at.isoformat()
        else:
            at = self.at

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if webhook_id is not UNSET:
            field_dict["webhook_id"] = webhook_id
        if event_id is not UNSET:
            field_dict["event_id"] = event_id
        if event_type is not UNSET:
            field_dict["event_type"] = event_type
        if attempt is not UNSET:
            field_dict["attempt"] = attempt
        if status_code is not UNSET:
            field_dict["status_code"] = status_code
        if ok is not UNSET:
            field_dict["ok"] = ok
        if will_retry is not UNSET:
            field_dict["will_retry"] = will_retry
        if error is not UNSET:
            field_dict["error"] = error
        if duration_ms is not UNSET:
            field_dict["duration_ms"] = duration_ms
        if at is not UNSET:
            field_dict["at"] = at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        webhook_id = d.pop("webhook_id", UNSET)

        event_id = d.pop("event_id", UNSET)

        event_type = d.pop("event_type", UNSET)

        attempt = d.pop("attempt", UNSET)

        def _parse_status_code(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        status_code = _parse_status_code(d.pop("status_code", UNSET))

        ok = d.pop("ok", UNSET)

        def _parse_will_retry(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        will_retry = _parse_will_retry(d.pop("will_retry", UNSET))

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_duration_ms(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        duration_ms = _parse_duration_ms(d.pop("duration_ms", UNSET))

        def _parse_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                at_type_0 = datetime.datetime.fromisoformat(data)

                return at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        at = _parse_at(d.pop("at", UNSET))

        delivery_out = cls(
            id=id,
            webhook_id=webhook_id,
            event_id=event_id,
            event_type=event_type,
            attempt=attempt,
            status_code=status_code,
            ok=ok,
            will_retry=will_retry,
            error=error,
            duration_ms=duration_ms,
            at=at,
        )

        return delivery_out
