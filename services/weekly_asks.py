"""The account manager's weekly ask list (issue #17): across the clients they own, the best
(client person, prospect) asks this week, ranked with the clients' timing (referrals/weekly.py).

The parts are the other use cases': each owned client's referral opportunities
(services/opportunities.py `client_opportunities`, one call per client, its interface as
it is), the clients' fit, health and asks this quarter (as services/companies.py lists them) and each
referrer's goodwill state (services/goodwill.py). Asking is the existing use case
(services/asks.py `ask`): each row carries the body for it (`ask_request`).

Consent (services/visibility.py): a client that has not opted in has counts-only
opportunities; they are never ranked or named here, only counted (`waiting_for_consent`).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from graph import asks as ask_store
from graph import directory
from graph import market_reach as reach_store
from graph import ownership as ownership_store
from graph import reminders as reminder_store
from graph import users as user_store
from graph.asks import quarter_start
from referrals.ask_timing import TimingVerdict
from referrals.errors import Invalid
from referrals.permissions import Action
from referrals.weekly import DEFAULT_LIMIT, DEFAULT_PER_CLIENT, AskCandidate, rank_week
from services import authorization, goodwill, opportunities
from services.context import Context

OPPORTUNITIES_PER_CLIENT = 10  # each client's best, from which the week is picked
PARALLEL_CLIENTS = 4  # clients searched at once
OWNER_ROLES = ("account_manager", "sales_manager", "admin")
API_PREFIX = "/api/v1"


def weekly_asks(ctx: Context, owner: str | None = None, *, limit: int = DEFAULT_LIMIT,
                per_client: int = DEFAULT_PER_CLIENT) -> dict[str, Any]:
    """{owner: {user_id, email}, asks: [...], held: [...], waiting_for_consent: [...],
    clients: n, settings}.

    `owner` (a sign-in's email) picks whose clients; without it, the actor's own. Naming
    someone else needs VIEW_TEAM (managers, admins). Each ask: `rank`, `client` {id, name},
    `referrer` and `target` ({id, name, title, company}), `via` (the connector's name or
    None), `weekly_score`, `score` (the opportunity's, with timing), `why_now`, `reasons`,
    `timing` (the client's verdict), `goodwill` (send / merge), `ask` (the drafted note),
    `subject`, `blurb` (for the referrer to forward) and `evidence` ([{claim, source}]:
    services/drafting.py) and `ask_request` (the POST that asks: services/asks.py through the API).
    Invalid (field "owner") for an unknown owner or when none can be told."""
    authorization.require(ctx, Action.PLAN_ASKS)
    who = _owner(ctx, owner)
    owned = ownership_store.owned_company_ids(ctx.graph, who["user_id"])
    today = ctx.now().date()
    # the clients' rows as the client list reads them, without its people:read check: the
    # list is a paths:read view (the opportunities), so a paths:read key reads it whole
    rows = directory.clients(ctx.graph, quarter_start(today), today)
    listed = {c["id"]: c for c in rows if c["id"] in owned}
    candidates: list[AskCandidate] = []
    waiting: list[dict[str, Any]] = []
    max_asks = ctx.rules.asks_per_quarter
    for client_id, found in _opportunities(ctx, sorted(listed)):
        client = listed[client_id]
        timing = _verdict(found["client"].get("timing") or {})
        usable = [o for o in found["opportunities"] if o["usable"]]
        if len(usable) < len(found["opportunities"]):
            waiting.append({"client": {"id": client_id, "name": client["name"]},
                            "opportunities": len(found["opportunities"]) - len(usable)})
        for o in usable:
            terms = o["path"]["explanation"]["terms"]
            via = o["via_facts"]
            candidates.append(AskCandidate(
                client_id=client_id, client_name=client["name"] or client_id,
                referrer_id=o["referrer"]["id"], target_id=o["target"]["id"],
                base_score=o["score"] / (terms.get("ask_timing") or 1.0), timing=timing,
                client_fit=client.get("icp_score"), client_health=client.get("health"),
                asks_this_quarter=client.get("asks_this_quarter") or 0, max_per_quarter=max_asks,
                target_fit=o["target_facts"].company_icp, via=via.display_name if via else None,
                referrer_name=o["referrer"]["name"] or "", target_name=o["target"]["name"] or "",
                payload=o))
    # the opportunity's score already holds the referrer's market reach; the row says it
    reach = reach_store.reach_of(ctx.graph, {c.referrer_id for c in candidates})
    candidates = [replace(c, referrer_reach_people=reach[c.referrer_id].people) if c.referrer_id in reach
                  else c for c in candidates]
    states = goodwill.ask_states(ctx, {c.referrer_id for c in candidates})
    askers = ask_store.people_names(ctx.graph, {s["asked_by"] for s in states.values() if s.get("asked_by")})
    candidates = [_with_goodwill(c, states.get(c.referrer_id), askers) for c in candidates]
    plan = rank_week(candidates, limit=limit, per_client=per_client)
    return {
        "owner": who,
        "clients": len(listed),
        "asks": [_ask_row(i, row) for i, row in enumerate(plan.asks, 1)],
        "held": [{"client": {"id": h.candidate.client_id, "name": h.candidate.client_name},
                  "referrer_id": h.candidate.referrer_id, "reason": h.reason} for h in plan.held],
        "waiting_for_consent": waiting,
        "settings": {"limit": limit, "per_client": per_client, "asks_per_quarter": max_asks},
    }


def _opportunities(ctx: Context, client_ids: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """Each client's opportunities (one call each, a few at a time: each waits on Neo4j for
    most of its time); a company that is no longer a client is left out."""
    def one(client_id: str) -> tuple[str, dict[str, Any] | None]:
        try:
            return client_id, opportunities.client_opportunities(ctx, client_id,
                                                                 limit=OPPORTUNITIES_PER_CLIENT)
        except Invalid:  # not a client any more
            return client_id, None

    if len(client_ids) <= 1:
        found = [one(c) for c in client_ids]
    else:
        with ThreadPoolExecutor(max_workers=min(PARALLEL_CLIENTS, len(client_ids)),
                                thread_name_prefix="weekly") as pool:
            found = list(pool.map(one, client_ids))
    return [(c, f) for c, f in found if f is not None]


def owners(ctx: Context) -> list[dict[str, Any]]:
    """The sign-ins who own clients (whose list a manager may choose), by email."""
    authorization.require(ctx, Action.VIEW_TEAM)
    return [{"user_id": u["id"], "email": u["email"], "role": u["role"]}
            for u in user_store.list_users(ctx.graph) if u.get("role") in OWNER_ROLES]


def _owner(ctx: Context, email: str | None) -> dict[str, Any]:
    own = None
    if ctx.actor.kind == "user":
        own = ctx.actor.id
    elif ctx.actor.kind == "key" and ctx.actor.person_id:
        own = reminder_store.user_for_person(ctx.graph, ctx.actor.person_id)
    email = (email or "").strip().lower()
    if not email:
        if own is None:
            raise Invalid("Say whose weekly list (owner: the account manager's sign-in email).",
                          field="owner")
        user = user_store.get_user(ctx.graph, own) or {}
        return {"user_id": own, "email": user.get("email")}
    user_id = user_store.user_id_for_email(ctx.graph, email)
    if user_id is None or user_id != own:
        authorization.require(ctx, Action.VIEW_TEAM)
    user = user_store.get_user(ctx.graph, user_id) if user_id else None
    if user is None or user.get("role") not in OWNER_ROLES:
        raise Invalid(f"No account manager, sales manager or admin signs in as {email!r}.", field="owner")
    return {"user_id": user_id, "email": user["email"]}


def _verdict(timing: dict[str, Any]) -> TimingVerdict:
    return TimingVerdict(float(timing.get("multiplier") or 1.0), list(timing.get("reasons") or []),
                         list(timing.get("signals") or []))


def _with_goodwill(candidate: AskCandidate, state: dict[str, Any] | None,
                   askers: dict[str, str]) -> AskCandidate:
    if state is None:
        return candidate
    asked_by = state.get("asked_by")
    return replace(candidate, decision=state.get("decision") or "send",
                   cooldown_until=state.get("cooldown_until"), balance=state.get("balance"),
                   asked_by=askers.get(asked_by, asked_by) if asked_by else None)


def _ask_row(rank: int, row: Any) -> dict[str, Any]:
    c = row.candidate
    o = c.payload
    return {
        "rank": rank, "client": {"id": c.client_id, "name": c.client_name},
        "referrer": o["referrer"], "target": o["target"], "via": c.via,
        "weekly_score": row.weekly_score, "score": o["score"], "why_now": row.why_now,
        "reasons": row.reasons, "timing": c.timing.to_dict(), "goodwill": c.decision,
        "summary": o["path"]["explanation"]["summary"], "ask": o["ask"], "subject": o["subject"],
        "blurb": o["blurb"], "evidence": o["evidence"],
        "ask_request": {"method": "POST", "path": f"{API_PREFIX}/clients/{c.client_id}/referral-asks",
                        "body": {"referrer_id": c.referrer_id, "target_id": c.target_id}},
    }
