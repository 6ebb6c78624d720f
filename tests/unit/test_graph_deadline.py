"""graph.db.Graph on the request path: a database that does not answer turns into a quick
ServiceUnavailable (the API's 503), and normal service resumes once one transaction works.
The driver here is a stand-in whose session blocks like a server that has opened Bolt but
not yet recovered its database; tests/reliability/test_faults.py does it for real."""

import threading
import time

import pytest
from neo4j.exceptions import ServiceUnavailable

from graph.db import Graph


class StallingDriver:
    def __init__(self) -> None:
        self.release = threading.Event()
        self.sessions = 0

    def session(self, database):
        self.sessions += 1
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute_read(self, work, *args, **kwargs):
        self.release.wait(10)
        return work("tx", *args, **kwargs)

    execute_write = execute_read


def test_a_stalled_database_answers_within_the_probe_deadline_then_recovers():
    driver = StallingDriver()
    graph = Graph(driver, fail_fast_seconds=0.2)
    graph.probe_seconds = 0.3
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable, match="did not answer"):
        graph.read(lambda tx: "never")
    assert time.monotonic() - started < 1.0
    with pytest.raises(ServiceUnavailable, match="failing fast"):  # inside the fail-fast window
        graph.read(lambda tx: "never")
    driver.release.set()  # the database has recovered
    time.sleep(0.25)
    assert graph.read(lambda tx, x: (tx, x), 1) == ("tx", 1)
    assert graph.read(lambda tx: "direct") == "direct"  # no probe thread once it answered
    assert not graph._probing


def test_batch_graphs_never_use_a_deadline():
    driver = StallingDriver()
    driver.release.set()
    graph = Graph(driver)  # fail_fast_seconds=0: imports and jobs wait for the database
    assert graph.read(lambda tx: "ok") == "ok"
    assert graph._probing  # untouched: the deadline path is request-path only


class RecordingDriver(StallingDriver):
    """Hands back what the session was given, or fails the way Neo4j does at a timeout."""

    def __init__(self, error: Exception | None = None) -> None:
        super().__init__()
        self.release.set()
        self.error = error
        self.timeouts: list[float | None] = []

    def execute_read(self, work, *args, **kwargs):
        self.timeouts.append(getattr(work, "timeout", None))
        if self.error is not None:
            raise self.error
        return work("tx", *args, **kwargs)

    execute_write = execute_read


def test_request_transactions_carry_the_server_side_timeout():
    driver = RecordingDriver()
    Graph(driver, fail_fast_seconds=1.0, tx_timeout=2.5).read(lambda tx: "ok")
    Graph(driver).write(lambda tx: "ok")  # batch: no limit
    assert driver.timeouts == [2.5, None]


def test_a_timed_out_transaction_is_a_query_timeout_not_an_outage():
    from neo4j.exceptions import Neo4jError

    from graph.db import QueryTimeout

    timed_out = Neo4jError._hydrate_neo4j(
        code="Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
        message="The transaction has not completed within the timeout specified at its start")
    graph = Graph(RecordingDriver(timed_out), fail_fast_seconds=1.0, tx_timeout=1.0)
    graph._probing = False
    with pytest.raises(QueryTimeout):
        graph.read(lambda tx: "never")
    assert graph._down_until == 0.0  # the database answered: nobody else fails fast
