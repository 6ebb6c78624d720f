from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.company_side import CompanySide
    from ..models.evidence_split import EvidenceSplit
    from ..models.person_side import PersonSide
    from ..models.review_out_company_a_type_0_type_0 import ReviewOutCompanyAType0Type0
    from ..models.review_out_company_b_type_0_type_0 import ReviewOutCompanyBType0Type0
    from ..models.review_out_person_a_type_0_type_0 import ReviewOutPersonAType0Type0
    from ..models.review_out_person_b_type_0_type_0 import ReviewOutPersonBType0Type0


T = TypeVar("T", bound="ReviewOut")


@_attrs_define
class ReviewOut:
    """
    Attributes:
        id (str | Unset):
        kind (str | Unset): person (person_a, person_b) or company (company_a, company_b)
        a (None | str | Unset):
        b (None | str | Unset):
        probability (float | Unset):
        weight (float | Unset):
        reason (str | Unset): review, or do_not_contact (a sure pair held back); companies: review, names_differ (one
            domain, names apart) or status_differs
        status (str | Unset): open, merged or rejected
        created_at (datetime.datetime | None | Unset):
        decided_by (None | str | Unset):
        decided_at (datetime.datetime | None | Unset):
        merge_id (None | str | Unset): undo it with POST /identity/merges/{id}/undo
        evidence (EvidenceSplit | Unset):
        person_a (None | PersonSide | ReviewOutPersonAType0Type0 | Unset):
        person_b (None | PersonSide | ReviewOutPersonBType0Type0 | Unset):
        company_a (CompanySide | None | ReviewOutCompanyAType0Type0 | Unset):
        company_b (CompanySide | None | ReviewOutCompanyBType0Type0 | Unset):
    """

    id: str | Unset = UNSET
    kind: str | Unset = UNSET
    a: None | str | Unset = UNSET
    b: None | str | Unset = UNSET
    probability: float | Unset = UNSET
    weight: float | Unset = UNSET
    reason: str | Unset = UNSET
    status: str | Unset = UNSET
    created_at: datetime.datetime | None | Unset = UNSET
    decided_by: None | str | Unset = UNSET
    decided_at: datetime.datetime | None | Unset = UNSET
    merge_id: None | str | Unset = UNSET
    evidence: EvidenceSplit | Unset = UNSET
    person_a: None | PersonSide | ReviewOutPersonAType0Type0 | Unset = UNSET
    person_b: None | PersonSide | ReviewOutPersonBType0Type0 | Unset = UNSET
    company_a: CompanySide | None | ReviewOutCompanyAType0Type0 | Unset = UNSET
    company_b: CompanySide | None | ReviewOutCompanyBType0Type0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.company_side import CompanySide  # noqa: PLC0415
        from ..models.person_side import PersonSide  # noqa: PLC0415
        from ..models.review_out_company_a_type_0_type_0 import ReviewOutCompanyAType0Type0  # noqa: PLC0415
        from ..models.review_out_company_b_type_0_type_0 import ReviewOutCompanyBType0Type0  # noqa: PLC0415
        from ..models.review_out_person_a_type_0_type_0 import ReviewOutPersonAType0Type0  # noqa: PLC0415
        from ..models.review_out_person_b_type_0_type_0 import ReviewOutPersonBType0Type0  # noqa: PLC0415

        id = self.id

        kind = self.kind

        a: None | str | Unset
        if isinstance(self.a, Unset):
            a = UNSET
        else:
            a = self.a

        b: None | str | Unset
        if isinstance(self.b, Unset):
            b = UNSET
        else:
            b = self.b

        probability = self.probability

        weight = self.weight

        reason = self.reason

        status = self.status

        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        elif isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        decided_by: None | str | Unset
        if isinstance(self.decided_by, Unset):
            decided_by = UNSET
        else:
            decided_by = self.decided_by

        decided_at: None | str | Unset
        if isinstance(self.decided_at, Unset):
            decided_at = UNSET
        elif isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        merge_id: None | str | Unset
        if isinstance(self.merge_id, Unset):
            merge_id = UNSET
        else:
            merge_id = self.merge_id

        evidence: dict[str, Any] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = self.evidence.to_dict()

        person_a: dict[str, Any] | None | Unset
        if isinstance(self.person_a, Unset):
            person_a = UNSET
        elif isinstance(self.person_a, ReviewOutPersonAType0Type0):
            person_a = self.person_a.to_dict()
        elif isinstance(self.person_a, PersonSide):
            person_a = self.person_a.to_dict()
        else:
            person_a = self.person_a

        person_b: dict[str, Any] | None | Unset
        if isinstance(self.person_b, Unset):
            person_b = UNSET
        elif isinstance(self.person_b, ReviewOutPersonBType0Type0):
            person_b = self.person_b.to_dict()
        elif isinstance(self.person_b, PersonSide):
            person_b = self.person_b.to_dict()
        else:
            person_b = self.person_b

        company_a: dict[str, Any] | None | Unset
        if isinstance(self.company_a, Unset):
            company_a = UNSET
        elif isinstance(self.company_a, ReviewOutCompanyAType0Type0):
            company_a = self.company_a.to_dict()
        elif isinstance(self.company_a, CompanySide):
            company_a = self.company_a.to_dict()
        else:
            company_a = self.company_a

        company_b: dict[str, Any] | None | Unset
        if isinstance(self.company_b, Unset):
            company_b = UNSET
        elif isinstance(self.company_b, ReviewOutCompanyBType0Type0):
            company_b = self.company_b.to_dict()
        elif isinstance(self.company_b, CompanySide):
            company_b = self.company_b.to_dict()
        else:
            company_b = self.company_b

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if kind is not UNSET:
            field_dict["kind"] = kind
        if a is not UNSET:
            field_dict["a"] = a
        if b is not UNSET:
            field_dict["b"] = b
        if probability is not UNSET:
            field_dict["probability"] = probability
        if weight is not UNSET:
            field_dict["weight"] = weight
        if reason is not UNSET:
            field_dict["reason"] = reason
        if status is not UNSET:
            field_dict["status"] = status
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if decided_by is not UNSET:
            field_dict["decided_by"] = decided_by
        if decided_at is not UNSET:
            field_dict["decided_at"] = decided_at
        if merge_id is not UNSET:
            field_dict["merge_id"] = merge_id
        if evidence is not UNSET:
            field_dict["evidence"] = evidence
        if person_a is not UNSET:
            field_dict["person_a"] = person_a
        if person_b is not UNSET:
            field_dict["person_b"] = person_b
        if company_a is not UNSET:
            field_dict["company_a"] = company_a
        if company_b is not UNSET:
            field_dict["company_b"] = company_b

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.company_side import CompanySide  # noqa: PLC0415
        from ..models.evidence_split import EvidenceSplit  # noqa: PLC0415
        from ..models.person_side import PersonSide  # noqa: PLC0415
        from ..models.review_out_company_a_type_0_type_0 import ReviewOutCompanyAType0Type0  # noqa: PLC0415
        from ..models.review_out_company_b_type_0_type_0 import ReviewOutCompanyBType0Type0  # noqa: PLC0415
        from ..models.review_out_person_a_type_0_type_0 import ReviewOutPersonAType0Type0  # noqa: PLC0415
        from ..models.review_out_person_b_type_0_type_0 import ReviewOutPersonBType0Type0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        kind = d.pop("kind", UNSET)

        def _parse_a(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        a = _parse_a(d.pop("a", UNSET))

        def _parse_b(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        b = _parse_b(d.pop("b", UNSET))

        probability = d.pop("probability", UNSET)

        weight = d.pop("weight", UNSET)

        reason = d.pop("reason", UNSET)

        status = d.pop("status", UNSET)

        def _parse_created_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_at_type_0 = datetime.datetime.fromisoformat(data)

                return created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        created_at = _parse_created_at(d.pop("created_at", UNSET))

        def _parse_decided_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        decided_by = _parse_decided_by(d.pop("decided_by", UNSET))

        def _parse_decided_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        decided_at = _parse_decided_at(d.pop("decided_at", UNSET))

        def _parse_merge_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        merge_id = _parse_merge_id(d.pop("merge_id", UNSET))

        _evidence = d.pop("evidence", UNSET)
        evidence: EvidenceSplit | Unset
        if isinstance(_evidence, Unset):
            evidence = UNSET
        else:
            evidence = EvidenceSplit.from_dict(_evidence)

        def _parse_person_a(data: object) -> None | PersonSide | ReviewOutPersonAType0Type0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                person_a_type_0_type_0 = ReviewOutPersonAType0Type0.from_dict(data)

                return person_a_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                person_a_type_1 = PersonSide.from_dict(data)

                return person_a_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonSide | ReviewOutPersonAType0Type0 | Unset, data)

        person_a = _parse_person_a(d.pop("person_a", UNSET))

        def _parse_person_b(data: object) -> None | PersonSide | ReviewOutPersonBType0Type0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                person_b_type_0_type_0 = ReviewOutPersonBType0Type0.from_dict(data)

                return person_b_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                person_b_type_1 = PersonSide.from_dict(data)

                return person_b_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PersonSide | ReviewOutPersonBType0Type0 | Unset, data)

        person_b = _parse_person_b(d.pop("person_b", UNSET))

        def _parse_company_a(data: object) -> CompanySide | None | ReviewOutCompanyAType0Type0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                company_a_type_0_type_0 = ReviewOutCompanyAType0Type0.from_dict(data)

                return company_a_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                company_a_type_1 = CompanySide.from_dict(data)

                return company_a_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CompanySide | None | ReviewOutCompanyAType0Type0 | Unset, data)

        company_a = _parse_company_a(d.pop("company_a", UNSET))

        def _parse_company_b(data: object) -> CompanySide | None | ReviewOutCompanyBType0Type0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                company_b_type_0_type_0 = ReviewOutCompanyBType0Type0.from_dict(data)

                return company_b_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                company_b_type_1 = CompanySide.from_dict(data)

                return company_b_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CompanySide | None | ReviewOutCompanyBType0Type0 | Unset, data)

        company_b = _parse_company_b(d.pop("company_b", UNSET))

        review_out = cls(
            id=id,
            kind=kind,
            a=a,
            b=b,
            probability=probability,
            weight=weight,
            reason=reason,
            status=status,
            created_at=created_at,
            decided_by=decided_by,
            decided_at=decided_at,
            merge_id=merge_id,
            evidence=evidence,
            person_a=person_a,
            person_b=person_b,
            company_a=company_a,
            company_b=company_b,
        )

        return review_out
