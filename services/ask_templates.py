"""The team's ask templates (issue #17): read them (everyone who reads paths), change them
(sales managers and admins: ``EDIT_ASK_TEMPLATES``), and preview them on a sample.

Rules and defaults: referrals/drafting.py; storage: graph/ask_templates.py. The drafts
themselves are services/drafting.py's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph import ask_templates as store
from graph.db import Graph
from referrals.drafting import DEFAULT_TEMPLATES, KINDS, PLACEHOLDERS, check_template, draft, sample_facts
from referrals.errors import Invalid
from referrals.permissions import Action
from services import audit, authorization
from services.context import Context


def texts(graph: Graph) -> dict[str, str]:
    """The templates drafts use now: the team's, the default for any kind not changed.
    (No permission check: the drafting use cases check theirs.)"""
    return _in_use(store.stored(graph))


def _in_use(saved: Mapping[str, dict[str, Any]]) -> dict[str, str]:
    return {k: (saved[k]["text"] if k in saved and saved[k]["text"] else DEFAULT_TEMPLATES[k]) for k in KINDS}


def current(ctx: Context) -> dict[str, Any]:
    """{templates, customized, defaults, placeholders, updated_at, updated_by, preview}:
    the texts in use, which kinds the team changed, the defaults, what each placeholder
    stands for, the latest change, and the templates rendered on a made-up sample."""
    authorization.require(ctx, Action.READ_PATHS)
    saved = store.stored(ctx.graph)
    templates = _in_use(saved)
    latest = max(saved.values(), key=lambda s: s["updated_at"], default=None)
    return {
        "templates": templates,
        "customized": {k: k in saved for k in KINDS},
        "defaults": dict(DEFAULT_TEMPLATES),
        "placeholders": [{"name": n, "description": d} for n, d in PLACEHOLDERS.items()],
        "updated_at": latest["updated_at"] if latest else None,
        "updated_by": latest["updated_by"] if latest else None,
        "preview": draft(sample_facts(ctx.now().date()), templates).to_dict(),
    }


def _checked(changes: Mapping[str, Any]) -> dict[str, str | None]:
    """Each given kind's text as stored, or None for back to the default (blank, or the
    default itself). Invalid naming the field for an unknown kind or a bad template."""
    if not changes:
        raise Invalid("Give at least one template: subject, ask or blurb.", field="ask")
    out: dict[str, str | None] = {}
    for kind, text in changes.items():
        if kind not in KINDS:
            raise Invalid(f"{kind}: not a template kind; use one of {', '.join(KINDS)}.", field=kind)
        if text is None or (isinstance(text, str) and not text.strip()):
            out[kind] = None
            continue
        text = check_template(kind, text)
        out[kind] = None if text == DEFAULT_TEMPLATES[kind] else text
    return out


def save(ctx: Context, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Store the given kinds (the others stay as they are); blank or null puts a kind back
    to the default. Answers as `current` does. Invalid naming the field for an unknown
    placeholder, a stray ``$`` or a text too long; nothing is stored then."""
    authorization.require(ctx, Action.EDIT_ASK_TEMPLATES)
    checked = _checked(changes)
    store.save(ctx.graph, checked, actor=ctx.actor.name, now=ctx.now())
    audit.record(ctx, "ask_templates.changed", "ask_template", ",".join(checked),
                 "; ".join(f"{k}: {'default' if v is None else 'edited'}" for k, v in checked.items()))
    return current(ctx)


def preview(ctx: Context, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The sample draft with these (unsaved) templates over the ones in use: part of
    editing them (everyone sees the templates in use rendered in `current`)."""
    authorization.require(ctx, Action.EDIT_ASK_TEMPLATES)
    checked = _checked(changes)
    templates = {**texts(ctx.graph), **{k: (v or DEFAULT_TEMPLATES[k]) for k, v in checked.items()}}
    return draft(sample_facts(ctx.now().date()), templates).to_dict()
