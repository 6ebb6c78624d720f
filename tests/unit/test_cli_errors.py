"""The command line answers a database that is not there, or a refused use case, with one
readable line and exit code 1 (no stack trace, no 30 s of retries)."""

from __future__ import annotations

import time

from click.testing import CliRunner

from cli.loadtest import free_port
from cli.main import cli


def test_a_database_that_is_not_there_is_one_line_fast():
    uri = f"bolt://127.0.0.1:{free_port()}"
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["keys", "list"], env={"NEO4J_URI": uri})
    assert result.exit_code == 1
    assert f"Neo4j does not answer at {uri}" in result.output and "referrals neo4j start" in result.output
    assert "Traceback" not in result.output
    assert time.monotonic() - started < 15  # not the batch driver's 30 s of retries
