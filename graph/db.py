"""The Neo4j driver: one per process, managed transactions, parameters only."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from neo4j import (
    Driver,
    GraphDatabase,
    ManagedTransaction,
    Neo4jDriver,
    NotificationMinimumSeverity,
    unit_of_work,
)
from neo4j.api import BookmarkManager
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from graph.config import Neo4jSettings

T = TypeVar("T")

# Called inside a store's write transaction, before the commit, with what the store did:
# how a use case writes its events (the outbox) in the same transaction as the change.
InTransaction = Callable[[ManagedTransaction, Any], None]
log = logging.getLogger("referrals.graph")

# Errors that mean "the database is not there right now" (the API answers 503). A server
# that refuses the configured password is not there for us either: the caller can do
# nothing about it, so it is a 503 like a server that is down, not a 500.
UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    ServiceUnavailable, SessionExpired, ConnectionError, OSError, AuthError,
)




class QueryTimeout(Exception):
    """A transaction ran past the request's limit and Neo4j ended it (the API answers 504).

    Not one of UNAVAILABLE_ERRORS: the database is there, this one piece of work was too
    slow, so it must not make the process fail fast for everyone else."""


def is_timeout(exc: BaseException) -> bool:
    # Neo4j 5 says Neo.ClientError.Transaction.TransactionTimedOut(ClientConfiguration)
    return isinstance(exc, Neo4jError) and "TransactionTimedOut" in (exc.code or "")


def make_driver(settings: Neo4jSettings, *, request_path: bool = True) -> Driver:
    """A driver tuned for where it runs.

    On the request path a dead server must turn into a 503 within a few seconds, so the
    connection and retry budgets are short; batch jobs (imports, seeding) retry longer.
    """
    return GraphDatabase.driver(
        settings.uri,
        auth=(settings.user, settings.password),
        connection_timeout=2.0 if request_path else 10.0,
        connection_acquisition_timeout=3.0 if request_path else 60.0,
        max_transaction_retry_time=1.0 if request_path else 30.0,
        max_connection_pool_size=50,
        notifications_min_severity=NotificationMinimumSeverity.OFF,
    )


class Graph:
    """The database a process talks to: a driver plus the database name.

    On the request path (`fail_fast_seconds` > 0) a transaction that found the database
    unavailable makes the next ones in this process fail at once for that many seconds
    (a 503 in microseconds, not after the driver's retries), then one gets through to
    probe again; so during an outage workers never queue up behind dead connections.

    Until a transaction has succeeded (after the process starts, and again after an
    outage) each one runs on a helper thread with a deadline of `probe_seconds`: a server
    that is still starting opens Bolt before its database has recovered, and a request
    sent then could wait on it for many seconds. Past the deadline the request gets the
    503 and the helper thread finishes (or fails) on its own.

    Clusters (``neo4j://`` or ``neo4j+s://``, Aura): reads go through ``execute_read``, so
    the driver routes them to followers or read replicas and writes to the leader. Every
    session of a process shares one bookmark manager, so a read sees every write this
    process committed before it, on whichever member it lands: a request that writes
    and then reads (the use cases' own read-back, the next request of the same worker)
    never reads a follower that has not caught up. A write made through another app
    machine is seen once that member has it (milliseconds); nothing in the service relies
    on more. A ``bolt://`` driver talks to one server, where every transaction sees every
    earlier commit anyway: it uses no bookmarks (so a database restored from an older dump
    under a running process never leaves it waiting for a transaction that is gone).
    """

    probe_seconds = 3.0

    def __init__(self, driver: Driver, database: str = "neo4j", fail_fast_seconds: float = 0.0,
                 tx_timeout: float | None = None, bookmark_manager: BookmarkManager | None = None):
        self.driver = driver
        self.database = database
        # causal chaining of this process's transactions, where there is routing (see above)
        if bookmark_manager is None and isinstance(driver, Neo4jDriver):
            bookmark_manager = GraphDatabase.bookmark_manager()
        self.bookmark_manager = bookmark_manager
        self.fail_fast_seconds = fail_fast_seconds
        # Neo4j ends a transaction running longer than this (QueryTimeout here): a request
        # whose worker gave up must not leave its query running on the server.
        self.tx_timeout = tx_timeout if tx_timeout and tx_timeout > 0 else None
        self._down_until = 0.0
        self._probing = True  # no transaction has succeeded since start or the last outage

    @classmethod
    def connect(cls, settings: Neo4jSettings, *, request_path: bool = True) -> Graph:
        return cls(make_driver(settings, request_path=request_path), settings.database,
                   fail_fast_seconds=1.0 if request_path else 0.0,
                   tx_timeout=settings.request_timeout if request_path else None)

    def without_timeout(self) -> Graph:
        """The same driver for work that is allowed to take long (a job a request started
        in a thread): no transaction timeout, and no fail-fast or probe deadline."""
        return Graph(self.driver, self.database, bookmark_manager=self.bookmark_manager)

    def _run_tx(self, kind: str, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self.fail_fast_seconds and time.monotonic() < self._down_until:
            raise ServiceUnavailable("The database was unavailable a moment ago (failing fast).")
        try:
            if self.fail_fast_seconds and self._probing:
                result = self._with_deadline(kind, work, *args, **kwargs)
                self._probing = False
                return result
            return self._transaction(kind, work, *args, **kwargs)
        except (ServiceUnavailable, SessionExpired):
            if self.fail_fast_seconds:
                self._down_until = time.monotonic() + self.fail_fast_seconds
                self._probing = True
            raise

    def _transaction(self, kind: str, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self.tx_timeout and getattr(work, "timeout", None) is None:
            work = unit_of_work(timeout=self.tx_timeout)(work)
        try:
            with self._session() as session:
                run = session.execute_read if kind == "read" else session.execute_write
                return run(work, *args, **kwargs)
        except Neo4jError as exc:
            if is_timeout(exc):
                raise QueryTimeout(f"The query took longer than {self.tx_timeout or 0:g} s and "
                                   "was stopped.") from exc
            raise

    def _with_deadline(self, kind: str, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        outcome: dict[str, Any] = {}
        done = threading.Event()

        def probe() -> None:
            try:
                outcome["value"] = self._transaction(kind, work, *args, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting request
                outcome["error"] = exc
            finally:
                done.set()

        threading.Thread(target=probe, name="neo4j-probe", daemon=True).start()
        if not done.wait(self.probe_seconds):
            raise ServiceUnavailable(f"The database did not answer within {self.probe_seconds:.0f} s "
                                     "(it may still be starting).")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    def read(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return self._run_tx("read", work, *args, **kwargs)

    def write(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return self._run_tx("write", work, *args, **kwargs)

    def query(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        """A read query, returned as a list of dicts (small results only)."""

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(cypher, params)]

        return self.read(work)

    def execute(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        """A write query, returned as a list of dicts."""

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(cypher, params)]

        return self.write(work)

    def run_autocommit(self, cypher: str, **params: Any) -> None:
        """For `CALL {...} IN TRANSACTIONS`, which Neo4j only runs outside a managed transaction.
        Batch work only, so no transaction timeout."""
        with self._session() as session:
            session.run(cypher, params).consume()

    def _session(self):
        # a bookmark manager only with a routing driver (bolt:// has none to keep), and only
        # then passed, so a driver without the option (tests' stand-ins) still works
        options = {} if self.bookmark_manager is None else {"bookmark_manager": self.bookmark_manager}
        return self.driver.session(database=self.database, **options)

    def ping(self) -> None:
        """Raise if the database cannot answer a trivial read right now."""
        self.driver.verify_connectivity()
        self.query("RETURN 1 AS ok")

    def close(self) -> None:
        # A connection broken by a server restart (or still used by a background thread)
        # can make the driver's goodbye message fail; closing must never raise.
        try:
            self.driver.close()
        except Exception as exc:  # noqa: BLE001
            log.debug("ignored error while closing the Neo4j driver: %s", type(exc).__name__)
