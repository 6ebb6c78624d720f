from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.explanation import Explanation
    from ..models.path_edge import PathEdge
    from ..models.path_node import PathNode


T = TypeVar("T", bound="ReferralPath")


@_attrs_define
class ReferralPath:
    """
    Attributes:
        score (float | Unset):
        hops (int | Unset):
        counts_only (bool | Unset): People on it are hidden until their client opts in; it cannot be requested.
        usable (bool | Unset): Can be used to request an introduction
        nodes (list[PathNode] | Unset):
        edges (list[PathEdge] | Unset):
        explanation (Explanation | Unset):
    """

    score: float | Unset = UNSET
    hops: int | Unset = UNSET
    counts_only: bool | Unset = UNSET
    usable: bool | Unset = UNSET
    nodes: list[PathNode] | Unset = UNSET
    edges: list[PathEdge] | Unset = UNSET
    explanation: Explanation | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        score = self.score

        hops = self.hops

        counts_only = self.counts_only

        usable = self.usable

        nodes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.nodes, Unset):
            nodes = []
            for nodes_item_data in self.nodes:
                nodes_item = nodes_item_data.to_dict()
                nodes.append(nodes_item)

        edges: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.edges, Unset):
            edges = []
            for edges_item_data in self.edges:
                edges_item = edges_item_data.to_dict()
                edges.append(edges_item)

        explanation: dict[str, Any] | Unset = UNSET
        if not isinstance(self.explanation, Unset):
            explanation = self.explanation.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if score is not UNSET:
            field_dict["score"] = score
        if hops is not UNSET:
            field_dict["hops"] = hops
        if counts_only is not UNSET:
            field_dict["counts_only"] = counts_only
        if usable is not UNSET:
            field_dict["usable"] = usable
        if nodes is not UNSET:
            field_dict["nodes"] = nodes
        if edges is not UNSET:
            field_dict["edges"] = edges
        if explanation is not UNSET:
            field_dict["explanation"] = explanation

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.explanation import Explanation  # noqa: PLC0415
        from ..models.path_edge import PathEdge  # noqa: PLC0415
        from ..models.path_node import PathNode  # noqa: PLC0415

        d = dict(src_dict)
        score = d.pop("score", UNSET)

        hops = d.pop("hops", UNSET)

        counts_only = d.pop("counts_only", UNSET)

        usable = d.pop("usable", UNSET)

        _nodes = d.pop("nodes", UNSET)
        nodes: list[PathNode] | Unset = UNSET
        if _nodes is not UNSET:
            nodes = []
            for nodes_item_data in _nodes:
                nodes_item = PathNode.from_dict(nodes_item_data)

                nodes.append(nodes_item)

        _edges = d.pop("edges", UNSET)
        edges: list[PathEdge] | Unset = UNSET
        if _edges is not UNSET:
            edges = []
            for edges_item_data in _edges:
                edges_item = PathEdge.from_dict(edges_item_data)

                edges.append(edges_item)

        _explanation = d.pop("explanation", UNSET)
        explanation: Explanation | Unset
        if isinstance(_explanation, Unset):
            explanation = UNSET
        else:
            explanation = Explanation.from_dict(_explanation)

        referral_path = cls(
            score=score,
            hops=hops,
            counts_only=counts_only,
            usable=usable,
            nodes=nodes,
            edges=edges,
            explanation=explanation,
        )

        return referral_path
