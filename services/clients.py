"""Account managers' clients: the list (best fit and healthiest first, with this quarter's
asks) and one client's page: its referral opportunities, each with what an ask to its
referrer would do now (send, join a colleague's open ask, or let them rest), the recent
asks, the ask-timing verdict and signals, and the names the page shows.

The parts are the other use cases' (services/companies.py, services/opportunities.py,
services/asks.py, services/goodwill.py, services/ask_timing.py); this module puts
together what one page shows, so the page makes one call.
"""

from __future__ import annotations

from typing import Any

from graph import asks as ask_store
from referrals.errors import Invalid, NotFound
from referrals.permissions import Action
from services import (
    ask_timing,
    asks,
    authorization,
    companies,
    goodwill,
    opportunities,
    ownership,
    visibility,
)
from services.context import Context

OPPORTUNITIES = 20  # best opportunities the page lists
RECENT_ASKS = 10


def clients(ctx: Context) -> list[dict[str, Any]]:
    """Every client, best fit and healthiest first, with its asks this (rolling) quarter."""
    authorization.require(ctx, Action.READ_PEOPLE)
    return companies.clients(ctx)


def client_list(ctx: Context, view: str | None = None) -> dict[str, Any]:
    """"My clients" (the clients the signed-in person owns) or, for managers and admins,
    the whole team's (`view="team"`, each with its owner). Without a view: mine when they
    own any, else the team's where allowed. Answers {clients, view, can_see_team}."""
    authorization.require(ctx, Action.READ_PEOPLE)
    can_see_team = authorization.allowed(ctx.actor, Action.VIEW_TEAM)
    mine = ownership.owned_ids(ctx)
    if view not in ("mine", "team"):
        view = "team" if can_see_team and not mine else "mine"
    if view == "team":
        authorization.require(ctx, Action.VIEW_TEAM)
    every = companies.clients(ctx)
    shown = every if view == "team" else [c for c in every if c["id"] in mine]
    owners = ownership.owners(ctx, [c["id"] for c in shown])
    for client in shown:
        client["owner"] = owners.get(client["id"])
    return {"clients": shown, "view": view, "can_see_team": can_see_team}


def page(ctx: Context, client_id: str) -> dict[str, Any]:
    """One client's page: `client` (its card), `items` (opportunities: path, referrer,
    target, via as PersonFacts, score, the drafted ask with its subject, blurb and
    evidence (services/drafting.py) and the referrer's `goodwill`
    state), `error` (why there are no opportunities, e.g. not a client), `asks` (recent,
    with this quarter's fatigue), `names` (of the people those mention), `timing` (the
    verdict when now is a good moment, else None), `signals` (the stored timing values)
    and `policy` (the team's goodwill budget). NotFound for an unknown company."""
    authorization.require(ctx, Action.READ_PEOPLE)
    client = companies.card(ctx, client_id)
    if client is None:
        raise NotFound(f"No company has the id {client_id!r}.")
    items, error = _opportunities(ctx, client_id)
    states = goodwill.ask_states(ctx, {item["referrer"].id for item in items})
    for item in items:
        item["goodwill"] = states.get(item["referrer"].id)
    # asks made before the client needed consent name no one hidden (services/visibility.py)
    recent = visibility.redact(ctx, asks.for_client(ctx, client_id, limit=RECENT_ASKS))
    ids = {a[k] for a in recent["items"] for k in ("referrer_id", "target_id") if a.get(k)}
    ids |= {s["asked_by"] for s in states.values() if s.get("asked_by")}
    people = names(ctx, ids)
    for state in states.values():
        state["asked_by_name"] = people.get(state.get("asked_by"), state.get("asked_by"))
    return {"client": client, "items": items, "error": error, "asks": recent, "names": people,
            **_timing(ctx, client_id), "policy": ctx.rules.goodwill,
            "owner": ownership.owner(ctx, client_id),
            "can_assign": authorization.allowed(ctx.actor, Action.ASSIGN_OWNER)}


def names(ctx: Context, person_ids: set[str] | list[str]) -> dict[str, str]:
    """People's names by id (for the page's messages); unknown ids are left out."""
    return ask_store.people_names(ctx.graph, person_ids)


def _opportunities(ctx: Context, client_id: str) -> tuple[list[dict[str, Any]], str | None]:
    try:
        found = opportunities.client_opportunities(ctx, client_id, limit=OPPORTUNITIES)
    except Invalid as exc:  # not a client (any more): the page says so instead of a list
        return [], exc.message
    # counts-only ones (the client has not opted in) would name no one the page can ask
    usable = [o for o in found["opportunities"] if o["usable"]]
    if not usable and found["opportunities"]:
        return [], (f"{len(found['opportunities'])} referral opportunities wait for this client's consent: "
                    "its people are not named or asked until an admin records that it opted in.")
    return [{"path": o["path"], "referrer": o["referrer_facts"], "target": o["target_facts"],
             "via": o["via_facts"], "score": o["score"], "ask": o["ask"], "subject": o["subject"],
             "blurb": o["blurb"], "evidence": o["evidence"]}
            for o in usable], None


def _timing(ctx: Context, client_id: str) -> dict[str, Any]:
    """`timing` only when it is a good moment to ask (the page's banner), and the signals."""
    found = ask_timing.get(ctx, client_id)
    return {"timing": found["timing"] if found["timing"]["good_moment"] else None,
            "signals": {k: found.get(k) for k in ask_timing.SIGNALS}}
