"""Settings: the one module that reads the environment.

Every variable the service understands is listed in ``VARIABLES`` (name, default,
meaning); the README's configuration table is the same list. ``Settings.from_env()``
builds one frozen object from them; the app factory, ``bootstrap()``, the CLI and the
tests pass that object (or values taken from it) down, so nothing below this module
ever looks at ``os.environ``. Tests override single values with ``replace()``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from graph.config import DEFAULT_REQUEST_TIMEOUT, DEV_PASSWORD, Neo4jSettings
from graph.local_server import LocalNeo4j, stored_password
from referrals.rules import Rules

# (name, default, meaning): the configuration table in one place.
VARIABLES: tuple[tuple[str, str, str], ...] = (
    ("NEO4J_URI", "bolt://127.0.0.1:7687",
     "any Neo4j 5 (`neo4j://` for a cluster); when set, benchmarks use it, not the bench server"),
    ("NEO4J_USER", "neo4j", "also read as NEO4J_USERNAME"),
    ("NEO4J_PASSWORD", "the demo server's generated one",
     "never logged or returned; without NEO4J_URI, read from $REFERRALS_STATE_DIR/demo/password (0600)"),
    ("NEO4J_DATABASE", "neo4j", ""),
    ("NEO4J_HEAP", "1g (bench server: 2g)", "heap of the project's local Neo4j servers"),
    ("NEO4J_PAGECACHE", "512m (bench server: 1g)", "page cache of the project's local Neo4j servers"),
    ("REFERRALS_HOME", "the checkout", "where the project's files are"),
    ("REFERRALS_STATE_DIR", "$REFERRALS_HOME/.neo4j", "downloaded Neo4j and local server homes"),
    ("REFERRALS_SECRET_KEY", "random, in $REFERRALS_STATE_DIR/session-secret (0600)",
     "signs web sessions; set it when app servers run on several machines"),
    ("REFERRALS_HTTPS", "", "non-empty: served over HTTPS, so cookies are Secure and HSTS is sent"),
    ("REFERRALS_TRUSTED_PROXIES", "0",
     "reverse proxies in front that set X-Forwarded-For/-Proto; 0: the socket's address counts"),
    ("REFERRALS_SIGNIN_MAX_PER_ACCOUNT", "5", "failed sign-ins per email per window, then 429; 0: no limit"),
    ("REFERRALS_SIGNIN_MAX_PER_ADDRESS", "20", "failed sign-ins per client address per window; 0: no limit"),
    ("REFERRALS_SIGNIN_WINDOW_SECONDS", "900", "the sign-in throttle's window"),
    ("REFERRALS_REQUEST_TIMEOUT_SECONDS", "10",
     "Neo4j ends a web request's transaction after this (504); 0: none; CLI and jobs have none"),
    ("REFERRALS_MAX_UPLOAD_MB", "50", "import upload limit (413 above it)"),
    ("REFERRALS_RATE_LIMIT_PER_MINUTE", "6000",
     "per API key, shared by all workers and machines; 0 turns it off"),
    ("REFERRALS_WEBHOOK_MAX_ATTEMPTS", "5", "delivery attempts per event and webhook"),
    ("REFERRALS_WEBHOOK_RETRY_BASE", "2", "seconds before the first retry; doubles each time"),
    ("REFERRALS_OUTBOX_POLL_SECONDS", "1", "how often each app process looks for due deliveries"),
    ("REFERRALS_WEBHOOKS_ALLOW_PRIVATE", "",
     "1/true/yes: webhooks may go to loopback and private addresses (tests, development)"),
    ("REFERRALS_CALIBRATION_WEIGHT", "0.5",
     "0..1: how much learned outcomes move the ranking once warm; 0: hand-set ranking only"),
    ("REFERRALS_CALIBRATION_MIN_OUTCOMES", "200",
     "decided introductions (both kinds) before learned outcomes move the ranking"),
    ("REFERRALS_CENTRALITY_MAX_AGE_HOURS", "24", "`referrals tick` recomputes centrality older than this"),
    ("REFERRALS_INTERLEAVING", "on",
     "off: the find page shows one ranking, not hand-set and learned interleaved (docs/ranking.md)"),
    ("REFERRALS_ASKS_PER_QUARTER", "3", "referral asks to one client's people per rolling quarter"),
    ("REFERRALS_TIE_HALF_LIFE_DAYS", "180", "days after which a tie's strength (above the floor) halves"),
    ("REFERRALS_LOG_LEVEL", "INFO", "level of the `referrals.*` loggers (DEBUG, INFO, WARNING, ERROR)"),
    ("REFERRALS_LOG_FORMAT", "json",
     "json: one JSON object a line (production); text: readable lines (`make demo`)"),
    ("REFERRALS_OBSERVABILITY", "on",
     "off: no request log lines and no metrics (to measure their cost; docs/operations.md)"),
    ("REFERRALS_METRICS_TOKEN", "", "a bearer token that may read /metrics (else an admin key or session)"),
    ("REFERRALS_MAX_IN_FLIGHT", "gunicorn threads - 2",
     "requests one worker runs at once; past it 503 with Retry-After at once; 0: no limit"),
    ("REFERRALS_MAX_IN_FLIGHT_TOTAL", "2 x CPU count",
     "requests all of one gunicorn's workers run at once (counted in memory the master shares); "
     "past it 503 the same way; 0: no shared limit"),
    ("PROMETHEUS_MULTIPROC_DIR", "$REFERRALS_HOME/.run/prometheus-<master pid>",
     "where gunicorn's workers keep their metrics (server/gunicorn_conf.py sets it)"),
    ("REFERRALS_TEST_BOLT_PORT", "7688", "Bolt port of the test server `make test` starts"),
    ("REFERRALS_KEEP_TEST_SERVER", "", "non-empty: leave the test server running after the tests"),
)


def _project_root(env: Mapping[str, str]) -> Path:
    explicit = env.get("REFERRALS_HOME")
    if explicit:
        return Path(explicit).resolve()
    return Path(__file__).resolve().parents[1]


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, not {raw!r}") from exc


def _choice(value: str | None, name: str, default: str, allowed: tuple[str, ...]) -> str:
    raw = (value or "").strip().upper() or default.upper()
    if raw not in {a.upper() for a in allowed}:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {raw.lower()!r}")
    return raw


@dataclass(frozen=True)
class Settings:
    neo4j: Neo4jSettings = field(default_factory=Neo4jSettings)
    external_neo4j: bool = False  # NEO4J_URI was set: benchmarks use it instead of a local server
    neo4j_heap: str | None = None  # None: each local server's own default
    neo4j_pagecache: str | None = None
    home: Path = field(default_factory=lambda: Path(__file__).resolve().parents[1])
    state_dir: Path | None = None
    secret_key: str | None = None  # None: workers share a random one kept in session_key_file
    https: bool = False  # served over HTTPS: Secure cookies, HSTS
    trusted_proxies: int = 0  # proxies whose X-Forwarded-For/-Proto are believed
    signin_max_per_account: int = 5
    signin_max_per_address: int = 20
    signin_window_seconds: float = 900.0
    max_upload_mb: int = 50
    rate_limit_per_minute: int = 6000
    webhook_max_attempts: int = 5
    webhook_retry_base: float = 2.0
    outbox_poll_seconds: float = 1.0
    webhooks_allow_private: bool = False  # off: webhooks reach public addresses only
    rules: Rules = field(default_factory=Rules)
    test_bolt_port: int = 7688
    keep_test_server: bool = False
    log_level: str = "INFO"
    log_format: str = "json"  # or "text"
    observability: bool = True  # off: no request log lines, no metrics
    metrics_token: str | None = None  # a bearer that may read /metrics
    max_in_flight: int | None = None  # None: from the gunicorn threads; 0: no limit
    # all of one gunicorn's workers together (server/gunicorn_conf.py); None: 2 x CPUs; 0: none
    max_in_flight_total: int | None = None
    metrics_dir: Path | None = None  # PROMETHEUS_MULTIPROC_DIR

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        home = _project_root(env)
        calibration = min(1.0, max(0.0, _number(env, "REFERRALS_CALIBRATION_WEIGHT",
                                                Rules.calibration_weight)))
        rules = Rules(calibration_weight=calibration,
                      calibration_min_outcomes=max(1, int(_number(env, "REFERRALS_CALIBRATION_MIN_OUTCOMES",
                                                                  Rules.calibration_min_outcomes))),
                      centrality_max_age_hours=max(0.0, _number(env, "REFERRALS_CENTRALITY_MAX_AGE_HOURS",
                                                                Rules.centrality_max_age_hours)),
                      asks_per_quarter=int(_number(env, "REFERRALS_ASKS_PER_QUARTER", 3)),
                      tie_half_life_days=max(1.0, _number(env, "REFERRALS_TIE_HALF_LIFE_DAYS", 180)),
                      interleaving=(env.get("REFERRALS_INTERLEAVING") or "on").strip().lower()
                      not in ("0", "off", "false", "no"))
        state_dir = Path(env["REFERRALS_STATE_DIR"]) if env.get("REFERRALS_STATE_DIR") else None
        # Without NEO4J_URI the app talks to the demo server: its generated password (an
        # older home still has the old public one until it is restarted).
        password = env.get("NEO4J_PASSWORD") or (
            None if env.get("NEO4J_URI") else stored_password((state_dir or home / ".neo4j") / "demo"))
        return cls(
            neo4j=Neo4jSettings(
                uri=env.get("NEO4J_URI") or Neo4jSettings.uri,
                user=env.get("NEO4J_USER") or env.get("NEO4J_USERNAME") or Neo4jSettings.user,
                password=password or DEV_PASSWORD,
                database=env.get("NEO4J_DATABASE") or Neo4jSettings.database,
                request_timeout=max(0.0, _number(env, "REFERRALS_REQUEST_TIMEOUT_SECONDS",
                                                 DEFAULT_REQUEST_TIMEOUT)) or None),
            external_neo4j=bool(env.get("NEO4J_URI")),
            neo4j_heap=env.get("NEO4J_HEAP") or None,
            neo4j_pagecache=env.get("NEO4J_PAGECACHE") or None,
            home=home,
            state_dir=state_dir,
            secret_key=env.get("REFERRALS_SECRET_KEY") or None,
            https=bool(env.get("REFERRALS_HTTPS")),
            trusted_proxies=max(0, int(_number(env, "REFERRALS_TRUSTED_PROXIES", 0))),
            signin_max_per_account=max(0, int(_number(env, "REFERRALS_SIGNIN_MAX_PER_ACCOUNT", 5))),
            signin_max_per_address=max(0, int(_number(env, "REFERRALS_SIGNIN_MAX_PER_ADDRESS", 20))),
            signin_window_seconds=max(1.0, _number(env, "REFERRALS_SIGNIN_WINDOW_SECONDS", 900)),
            max_upload_mb=int(_number(env, "REFERRALS_MAX_UPLOAD_MB", 50)),
            rate_limit_per_minute=int(_number(env, "REFERRALS_RATE_LIMIT_PER_MINUTE", 6000)),
            webhook_max_attempts=max(1, int(_number(env, "REFERRALS_WEBHOOK_MAX_ATTEMPTS", 5))),
            webhook_retry_base=max(0.0, _number(env, "REFERRALS_WEBHOOK_RETRY_BASE", 2.0)),
            outbox_poll_seconds=max(0.05, _number(env, "REFERRALS_OUTBOX_POLL_SECONDS", 1.0)),
            webhooks_allow_private=(env.get("REFERRALS_WEBHOOKS_ALLOW_PRIVATE") or "").strip().lower()
            in ("1", "true", "yes", "on"),
            rules=rules,
            test_bolt_port=int(_number(env, "REFERRALS_TEST_BOLT_PORT", 7688)),
            keep_test_server=bool(env.get("REFERRALS_KEEP_TEST_SERVER")),
            log_level=_choice(env.get("REFERRALS_LOG_LEVEL"), "REFERRALS_LOG_LEVEL", "INFO",
                               ("DEBUG", "INFO", "WARNING", "ERROR")),
            log_format=_choice(env.get("REFERRALS_LOG_FORMAT"), "REFERRALS_LOG_FORMAT", "json",
                                ("json", "text")).lower(),
            observability=(env.get("REFERRALS_OBSERVABILITY") or "on").strip().lower()
            not in ("0", "off", "false", "no"),
            metrics_token=env.get("REFERRALS_METRICS_TOKEN") or None,
            max_in_flight=None if not (env.get("REFERRALS_MAX_IN_FLIGHT") or "").strip()
            else max(0, int(_number(env, "REFERRALS_MAX_IN_FLIGHT", 0))),
            max_in_flight_total=None if not (env.get("REFERRALS_MAX_IN_FLIGHT_TOTAL") or "").strip()
            else max(0, int(_number(env, "REFERRALS_MAX_IN_FLIGHT_TOTAL", 0))),
            metrics_dir=Path(env["PROMETHEUS_MULTIPROC_DIR"]) if env.get("PROMETHEUS_MULTIPROC_DIR")
            else None,
        )

    @property
    def neo4j_state_dir(self) -> Path:
        """Where downloaded Neo4j artifacts and local server homes live (git-ignored)."""
        return self.state_dir or self.home / ".neo4j"

    @property
    def session_key_file(self) -> Path:
        """Where the web session signing key is kept when REFERRALS_SECRET_KEY is not set
        (0600; outside the graph, so nobody who can read the graph can forge sessions)."""
        return self.neo4j_state_dir / "session-secret"

    def local_neo4j(self, name: str, bolt_port: int, *, heap: str | None = None,
                    pagecache: str | None = None) -> LocalNeo4j:
        """The project's local server `name`. Memory: the sizes given, else NEO4J_HEAP and
        NEO4J_PAGECACHE, else the server's defaults (1g, 512m)."""
        sizes = {"heap": heap or self.neo4j_heap, "pagecache": pagecache or self.neo4j_pagecache}
        return LocalNeo4j(name=name, bolt_port=bolt_port, state_dir=self.neo4j_state_dir,
                          project_root=self.home, environment=self.process_environment(),
                          **{k: v for k, v in sizes.items() if v})

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    def process_environment(self, **extra: str) -> dict[str, str]:
        """The environment for a child process (gunicorn, a benchmark's server): this
        process's own, with `extra` on top."""
        return {**os.environ, **extra}

    def __repr__(self) -> str:  # secrets stay out of logs and tracebacks
        return (f"Settings(neo4j={self.neo4j!r}, home={str(self.home)!r}, "
                f"secret_key={'set' if self.secret_key else 'unset'}, "
                f"metrics_token={'set' if self.metrics_token else 'unset'})")

    __str__ = __repr__


def random_secret() -> str:
    return secrets.token_hex(32)
