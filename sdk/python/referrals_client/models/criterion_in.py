from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.criterion_in_op import CriterionInOp
from ..types import UNSET, Unset

T = TypeVar("T", bound="CriterionIn")


@_attrs_define
class CriterionIn:
    """
    Attributes:
        attribute (str):  Example: industry.
        op (CriterionInOp):
        value (Any): a list for in/not_in, [low, high] for between, else one value
        weight (float | Unset):  Default: 1.0.
        must_have (bool | Unset):  Default: False.
    """

    attribute: str
    op: CriterionInOp
    value: Any
    weight: float | Unset = 1.0
    must_have: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        attribute = self.attribute

        op = self.op.value

        value = self.value

        weight = self.weight

        must_have = self.must_have

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "attribute": attribute,
                "op": op,
                "value": value,
            }
        )
        if weight is not UNSET:
            field_dict["weight"] = weight
        if must_have is not UNSET:
            field_dict["must_have"] = must_have

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attribute = d.pop("attribute")

        op = CriterionInOp(d.pop("op"))

        value = d.pop("value")

        weight = d.pop("weight", UNSET)

        must_have = d.pop("must_have", UNSET)

        criterion_in = cls(
            attribute=attribute,
            op=op,
            value=value,
            weight=weight,
            must_have=must_have,
        )

        return criterion_in
