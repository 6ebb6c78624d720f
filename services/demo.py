"""Getting a newcomer started after `make demo`: a fresh demo admin key, demo sign-ins with
new passwords, and example requests that return something worth reading."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from graph import demo as store
from graph import ownership
from graph import users as user_store
from graph.ask_timing import set_timing
from services import centrality, keys, reminders, users
from services.context import Context

DEMO_KEY_NAME = "demo (make demo)"
DEMO_USERS = (("rep@demo.local", "rep", 0), ("am@demo.local", "account_manager", 1),
              ("manager@demo.local", "sales_manager", 2), ("admin@demo.local", "admin", 3))
DEMO_OWNER = "am@demo.local"


def sign_ins(ctx: Context) -> list[tuple[str, str, str, str]]:
    """(email, role, person name, fresh password) for the demo sign-ins: a rep finds
    intros, an account manager owns every other client, a sales manager sees the team's,
    an admin manages sign-ins and keys. Each run sets new passwords."""
    reps = store.first_reps(ctx.graph, len(DEMO_USERS))
    out = []
    for email, role, index in DEMO_USERS:
        if not reps:
            break
        rep = reps[min(index, len(reps) - 1)]
        password = "demo-" + secrets.token_urlsafe(9)
        users.create_user(ctx, email=email, password=password, role=role, person_id=rep["id"], replace=True)
        out.append((email, role, rep["name"], password))
    _own_demo_clients(ctx)
    return out


def _own_demo_clients(ctx: Context) -> None:
    """The demo account manager owns every other client (best fit first), so "My clients"
    shows theirs and the team view shows the rest unowned."""
    user_id = user_store.user_id_for_email(ctx.graph, DEMO_OWNER)
    if user_id is None:
        return
    clients = [c["id"] for c in ctx.graph.query(
        "MATCH (c:Company {status: 'client'}) RETURN c.id AS id "
        "ORDER BY coalesce(c.icp_score, 0) DESC, c.id")]
    ownership.assign_owners(ctx.graph, [{"company": c, "user": user_id} for c in clients[::2]],
                            by="demo seed", now=ctx.now())
    _demo_timing(ctx, clients[::2][1:2])


def _demo_timing(ctx: Context, client_ids: list[str]) -> None:
    """One of the demo account manager's clients renews next month and is happy, so "This
    week" shows timing lifting its asks above better-scored ones (set once, never reset)."""
    for client_id in client_ids:
        if not ctx.graph.query("MATCH (c:Company {id: $id}) WHERE c.renewal_on IS NULL RETURN c.id AS id",
                               id=client_id):
            continue
        set_timing(ctx.graph, client_id, {"renewal_on": ctx.now().date() + timedelta(days=30),
                                          "satisfaction": 0.9}, now=ctx.now())


def prepare(ctx: Context) -> dict[str, Any]:
    """Replace the demo key (only its hash is stored, so it cannot be shown again), reset
    the demo sign-ins, and pick the examples. Returns {key, sign_ins, example}."""
    for key in keys.list_all(ctx):
        if key.get("name") == DEMO_KEY_NAME and not key.get("revoked_at"):
            keys.revoke(ctx, key["id"])
    _record, plaintext = keys.create(ctx, DEMO_KEY_NAME, "admin")
    people = sign_ins(ctx)
    reminders.tick(ctx)  # what cron's `referrals tick` would have raised by now
    # ... and the centrality it would have computed: real PageRank and betweenness in the
    # demo's scores, hubs and brokers, not the neutral 0.5 (a few seconds at 2,000 people)
    central = centrality.refresh_if_stale(ctx)
    return {"key": plaintext, "sign_ins": people, "example": store.example(ctx.graph),
            "centrality": central}
