from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customized import Customized
    from ..models.draft_out import DraftOut
    from ..models.placeholder_out import PlaceholderOut
    from ..models.template_texts import TemplateTexts


T = TypeVar("T", bound="TemplatesOut")


@_attrs_define
class TemplatesOut:
    """
    Attributes:
        templates (TemplateTexts | Unset):
        customized (Customized | Unset):
        defaults (TemplateTexts | Unset):
        placeholders (list[PlaceholderOut] | Unset):
        updated_at (datetime.datetime | None | Unset):
        updated_by (None | str | Unset):
        preview (DraftOut | Unset):
    """

    templates: TemplateTexts | Unset = UNSET
    customized: Customized | Unset = UNSET
    defaults: TemplateTexts | Unset = UNSET
    placeholders: list[PlaceholderOut] | Unset = UNSET
    updated_at: datetime.datetime | None | Unset = UNSET
    updated_by: None | str | Unset = UNSET
    preview: DraftOut | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        templates: dict[str, Any] | Unset = UNSET
        if not isinstance(self.templates, Unset):
            templates = self.templates.to_dict()

        customized: dict[str, Any] | Unset = UNSET
        if not isinstance(self.customized, Unset):
            customized = self.customized.to_dict()

        defaults: dict[str, Any] | Unset = UNSET
        if not isinstance(self.defaults, Unset):
            defaults = self.defaults.to_dict()

        placeholders: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.placeholders, Unset):
            placeholders = []
            for placeholders_item_data in self.placeholders:
                placeholders_item = placeholders_item_data.to_dict()
                placeholders.append(placeholders_item)

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        elif isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        updated_by: None | str | Unset
        if isinstance(self.updated_by, Unset):
            updated_by = UNSET
        else:
            updated_by = self.updated_by

        preview: dict[str, Any] | Unset = UNSET
        if not isinstance(self.preview, Unset):
            preview = self.preview.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if templates is not UNSET:
            field_dict["templates"] = templates
        if customized is not UNSET:
            field_dict["customized"] = customized
        if defaults is not UNSET:
            field_dict["defaults"] = defaults
        if placeholders is not UNSET:
            field_dict["placeholders"] = placeholders
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if updated_by is not UNSET:
            field_dict["updated_by"] = updated_by
        if preview is not UNSET:
            field_dict["preview"] = preview

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.customized import Customized  # noqa: PLC0415
        from ..models.draft_out import DraftOut  # noqa: PLC0415
        from ..models.placeholder_out import PlaceholderOut  # noqa: PLC0415
        from ..models.template_texts import TemplateTexts  # noqa: PLC0415

        d = dict(src_dict)
        _templates = d.pop("templates", UNSET)
        templates: TemplateTexts | Unset
        if isinstance(_templates, Unset):
            templates = UNSET
        else:
            templates = TemplateTexts.from_dict(_templates)

        _customized = d.pop("customized", UNSET)
        customized: Customized | Unset
        if isinstance(_customized, Unset):
            customized = UNSET
        else:
            customized = Customized.from_dict(_customized)

        _defaults = d.pop("defaults", UNSET)
        defaults: TemplateTexts | Unset
        if isinstance(_defaults, Unset):
            defaults = UNSET
        else:
            defaults = TemplateTexts.from_dict(_defaults)

        _placeholders = d.pop("placeholders", UNSET)
        placeholders: list[PlaceholderOut] | Unset = UNSET
        if _placeholders is not UNSET:
            placeholders = []
            for placeholders_item_data in _placeholders:
                placeholders_item = PlaceholderOut.from_dict(placeholders_item_data)

                placeholders.append(placeholders_item)

        def _parse_updated_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        updated_at = _parse_updated_at(d.pop("updated_at", UNSET))

        def _parse_updated_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        updated_by = _parse_updated_by(d.pop("updated_by", UNSET))

        _preview = d.pop("preview", UNSET)
        preview: DraftOut | Unset
        if isinstance(_preview, Unset):
            preview = UNSET
        else:
            preview = DraftOut.from_dict(_preview)

        templates_out = cls(
            templates=templates,
            customized=customized,
            defaults=defaults,
            placeholders=placeholders,
            updated_at=updated_at,
            updated_by=updated_by,
            preview=preview,
        )

        return templates_out
