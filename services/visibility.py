"""Who may be named: the one read-side filter for people hidden until their client opts in.

A person at a company that is (or once was) a client and has not opted in
(referrals/consent.py; the flag is sticky, graph/consent.py) is never named by a read:
no id, name, email or title, whoever asks (an admin too: consent is the client's word,
not a permission). Every use case that returns people passes them through here:

- one person (GET /people/{id}, a person's ties, goodwill ledger): ``require_visible``
  answers 404 exactly as for an unknown id;
- a person's ties: the hidden other end is a counts-only stand-in (``redact_ties``), so
  pages and counts stay right;
- search and the newest-people list filter in the query (graph.consent.HIDDEN_PERSON),
  and ``visible_people`` drops any that slipped through;
- paths, runner-ups, opportunities and their drafted asks, insights: the use cases ask
  ``hidden_people`` for the people they are about to name;
- records that mention people by id (introductions, asks, their lists): ``redact``.

Our reps are never hidden. Only the consent endpoint (admin) speaks about the company.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graph import consent as store
from graph.directory import person_not_found
from services.context import Context

__all__ = ["hidden_people", "redact", "redact_ties", "require_visible", "tie_stand_in", "visible_people"]


def hidden_people(ctx: Context, ids: Iterable[str | None]) -> Mapping[str, str]:
    """Of these ids, the people hidden until their client opts in, each with the client's
    answer (``not_asked`` or ``declined``); use it as a set. Unknown ids are left out."""
    return store.hidden_among(ctx.graph, [i for i in ids if i])


def require_visible(ctx: Context, person_id: str) -> None:
    """NotFound, worded as for an unknown id, when the person is hidden."""
    if hidden_people(ctx, [person_id]):
        raise person_not_found(person_id)


def visible_people(ctx: Context, people: list[dict[str, Any]], key: str = "id") -> list[dict[str, Any]]:
    """The records whose `key` names no hidden person."""
    hidden = hidden_people(ctx, [p.get(key) for p in people])
    return [p for p in people if p.get(key) not in hidden]


def tie_stand_in(tie: dict[str, Any], consent: str) -> dict[str, Any]:
    """A tie whose other end is hidden, counts-only: that it exists and how strong it is;
    the other person's id, name, email, title and the tie's own dates are left out."""
    return {"a": tie.get("a"), "b": None, "strength": tie.get("strength"),
            "interactions": tie.get("interactions"), "hidden": True, "company_consent": consent,
            "person": None}


def redact_ties(ctx: Context, ties: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A person's ties with each hidden other end replaced by its stand-in (same order)."""
    hidden = hidden_people(ctx, [t.get("b") for t in ties])
    return [tie_stand_in(t, hidden[t["b"]]) if t.get("b") in hidden else {**t, "hidden": False}
            for t in ties]


def _ids_in(value: Any, found: set[str]) -> None:
    if isinstance(value, str):
        found.add(value)
    elif isinstance(value, Mapping):
        for item in value.values():
            _ids_in(item, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _ids_in(item, found)


def _without(value: Any, hidden: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return None if value in hidden else value
    if isinstance(value, Mapping):
        if value.get("id") in hidden:  # a person card: keep its shape, name no one
            return {k: (True if k == "hidden" else None) for k in value} | {"hidden": True}
        return {k: _without(v, hidden) for k, v in value.items() if k not in hidden}
    if isinstance(value, (list, tuple)):
        return [_without(item, hidden) for item in value]
    return value


def redact(ctx: Context, value: Any) -> Any:
    """`value` (a record, a list, a page) with every hidden person taken out: their id
    wherever it stands (``referrer_id``, a path, a key of a names map) becomes null, and a
    card ``{id, name, title, ...}`` of theirs keeps its keys, all null, plus ``hidden``.
    For the use cases that hand out records naming people by id (introductions, asks)."""
    found: set[str] = set()
    _ids_in(value, found)
    hidden = hidden_people(ctx, [i for i in found if len(i) <= 200])  # ids are at most 200 long
    return _without(value, hidden) if hidden else value
