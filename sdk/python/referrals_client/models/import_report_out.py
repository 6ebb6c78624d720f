from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.import_error import ImportError_
    from ..models.import_report_out_identity import ImportReportOutIdentity
    from ..models.owners_out import OwnersOut


T = TypeVar("T", bound="ImportReportOut")


@_attrs_define
class ImportReportOut:
    """
    Attributes:
        format_ (str | Unset):
        created (int | Unset):
        updated (int | Unset):
        unchanged (int | Unset):
        skipped (int | Unset):
        errors (list[ImportError_] | Unset):
        error_count (int | Unset):
        rows (int | Unset):
        seconds (float | Unset):
        unchanged_since_last_import (int | Unset): Of `unchanged`, the rows left out without reading the graph: the last
            import of the same source landed them and they did not change (graph-json).
        last_import (str | Unset): Whether the last import of the same source was used to leave rows out, or why not.
        refresh_job (str | Unset): An import that changed something: the background job (GET /jobs/{id}) that refreshes
            what big companies and clients keep for fast searches.
        owners (OwnersOut | Unset):
        identity (ImportReportOutIdentity | Unset): The identity run on the people the import created or changed
            (docs/identity.md): {ran, note} when skipped, else its counts and seconds.
    """

    format_: str | Unset = UNSET
    created: int | Unset = UNSET
    updated: int | Unset = UNSET
    unchanged: int | Unset = UNSET
    skipped: int | Unset = UNSET
    errors: list[ImportError_] | Unset = UNSET
    error_count: int | Unset = UNSET
    rows: int | Unset = UNSET
    seconds: float | Unset = UNSET
    unchanged_since_last_import: int | Unset = UNSET
    last_import: str | Unset = UNSET
    refresh_job: str | Unset = UNSET
    owners: OwnersOut | Unset = UNSET
    identity: ImportReportOutIdentity | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        format_ = self.format_

        created = self.created

        updated = self.updated

        unchanged = self.unchanged

        skipped = self.skipped

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        error_count = self.error_count

        rows = self.rows

        seconds = self.seconds

        unchanged_since_last_import = self.unchanged_since_last_import

        last_import = self.last_import

        refresh_job = self.refresh_job

        owners: dict[str, Any] | Unset = UNSET
        if not isinstance(self.owners, Unset):
            owners = self.owners.to_dict()

        identity: dict[str, Any] | Unset = UNSET
        if not isinstance(self.identity, Unset):
            identity = self.identity.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if format_ is not UNSET:
            field_dict["format"] = format_
        if created is not UNSET:
            field_dict["created"] = created
        if updated is not UNSET:
            field_dict["updated"] = updated
        if unchanged is not UNSET:
            field_dict["unchanged"] = unchanged
        if skipped is not UNSET:
            field_dict["skipped"] = skipped
        if errors is not UNSET:
            field_dict["errors"] = errors
        if error_count is not UNSET:
            field_dict["error_count"] = error_count
        if rows is not UNSET:
            field_dict["rows"] = rows
        if seconds is not UNSET:
            field_dict["seconds"] = seconds
        if unchanged_since_last_import is not UNSET:
            field_dict["unchanged_since_last_import"] = unchanged_since_last_import
        if last_import is not UNSET:
            field_dict["last_import"] = last_import
        if refresh_job is not UNSET:
            field_dict["refresh_job"] = refresh_job
        if owners is not UNSET:
            field_dict["owners"] = owners
        if identity is not UNSET:
            field_dict["identity"] = identity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_error import ImportError_  # noqa: PLC0415
        from ..models.import_report_out_identity import ImportReportOutIdentity  # noqa: PLC0415
        from ..models.owners_out import OwnersOut  # noqa: PLC0415

        d = dict(src_dict)
        format_ = d.pop("format", UNSET)

        created = d.pop("created", UNSET)

        updated = d.pop("updated", UNSET)

        unchanged = d.pop("unchanged", UNSET)

        skipped = d.pop("skipped", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[ImportError_] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = ImportError_.from_dict(errors_item_data)

                errors.append(errors_item)

        error_count = d.pop("error_count", UNSET)

        rows = d.pop("rows", UNSET)

        seconds = d.pop("seconds", UNSET)

        unchanged_since_last_import = d.pop("unchanged_since_last_import", UNSET)

        last_import = d.pop("last_import", UNSET)

        refresh_job = d.pop("refresh_job", UNSET)

        _owners = d.pop("owners", UNSET)
        owners: OwnersOut | Unset
        if isinstance(_owners, Unset):
            owners = UNSET
        else:
            owners = OwnersOut.from_dict(_owners)

        _identity = d.pop("identity", UNSET)
        identity: ImportReportOutIdentity | Unset
        if isinstance(_identity, Unset):
            identity = UNSET
        else:
            identity = ImportReportOutIdentity.from_dict(_identity)

        import_report_out = cls(
            format_=format_,
            created=created,
            updated=updated,
            unchanged=unchanged,
            skipped=skipped,
            errors=errors,
            error_count=error_count,
            rows=rows,
            seconds=seconds,
            unchanged_since_last_import=unchanged_since_last_import,
            last_import=last_import,
            refresh_job=refresh_job,
            owners=owners,
            identity=identity,
        )

        return import_report_out
