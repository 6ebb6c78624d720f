"""The Neo4j driver: one per process, managed transactions, parameters only."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from neo4j import Driver, GraphDatabase, ManagedTransaction, NotificationMinimumSeverity
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from graph.config import Neo4jSettings

T = TypeVar("T")
log = logging.getLogger("referrals.graph")

# Errors that mean "the database is not there right now" (the API answers 503).
UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    ServiceUnavailable, SessionExpired, ConnectionError, OSError,
)


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
        max_transaction_retry_time=2.0 if request_path else 30.0,
        max_connection_pool_size=50,
        notifications_min_severity=NotificationMinimumSeverity.OFF,
    )


class Graph:
    """The database a process talks to: a driver plus the database name."""

    def __init__(self, driver: Driver, database: str = "neo4j"):
        self.driver = driver
        self.database = database

    @classmethod
    def connect(cls, settings: Neo4jSettings | None = None, *, request_path: bool = True) -> Graph:
        settings = settings or Neo4jSettings.from_env()
        return cls(make_driver(settings, request_path=request_path), settings.database)

    def read(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.driver.session(database=self.database) as session:
            return session.execute_read(work, *args, **kwargs)

    def write(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.driver.session(database=self.database) as session:
            return session.execute_write(work, *args, **kwargs)

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
        """For `CALL {...} IN TRANSACTIONS`, which Neo4j only runs outside a managed transaction."""
        with self.driver.session(database=self.database) as session:
            session.run(cypher, params).consume()

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
