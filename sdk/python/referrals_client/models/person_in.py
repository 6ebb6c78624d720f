from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.person_in_seniority_type_1 import PersonInSeniorityType1
from ..models.person_in_seniority_type_2_type_1 import PersonInSeniorityType2Type1
from ..models.person_in_seniority_type_3_type_1 import PersonInSeniorityType3Type1
from ..types import UNSET, Unset

T = TypeVar("T", bound="PersonIn")


@_attrs_define
class PersonIn:
    """
    Attributes:
        name (str):
        email (None | str | Unset):
        phone (None | str | Unset): Any written form with its country code; stored as E.164 (+14155550123).
        linkedin_url (None | str | Unset):
        title (None | str | Unset):
        seniority (None | PersonInSeniorityType1 | PersonInSeniorityType2Type1 | PersonInSeniorityType3Type1 | Unset):
        company_id (None | str | Unset): Current employer (a company id).
        is_rep (bool | Unset): One of our sales reps.
        do_not_contact (bool | Unset): Never suggested as referrer or target.
        external_id (str | Unset): The caller's id for this person; creating it again (same source) updates.
        source (str | Unset): Where external_id comes from (default 'api').
    """

    name: str
    email: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    linkedin_url: None | str | Unset = UNSET
    title: None | str | Unset = UNSET
    seniority: None | PersonInSeniorityType1 | PersonInSeniorityType2Type1 | PersonInSeniorityType3Type1 | Unset = UNSET
    company_id: None | str | Unset = UNSET
    is_rep: bool | Unset = UNSET
    do_not_contact: bool | Unset = UNSET
    external_id: str | Unset = UNSET
    source: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        linkedin_url: None | str | Unset
        if isinstance(self.linkedin_url, Unset):
            linkedin_url = UNSET
        else:
            linkedin_url = self.linkedin_url

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        seniority: None | str | Unset
        if isinstance(self.seniority, Unset):
            seniority = UNSET
        elif isinstance(self.seniority, PersonInSeniorityType1):
            seniority = self.seniority.value
        elif isinstance(self.seniority, PersonInSeniorityType2Type1):
            seniority = self.seniority.value
        elif isinstance(self.seniority, PersonInSeniorityType3Type1):
            seniority = self.seniority.value
        else:
            seniority = self.seniority

        company_id: None | str | Unset
        if isinstance(self.company_id, Unset):
            company_id = UNSET
        else:
            company_id = self.company_id

        is_rep = self.is_rep

        do_not_contact = self.do_not_contact

        external_id = self.external_id

        source = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if linkedin_url is not UNSET:
            field_dict["linkedin_url"] = linkedin_url
        if title is not UNSET:
            field_dict["title"] = title
        if seniority is not UNSET:
            field_dict["seniority"] = seniority
        if company_id is not UNSET:
            field_dict["company_id"] = company_id
        if is_rep is not UNSET:
            field_dict["is_rep"] = is_rep
        if do_not_contact is not UNSET:
            field_dict["do_not_contact"] = do_not_contact
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_linkedin_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        linkedin_url = _parse_linkedin_url(d.pop("linkedin_url", UNSET))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        def _parse_seniority(
            data: object,
        ) -> None | PersonInSeniorityType1 | PersonInSeniorityType2Type1 | PersonInSeniorityType3Type1 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                seniority_type_1 = PersonInSeniorityType1(data)

                return seniority_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                seniority_type_2_type_1 = PersonInSeniorityType2Type1(data)

                return seniority_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                seniority_type_3_type_1 = PersonInSeniorityType3Type1(data)

                return seniority_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None | PersonInSeniorityType1 | PersonInSeniorityType2Type1 | PersonInSeniorityType3Type1 | Unset, data
            )

        seniority = _parse_seniority(d.pop("seniority", UNSET))

        def _parse_company_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company_id = _parse_company_id(d.pop("company_id", UNSET))

        is_rep = d.pop("is_rep", UNSET)

        do_not_contact = d.pop("do_not_contact", UNSET)

        external_id = d.pop("external_id", UNSET)

        source = d.pop("source", UNSET)

        person_in = cls(
            name=name,
            email=email,
            phone=phone,
            linkedin_url=linkedin_url,
            title=title,
            seniority=seniority,
            company_id=company_id,
            is_rep=is_rep,
            do_not_contact=do_not_contact,
            external_id=external_id,
            source=source,
        )

        return person_in
