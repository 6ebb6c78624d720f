"""Getting a newcomer started after `make demo`: a fresh demo admin key, demo sign-ins with
new passwords, and example requests that return something worth reading."""

from __future__ import annotations

import secrets
from typing import Any

from graph import demo as store
from services import keys, users
from services.context import Context

DEMO_KEY_NAME = "demo (make demo)"
DEMO_USERS = (("rep@demo.local", "rep", 0), ("am@demo.local", "account_manager", 1))


def sign_ins(ctx: Context) -> list[tuple[str, str, str, str]]:
    """(email, role, person name, fresh password) for the demo sign-ins: the first rep
    finds intros, the second manages accounts. Each run sets new passwords."""
    reps = store.first_reps(ctx.graph, 2)
    out = []
    for email, role, index in DEMO_USERS:
        if not reps:
            break
        rep = reps[min(index, len(reps) - 1)]
        password = "demo-" + secrets.token_urlsafe(9)
        users.create_user(ctx, email=email, password=password, role=role, person_id=rep["id"], replace=True)
        out.append((email, role, rep["name"], password))
    return out


def prepare(ctx: Context) -> dict[str, Any]:
    """Replace the demo key (only its hash is stored, so it cannot be shown again), reset
    the demo sign-ins, and pick the examples. Returns {key, sign_ins, example}."""
    for key in keys.list_all(ctx):
        if key.get("name") == DEMO_KEY_NAME and not key.get("revoked_at"):
            keys.revoke(ctx, key["id"])
    _record, plaintext = keys.create(ctx, DEMO_KEY_NAME, "admin")
    return {"key": plaintext, "sign_ins": sign_ins(ctx), "example": store.example(ctx.graph)}
