from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.considered_out import ConsideredOut
    from ..models.paths_out_considered_type_1_type_0 import PathsOutConsideredType1Type0
    from ..models.paths_out_runner_up_type_1_type_0 import PathsOutRunnerUpType1Type0
    from ..models.referral_path import ReferralPath
    from ..models.runner_up_out import RunnerUpOut


T = TypeVar("T", bound="PathsOut")


@_attrs_define
class PathsOut:
    """
    Attributes:
        target (str | Unset):
        source (None | str | Unset):
        max_hops (int | Unset):
        paths (list[ReferralPath] | Unset):
        runner_up (None | PathsOutRunnerUpType1Type0 | RunnerUpOut | Unset): The best path not shown as usable, and why
            it lost (null: none).
        considered (ConsideredOut | None | PathsOutConsideredType1Type0 | Unset): For a company target, the employees
            the search looked at (null for a person).
        took_ms (float | Unset):
    """

    target: str | Unset = UNSET
    source: None | str | Unset = UNSET
    max_hops: int | Unset = UNSET
    paths: list[ReferralPath] | Unset = UNSET
    runner_up: None | PathsOutRunnerUpType1Type0 | RunnerUpOut | Unset = UNSET
    considered: ConsideredOut | None | PathsOutConsideredType1Type0 | Unset = UNSET
    took_ms: float | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.considered_out import ConsideredOut  # noqa: PLC0415
        from ..models.paths_out_considered_type_1_type_0 import PathsOutConsideredType1Type0  # noqa: PLC0415
        from ..models.paths_out_runner_up_type_1_type_0 import PathsOutRunnerUpType1Type0  # noqa: PLC0415
        from ..models.runner_up_out import RunnerUpOut  # noqa: PLC0415

        target = self.target

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        max_hops = self.max_hops

        paths: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.paths, Unset):
            paths = []
            for paths_item_data in self.paths:
                paths_item = paths_item_data.to_dict()
                paths.append(paths_item)

        runner_up: dict[str, Any] | None | Unset
        if isinstance(self.runner_up, Unset):
            runner_up = UNSET
        elif isinstance(self.runner_up, RunnerUpOut):
            runner_up = self.runner_up.to_dict()
        elif isinstance(self.runner_up, PathsOutRunnerUpType1Type0):
            runner_up = self.runner_up.to_dict()
        else:
            runner_up = self.runner_up

        considered: dict[str, Any] | None | Unset
        if isinstance(self.considered, Unset):
            considered = UNSET
        elif isinstance(self.considered, ConsideredOut):
            considered = self.considered.to_dict()
        elif isinstance(self.considered, PathsOutConsideredType1Type0):
            considered = self.considered.to_dict()
        else:
            considered = self.considered

        took_ms = self.took_ms

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if target is not UNSET:
            field_dict["target"] = target
        if source is not UNSET:
            field_dict["source"] = source
        if max_hops is not UNSET:
            field_dict["max_hops"] = max_hops
        if paths is not UNSET:
            field_dict["paths"] = paths
        if runner_up is not UNSET:
            field_dict["runner_up"] = runner_up
        if considered is not UNSET:
            field_dict["considered"] = considered
        if took_ms is not UNSET:
            field_dict["took_ms"] = took_ms

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.considered_out import ConsideredOut  # noqa: PLC0415
        from ..models.paths_out_considered_type_1_type_0 import PathsOutConsideredType1Type0  # noqa: PLC0415
        from ..models.paths_out_runner_up_type_1_type_0 import PathsOutRunnerUpType1Type0  # noqa: PLC0415
        from ..models.referral_path import ReferralPath  # noqa: PLC0415
        from ..models.runner_up_out import RunnerUpOut  # noqa: PLC0415

        d = dict(src_dict)
        target = d.pop("target", UNSET)

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        max_hops = d.pop("max_hops", UNSET)

        _paths = d.pop("paths", UNSET)
        paths: list[ReferralPath] | Unset = UNSET
        if _paths is not UNSET:
            paths = []
            for paths_item_data in _paths:
                paths_item = ReferralPath.from_dict(paths_item_data)

                paths.append(paths_item)

        def _parse_runner_up(data: object) -> None | PathsOutRunnerUpType1Type0 | RunnerUpOut | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                runner_up_type_0 = RunnerUpOut.from_dict(data)

                return runner_up_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                runner_up_type_1_type_0 = PathsOutRunnerUpType1Type0.from_dict(data)

                return runner_up_type_1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PathsOutRunnerUpType1Type0 | RunnerUpOut | Unset, data)

        runner_up = _parse_runner_up(d.pop("runner_up", UNSET))

        def _parse_considered(data: object) -> ConsideredOut | None | PathsOutConsideredType1Type0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                considered_type_0 = ConsideredOut.from_dict(data)

                return considered_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                considered_type_1_type_0 = PathsOutConsideredType1Type0.from_dict(data)

                return considered_type_1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsideredOut | None | PathsOutConsideredType1Type0 | Unset, data)

        considered = _parse_considered(d.pop("considered", UNSET))

        took_ms = d.pop("took_ms", UNSET)

        paths_out = cls(
            target=target,
            source=source,
            max_hops=max_hops,
            paths=paths,
            runner_up=runner_up,
            considered=considered,
            took_ms=took_ms,
        )

        return paths_out
