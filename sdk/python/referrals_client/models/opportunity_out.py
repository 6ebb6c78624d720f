from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence_out import EvidenceOut
    from ..models.path_node import PathNode
    from ..models.referral_path import ReferralPath


T = TypeVar("T", bound="OpportunityOut")


@_attrs_define
class OpportunityOut:
    """
    Attributes:
        target (PathNode | Unset):
        referrer (PathNode | Unset):
        score (float | Unset):
        hops (int | Unset):
        path (ReferralPath | Unset):
        ask (str | Unset): A drafted ask for the client person ('' if counts-only).
        subject (str | Unset): A subject line for the ask ('' if counts-only).
        blurb (str | Unset): A short paragraph, in the client person's voice, they can forward to the prospect (or to
            the person in between) ('' if counts-only).
        evidence (list[EvidenceOut] | Unset): The claims the ask and blurb make, each with its source; nothing is
            claimed that the data does not support ([] if counts-only).
        usable (bool | Unset): False: the client has not opted in to being asked, so its people are hidden (referrer and
            path counts-only) and there is no drafted ask.
    """

    target: PathNode | Unset = UNSET
    referrer: PathNode | Unset = UNSET
    score: float | Unset = UNSET
    hops: int | Unset = UNSET
    path: ReferralPath | Unset = UNSET
    ask: str | Unset = UNSET
    subject: str | Unset = UNSET
    blurb: str | Unset = UNSET
    evidence: list[EvidenceOut] | Unset = UNSET
    usable: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        target: dict[str, Any] | Unset = UNSET
        if not isinstance(self.target, Unset):
            target = self.target.to_dict()

        referrer: dict[str, Any] | Unset = UNSET
        if not isinstance(self.referrer, Unset):
            referrer = self.referrer.to_dict()

        score = self.score

        hops = self.hops

        path: dict[str, Any] | Unset = UNSET
        if not isinstance(self.path, Unset):
            path = self.path.to_dict()

        ask = self.ask

        subject = self.subject

        blurb = self.blurb

        evidence: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = []
            for evidence_item_data in self.evidence:
                evidence_item = evidence_item_data.to_dict()
                evidence.append(evidence_item)

        usable = self.usable

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if target is not UNSET:
            field_dict["target"] = target
        if referrer is not UNSET:
            field_dict["referrer"] = referrer
        if score is not UNSET:
            field_dict["score"] = score
        if hops is not UNSET:
            field_dict["hops"] = hops
        if path is not UNSET:
            field_dict["path"] = path
        if ask is not UNSET:
            field_dict["ask"] = ask
        if subject is not UNSET:
            field_dict["subject"] = subject
        if blurb is not UNSET:
            field_dict["blurb"] = blurb
        if evidence is not UNSET:
            field_dict["evidence"] = evidence
        if usable is not UNSET:
            field_dict["usable"] = usable

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence_out import EvidenceOut  # noqa: PLC0415
        from ..models.path_node import PathNode  # noqa: PLC0415
        from ..models.referral_path import ReferralPath  # noqa: PLC0415

        d = dict(src_dict)
        _target = d.pop("target", UNSET)
        target: PathNode | Unset
        if isinstance(_target, Unset):
            target = UNSET
        else:
            target = PathNode.from_dict(_target)

        _referrer = d.pop("referrer", UNSET)
        referrer: PathNode | Unset
        if isinstance(_referrer, Unset):
            referrer = UNSET
        else:
            referrer = PathNode.from_dict(_referrer)

        score = d.pop("score", UNSET)

        hops = d.pop("hops", UNSET)

        _path = d.pop("path", UNSET)
        path: ReferralPath | Unset
        if isinstance(_path, Unset):
            path = UNSET
        else:
            path = ReferralPath.from_dict(_path)

        ask = d.pop("ask", UNSET)

        subject = d.pop("subject", UNSET)

        blurb = d.pop("blurb", UNSET)

        _evidence = d.pop("evidence", UNSET)
        evidence: list[EvidenceOut] | Unset = UNSET
        if _evidence is not UNSET:
            evidence = []
            for evidence_item_data in _evidence:
                evidence_item = EvidenceOut.from_dict(evidence_item_data)

                evidence.append(evidence_item)

        usable = d.pop("usable", UNSET)

        opportunity_out = cls(
            target=target,
            referrer=referrer,
            score=score,
            hops=hops,
            path=path,
            ask=ask,
            subject=subject,
            blurb=blurb,
            evidence=evidence,
            usable=usable,
        )

        return opportunity_out
