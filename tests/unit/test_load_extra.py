"""aiohttp is the optional extra `load`: without it the load benchmarks say how to install it
(before touching any database) instead of failing with an ImportError."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from cli.main import cli


@pytest.mark.parametrize("command", ["load", "faults"])
def test_bench_without_aiohttp_says_how_to_install_it(monkeypatch, command):
    monkeypatch.setitem(sys.modules, "aiohttp", None)  # `import aiohttp` now raises ImportError
    result = CliRunner().invoke(cli, ["bench", command])
    assert result.exit_code == 1
    assert "aiohttp" in result.output
    assert "pip install -e '.[load]'" in result.output


def test_the_load_extra_is_installed_here():
    import aiohttp  # the tests of the load generator (tests/unit/test_open_loop.py) need it

    assert aiohttp.ClientSession
