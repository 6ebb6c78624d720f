from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define

from .. import types
from ..models.import_upload_format import ImportUploadFormat
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="ImportUpload")


@_attrs_define
class ImportUpload:
    """
    Attributes:
        format_ (ImportUploadFormat): One of linkedin, hubspot, salesforce, interactions, graph-json.
        file (File): The exported file (CSV, XLSX or JSON).
        owner_id (str | Unset): linkedin: the rep (person id) whose connections these are.
        source (str | Unset): Whose external ids the file carries (default: the format).
        full (bool | Unset): Compare every row with the graph, also the rows the last import of the same source landed
            unchanged (graph-json), which are otherwise left out unread: a value changed in the app since then stays unless
            this is true. Default: False.
    """

    format_: ImportUploadFormat
    file: File
    owner_id: str | Unset = UNSET
    source: str | Unset = UNSET
    full: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        format_ = self.format_.value

        file = self.file.to_tuple()

        owner_id = self.owner_id

        source = self.source

        full = self.full

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "format": format_,
                "file": file,
            }
        )
        if owner_id is not UNSET:
            field_dict["owner_id"] = owner_id
        if source is not UNSET:
            field_dict["source"] = source
        if full is not UNSET:
            field_dict["full"] = full

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("format", (None, str(self.format_.value).encode(), "text/plain")))

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.owner_id, Unset):
            files.append(("owner_id", (None, str(self.owner_id).encode(), "text/plain")))

        if not isinstance(self.source, Unset):
            files.append(("source", (None, str(self.source).encode(), "text/plain")))

        if not isinstance(self.full, Unset):
            files.append(("full", (None, str(self.full).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        format_ = ImportUploadFormat(d.pop("format"))

        file = File(payload=BytesIO(d.pop("file")))

        owner_id = d.pop("owner_id", UNSET)

        source = d.pop("source", UNSET)

        full = d.pop("full", UNSET)

        import_upload = cls(
            format_=format_,
            file=file,
            owner_id=owner_id,
            source=source,
            full=full,
        )

        return import_upload
