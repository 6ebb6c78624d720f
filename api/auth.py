"""API-key authentication, scopes and per-key rate limiting.

Use on any flask-smorest view (MethodView method or function), outermost so a request
without a valid key is refused before its body is parsed:

    from api.auth import requires

    @blp.route("/people")
    class People(MethodView):
        @requires(Action.WRITE_PEOPLE)
        @blp.arguments(PersonIn)
        @blp.response(201, PersonOut)
        def post(self, body): ...

Keys travel in the ``X-API-Key`` header (``Authorization: Bearer <key>`` is accepted
too). A key carries scopes (``paths:read``, ``people:read``, ``people:write``,
``introductions:write``, ``imports:run``, ``webhooks:manage``, ``admin``; the older levels
``read``/``write``/``admin`` stand for sets of them) and may belong to a person, whose
role then bounds it too. Whether the key may do the action is decided by
services/authorization.py, the same check the use case runs again (docs/permissions.md).

Answers, all RFC 9457 problem+json:
- 401 (with ``WWW-Authenticate``): no key, a malformed key, an unknown key, a wrong
  secret, a revoked key;
- 403: a valid key that may not do this (its scopes, or its person's role);
- 429 (with ``Retry-After``): the key spent its rate budget.

Caching: a verified key record is kept in process for ``API_KEY_CACHE_SECONDS``
(default 10 s), so a request costs no database read for auth. The secret is still
hashed and compared (constant time) on every request. Revocation takes effect at once
in the process that revoked (``invalidate``); in every other process and machine within
about a second, because the rate-limit query below also reads the key's ``revoked_at``
and a process goes back to it at least once a second per key (with rate limiting off:
within the TTL). ``last_used_at`` is
written when the record is (re)loaded, i.e. at most once per TTL.

Rate limiting: a token bucket per key shared by every worker and machine, kept in Neo4j
(graph/rate_limits.py), ``RATE_LIMIT_PER_MINUTE`` tokens a
minute (settings: ``REFERRALS_RATE_LIMIT_PER_MINUTE``, default 6000; app config in tests; 0
disables), refilled continuously, burst up to one minute's budget. Two app machines behind
a load balancer together allow that rate, not twice it (docs/operations.md, "Several app
machines"). One write takes one token, or, for budgets above 600 a minute, a tenth of a
second's budget at once (a lease), which this process spends on the key's next requests
within a second (unspent ones are dropped): at the default 6000 a minute, one write per
ten requests.
"""

from __future__ import annotations

import hmac
import math
import threading
import time
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, g, request
from flask_smorest.utils import deepupdate

from api.problems import problem
from graph import rate_limits
from referrals import keys as key_format
from referrals.permissions import LEGACY_SCOPES, SCOPE_ACTIONS, Action, Scope
from runtime import keys as runtime_keys
from runtime.requests import current_context, current_graph, set_actor
from services import authorization, keys
from services.context import Actor

F = TypeVar("F", bound=Callable[..., Any])

SECURITY_SCHEME = "ApiKeyAuth"
HEADER = "X-API-Key"
WWW_AUTHENTICATE = f'ApiKey realm="referrals", header="{HEADER}"'
SCOPE_RANK = {scope: rank for rank, scope in enumerate(key_format.SCOPES)}  # the older levels
DEFAULT_CACHE_SECONDS = 10.0
DEFAULT_RATE_LIMIT_PER_MINUTE = 6000


@dataclass(slots=True)
class CachedKey:
    id: str
    name: str
    scope: str
    hash: str
    revoked: bool
    expires_at: float
    role: str | None = None  # a person's key: that person's role and node
    person_id: str | None = None


@dataclass(slots=True)
class Lease:
    """Tokens this process took from a key's shared bucket and has not spent yet."""

    remaining: int
    expires_at: float  # monotonic; unspent tokens are dropped then
    per_minute: int


LEASE_SECONDS = 1.0  # a lease's tokens are spent within this, or dropped
LEASE_SHARE = 600  # a lease takes at most 1/600 of a minute's budget: a tenth of a second's


@dataclass
class AuthState:
    """Per-app, per-process: the verified-key cache and the leases on the shared rate
    buckets (the buckets themselves live in Neo4j)."""

    cache: dict[str, CachedKey] = field(default_factory=dict)
    leases: dict[str, Lease] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def invalidate(self, key_id: str | None = None) -> None:
        with self.lock:
            if key_id is None:
                self.cache.clear()
                self.leases.clear()
            else:
                self.cache.pop(key_id, None)
                self.leases.pop(key_id, None)

    def spend_leased(self, key_id: str, per_minute: int) -> bool:
        """True when a token this process holds for the key was spent (no round trip)."""
        now = time.monotonic()
        with self.lock:
            lease = self.leases.get(key_id)
            if lease is None or lease.remaining <= 0 or lease.expires_at <= now \
                    or lease.per_minute != per_minute:
                return False
            lease.remaining -= 1
            return True

    def keep_lease(self, key_id: str, tokens: int, per_minute: int) -> None:
        with self.lock:
            self.leases[key_id] = Lease(tokens, time.monotonic() + LEASE_SECONDS, per_minute)


def auth_state(app=None) -> AuthState:
    app = app or current_app
    state = app.extensions.get("referrals_auth")
    if state is None:
        state = app.extensions.setdefault("referrals_auth", AuthState())
    return state


def invalidate(key_id: str | None = None) -> None:
    """Forget a cached key in this process (call after revoking it)."""
    auth_state().invalidate(key_id)


def _unauthorized(detail: str):
    return problem(401, detail, headers={"WWW-Authenticate": WWW_AUTHENTICATE})


def _presented_key() -> str | None:
    raw = request.headers.get(HEADER)
    if raw:
        return raw
    authorization = request.headers.get("Authorization", "")
    if authorization[:7].lower() == "bearer ":
        return authorization[7:].strip()
    return None


def _load(state: AuthState, key_id: str) -> CachedKey | None:
    now = time.monotonic()
    cached = state.cache.get(key_id)
    if cached is not None and cached.expires_at > now:
        return cached
    ctx = current_context()
    record = runtime_keys.lookup(ctx, key_id)  # shared with the MCP server (runtime/keys.py)
    if record is None:
        state.invalidate(key_id)
        return None
    ttl = float(current_app.config.get("API_KEY_CACHE_SECONDS", DEFAULT_CACHE_SECONDS))
    cached = CachedKey(id=record.id, name=record.name, scope=record.scope, hash=record.hash,
                       revoked=record.revoked, expires_at=now + ttl,
                       role=record.role, person_id=record.person_id)
    with state.lock:
        state.cache[key_id] = cached
    if not cached.revoked:
        keys.mark_used(ctx, key_id)
    return cached


def _rate_limit() -> int:
    return int(current_app.config.get("RATE_LIMIT_PER_MINUTE", DEFAULT_RATE_LIMIT_PER_MINUTE))


def _rate_wait(state: AuthState, key_id: str, per_minute: int) -> float | None:
    """0 when the request may go on, the seconds to wait when the key's budget is spent,
    None when the shared store says the key is revoked. A token leased earlier costs no
    round trip; else one write takes a token, or a tenth of a second's budget at once
    (`LEASE_SHARE`) of which this process spends the rest on its next requests."""
    if state.spend_leased(key_id, per_minute):
        return 0.0
    taken = rate_limits.take(current_graph(), f"key:{key_id}", per_minute, key_id=key_id,
                             count=max(1, per_minute // LEASE_SHARE))
    if taken.revoked:
        state.invalidate(key_id)
        return None
    if taken.granted > 1:
        state.keep_lease(key_id, taken.granted - 1, per_minute)
    return taken.wait_seconds


def _refusal(cached: CachedKey, action: Action) -> str:
    actor = Actor(kind="key", id=cached.id, name=cached.name, scope=cached.scope, role=cached.role,
                  person_id=cached.person_id)
    return runtime_keys.refusal_message(actor, action, subject="This endpoint") or ""


def check_request(action: Action):
    """None when the request may go on (and `g.api_key` is set), else the problem response."""
    raw = _presented_key()
    if not raw:
        return _unauthorized(f"This endpoint needs an API key in the {HEADER} header.")
    parsed = key_format.parse_key(raw)
    if parsed is None:
        return _unauthorized("The API key is malformed.")
    state = auth_state()
    cached = _load(state, parsed.id)
    presented_hash = key_format.hash_secret(parsed.secret)
    if cached is None or not hmac.compare_digest(presented_hash, cached.hash):
        return _unauthorized("The API key is not valid.")
    if cached.revoked:
        return _unauthorized("The API key has been revoked.")
    per_minute = _rate_limit()
    if per_minute > 0:
        wait = _rate_wait(state, cached.id, per_minute)
        if wait is None:  # revoked through another process or machine since we cached it
            return _unauthorized("The API key has been revoked.")
        if wait > 0:
            return problem(429, f"Rate limit of {per_minute} requests a minute reached for this key.",
                           headers={"Retry-After": str(max(1, math.ceil(wait)))})
    actor = Actor(kind="key", id=cached.id, name=cached.name or cached.id, scope=cached.scope,
                  role=cached.role, person_id=cached.person_id)
    if not authorization.allowed(actor, action):
        return problem(403, _refusal(cached, action))
    g.api_key = {"id": cached.id, "name": cached.name, "scope": cached.scope}
    set_actor(actor)
    return None


def _lowest_level(action: Action) -> str:
    """The first of the older levels (read < write < admin) whose scopes allow `action`."""
    for level in key_format.SCOPES:
        if authorization.allowed(Actor(kind="key", id="-", name="-", scope=level), action):
            return level
    return "admin"


def requires(action: Action) -> Callable[[F], F]:
    """Refuse the request unless it carries a valid key that may do `action`.

    Also documents the operation: the ApiKeyAuth security requirement, the scopes that
    open it, and its 401, 403 and 429 answers in the OpenAPI spec.
    """
    if not isinstance(action, Action):
        raise ValueError(f"unknown action {action!r}; use referrals.permissions.Action")
    scopes = sorted(s.value for s in SCOPE_ACTIONS.get(action, frozenset())) + [Scope.ADMIN.value]

    def decorator(func: F) -> F:
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any):
            refused = check_request(action)
            if refused is not None:
                return refused
            return func(*args, **kwargs)

        apidoc = deepcopy(getattr(func, "_apidoc", {}))
        apidoc["manual_doc"] = deepupdate(deepcopy(apidoc.get("manual_doc", {})), {
            "security": [{SECURITY_SCHEME: []}],
            "x-scopes": scopes,
            "responses": {"401": "UNAUTHORIZED", "403": "FORBIDDEN", "429": "TOO_MANY_REQUESTS",
                          "503": "SERVICE_UNAVAILABLE"},
        })
        wrapper._apidoc = apidoc  # type: ignore[attr-defined]
        wrapper.required_action = action  # type: ignore[attr-defined]
        wrapper.required_scope = _lowest_level(action)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


LEVEL_ACTIONS = {"read": Action.READ_PEOPLE, "write": Action.WRITE_PEOPLE, "admin": Action.MANAGE_ACCESS}


def require_scope(scope: str) -> Callable[[F], F]:
    """The older form: at least the level `scope` (read < write < admin). New routes
    name their action with `requires`."""
    if scope not in SCOPE_RANK:
        raise ValueError(f"unknown scope {scope!r}; use one of {', '.join(key_format.SCOPES)}")
    return requires(LEVEL_ACTIONS[scope])


def document_security(api) -> None:
    """Declare the API-key scheme in the spec (called once from the app factory)."""
    api.spec.components.security_scheme(
        SECURITY_SCHEME,
        {"type": "apiKey", "in": "header", "name": HEADER,
         "description": "An API key `rk_<id>_<secret>`. Its scopes say what it may do: "
                        + ", ".join(s.value for s in Scope) + " (the older levels read, write "
                        "and admin stand for " + "; ".join(
                            f"{level}: {' '.join(sorted(v.value for v in LEGACY_SCOPES[level]))}"
                            for level in ("read", "write")) + "; admin: all). Each operation "
                        "lists the scopes that open it under x-scopes. Create one with "
                        "`referrals keys create --scope paths:read --name NAME`."},
    )
