"""What a process loads at start is memory it holds all its life: a gunicorn worker, an
import, the CLI. The Neo4j driver would import pyarrow (52 MB, installed for Splink only)
and the centrality batch's graphblas would load numba (about 94 MB with its operations) in
every worker; neither is needed until identity resolution or the batch runs
(graph/__init__.py, search/centrality.py; docs/operations.md, "Memory"). And the import's
refresh of entry points loads no search module (networkx; graphblas and numba through the
market reach: about 80 MB) until a company is big enough to need them (docs/imports.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest


def loaded(imports: str, modules: tuple[str, ...]) -> list[str]:
    code = f"import sys\n{imports}\nprint(','.join(m for m in {modules!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [m for m in done.stdout.strip().split(",") if m]


@pytest.mark.parametrize("imports", [
    "import server.app",  # a web worker (wsgi.py)
    "import services.imports",  # an import
    "import services.erasure",  # a use case that names the driver before graph/
    "import cli.main",
])
def test_a_process_starts_without_pyarrow_numba_or_graphblas_s_operations(imports):
    assert loaded(imports, ("pyarrow", "numba")) == []


def test_pyarrow_still_loads_for_splink_after_the_driver():
    assert loaded("import graph.db\nimport pyarrow", ("pyarrow", "neo4j")) == ["pyarrow", "neo4j"]


def test_importing_the_refresh_loads_no_search_module():
    assert loaded("import graph.entry_points", ("networkx", "graphblas", "numba")) == []
