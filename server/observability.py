"""Request logs, metrics, /metrics and overload protection on the whole app (API and pages).

`install(app, settings)` (from the app factory) adds:

- a request id: the caller's `X-Request-Id` when it is short and plain, else a new one;
  echoed in the response and written on every log line of the request;
- one log line per request on `referrals.request`: method, route template, path, status,
  duration_ms, request_id and key_id (an API key's id) or user_id (a signed-in person):
  never a key's secret, a password or a cookie;
- metrics (services/metrics.py): latency per route template, method and status class,
  429/503/504 answers by reason, Neo4j errors, requests in flight;
- the in-flight bound: past `InFlight.limit` requests at once in this worker, or past the
  bound all of gunicorn's workers share (server/gunicorn_conf.py), a request
  is answered 503 problem+json with `Retry-After` at once (the health probes, /metrics
  and the pages' static files never are). The limit is REFERRALS_MAX_IN_FLIGHT, else set from gunicorn's
  threads by server/gunicorn_conf.py (threads - 2), else none (tests, the dev server);
- `GET /metrics` (Prometheus text): for a bearer equal to REFERRALS_METRICS_TOKEN, an API
  key with the `admin` scope, or a signed-in admin (docs/operations.md says why).

REFERRALS_OBSERVABILITY=off drops the log lines and the metrics (the request id and the
in-flight bound stay): it is how their cost is measured.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from typing import Any

from flask import Flask, Response, current_app, g, request

from api.auth import WWW_AUTHENTICATE, check_request
from api.problems import problem
from referrals.permissions import Action
from runtime.observability import InFlight, SharedInFlight, configure_logging, request_id
from runtime.requests import app_runtime, current_actor
from runtime.settings import Settings
from services import authorization, metrics
from services.context import Actor, Context
from web.security import load_user

log = logging.getLogger("referrals.request")
startup_log = logging.getLogger("referrals.server")

EXTENSION = "referrals_observability"
EXEMPT_PATHS = frozenset({"/healthz", "/readyz", "/api/v1/healthz", "/api/v1/readyz", "/metrics"})
# files a page loads beside it, several at once: cheap, and shedding them breaks the page
EXEMPT_PREFIXES = ("/static/", "/api/docs/assets/")
SPARE_THREADS = 2  # threads beyond the limit: they answer probes and 503s without waiting
RETRY_AFTER_SECONDS = 1
METRICS_ACTION = Action.MANAGE_ACCESS  # admin only, for keys and for people


class Observability:
    def __init__(self, settings: Settings, limit: int) -> None:
        self.settings = settings
        self.enabled = settings.observability
        self.in_flight = InFlight(limit)


def install(app: Flask, settings: Settings) -> Observability:
    configure_logging(settings.log_level, settings.log_format)
    metrics.set_enabled(settings.observability)
    limit = app.config.get("MAX_IN_FLIGHT", settings.max_in_flight)
    state = Observability(settings, int(limit or 0))
    app.extensions[EXTENSION] = state
    app.before_request(_start)
    app.after_request(_finish)
    app.teardown_request(_leave)
    app.add_url_rule("/metrics", "metrics", metrics_view)
    return state


def observability(app: Flask | None = None) -> Observability:
    return (app or current_app).extensions[EXTENSION]


def set_worker_threads(app: Flask, threads: int, shared: SharedInFlight | None = None,
                       slot: int = -1) -> int:
    """gunicorn's post_worker_init: size the bound from the worker's threads unless
    REFERRALS_MAX_IN_FLIGHT set it, and count against the bound all workers share (the
    master's `shared`, this worker's `slot`). Returns the worker's own limit."""
    state = observability(app)
    limit = state.settings.max_in_flight
    if limit is None:
        limit = max(1, threads - SPARE_THREADS)
    state.in_flight.set_limit(limit)
    if shared is not None:
        state.in_flight.share(shared, slot)
    return limit


# ---- per request ---------------------------------------------------------------------------
def _start():
    g.request_started = time.perf_counter()
    g.request_id = request_id(request.headers.get("X-Request-Id"))
    if request.path in EXEMPT_PATHS or request.path.startswith(EXEMPT_PREFIXES):
        return None
    state = observability()
    if not state.in_flight.enter():
        g.shed = True
        return problem(503, "The server is busy; try again in a moment.", title="Overloaded",
                       headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    g.admitted = True
    if state.enabled:
        metrics.IN_FLIGHT.inc()
    return None


def _leave(_exc: BaseException | None) -> None:
    if g.pop("admitted", False):
        state = observability()
        state.in_flight.leave()
        if state.enabled:
            metrics.IN_FLIGHT.dec()


def _who() -> dict[str, str]:
    key = getattr(g, "api_key", None)
    if key:
        return {"key_id": key["id"]}
    actor: Actor = current_actor()
    if actor.kind == "user":
        return {"user_id": actor.id}
    if actor.kind == "key":
        return {"key_id": actor.id}
    return {}


REFUSALS = {429: "rate_limit", 504: "timeout"}


def _finish(response: Response) -> Response:
    rid = getattr(g, "request_id", None)
    if rid:
        response.headers["X-Request-Id"] = rid
    state = observability()
    if not state.enabled:
        return response
    took = time.perf_counter() - getattr(g, "request_started", time.perf_counter())
    status = response.status_code
    route = request.url_rule.rule if request.url_rule is not None else "unmatched"
    metrics.HTTP_DURATION.labels(route, request.method, f"{status // 100}xx").observe(took)
    if status in (429, 503, 504):
        reason = "overload" if status == 503 and g.get("shed") else REFUSALS.get(status, "database")
        metrics.HTTP_REFUSED.labels(str(status), reason).inc()
        if reason in ("database", "timeout"):
            metrics.NEO4J_ERRORS.labels("unavailable" if reason == "database" else "timeout").inc()
    fields: dict[str, Any] = {"method": request.method, "route": route, "path": request.path,
                              "status": status, "duration_ms": round(took * 1000, 1), **_who()}
    log.log(logging.DEBUG if request.path in EXEMPT_PATHS else logging.INFO, "request", extra=fields)
    return response


# ---- /metrics ------------------------------------------------------------------------------
def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else None


def _metrics_refusal() -> Response | None:
    """None when the caller may read the metrics, else the 401/403 problem."""
    token = observability().settings.metrics_token
    bearer = _bearer()
    if token and bearer and hmac.compare_digest(bearer.encode(), token.encode()):
        return None
    if request.headers.get("X-API-Key") or bearer:
        return check_request(METRICS_ACTION)  # an admin key; 401/403 problem otherwise
    user = load_user()  # the pages' session
    if user is not None:
        actor = Actor(kind="user", id=user["id"], name=user["email"], role=user.get("role"))
        if authorization.allowed(actor, METRICS_ACTION):
            return None
        return problem(403, "Only an admin may read the metrics.")
    return problem(401, "The metrics need an admin API key, an admin's session or the metrics token "
                        "(Authorization: Bearer).", headers={"WWW-Authenticate": WWW_AUTHENTICATE})


def metrics_view() -> Response:
    """Prometheus text format, all gunicorn workers added up."""
    # imported here, not at the top: see services/metrics.py on when prometheus_client may load
    from prometheus_client import (
        CONTENT_TYPE_LATEST,
        REGISTRY,
        CollectorRegistry,
        generate_latest,
        multiprocess,
    )

    state = observability()
    if not state.enabled:
        return problem(404, "Metrics are off here (REFERRALS_OBSERVABILITY=off).")
    refused = _metrics_refusal()
    if refused is not None:
        return refused
    registry = REGISTRY
    if state.settings.metrics_dir is not None:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=str(state.settings.metrics_dir))
    response = Response(generate_latest(registry), status=200)
    response.headers["Content-Type"] = CONTENT_TYPE_LATEST
    response.headers["Cache-Control"] = "no-store"
    return response


# ---- warm-up ------------------------------------------------------------------------------
# The first rep (in whatever order the plan reads them) with someone two ties away: taking
# the first rep and then looking found nothing when that rep had no ties yet, and which rep
# comes first changes with the plan.
WARM_PAIR = """
MATCH (r:Rep) WHERE NOT coalesce(r.do_not_contact, false)
CALL (r) {
  MATCH (r)-[:KNOWS]-(:Person)-[:KNOWS]-(t:Person) WHERE t <> r AND NOT t:Rep
  RETURN t LIMIT 1
}
RETURN r.id AS source, t.id AS target LIMIT 1
"""


def warm_up(app: Flask, connections: int = 4) -> dict[str, float]:
    """Before a worker takes requests: open `connections` driver connections at once, fit
    the learned model when it is on (a request never waits for that), run one path search
    (its queries, their plans and the Python that ranks) and one request through the app,
    so the first requests cost what later ones do. Best effort: a database that is not up
    yet is logged and skipped. Returns the milliseconds each part took."""
    from services.paths import warm_up as warm_up_search  # the use case, as requests run it

    took: dict[str, float] = {}
    runtime = app_runtime(app)
    graph = runtime.graph
    started = time.perf_counter()
    try:
        errors: list[BaseException] = []

        def ping() -> None:
            try:
                graph.ping()
            except Exception as exc:  # noqa: BLE001 - best effort
                errors.append(exc)

        threads = [threading.Thread(target=ping) for _ in range(max(1, connections))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        took["pool_ms"] = round((time.perf_counter() - started) * 1000, 1)
        if errors:
            raise errors[0]
        if runtime.settings.rules.calibration_weight > 0:  # requests never fit it (graph/calibration.py)
            from graph.calibration import current_model

            started = time.perf_counter()
            current_model(graph, block=True)
            took["model_ms"] = round((time.perf_counter() - started) * 1000, 1)
        pair = graph.query(WARM_PAIR)
        if pair:
            started = time.perf_counter()
            warm_up_search(Context(graph=graph), pair[0]["target"], pair[0]["source"])
            took["path_ms"] = round((time.perf_counter() - started) * 1000, 1)
        started = time.perf_counter()  # the request machinery's first call (hooks, JSON)
        app.test_client().get("/api/v1/readyz", headers={"X-Request-Id": "warm-up"})
        took["request_ms"] = round((time.perf_counter() - started) * 1000, 1)
        startup_log.info("worker warmed up", extra=took)
    except Exception as exc:  # noqa: BLE001 - a cold worker still serves
        startup_log.warning("warm-up skipped (%s)", type(exc).__name__)
    return took
