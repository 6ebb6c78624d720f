"""graph/entry_points.py is imported by the import use case for the refresh after every import:
it must not load the search modules (networkx; graphblas and numba through the market reach:
about 80 MB) until a company is big enough to need them (docs/imports.md, memory)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("networkx", "graphblas", "numba")


def test_importing_the_refresh_loads_no_search_module():
    code = ("import sys, graph.entry_points\n"
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
