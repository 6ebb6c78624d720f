"""Storage: the Neo4j driver, the schema, one module per aggregate, the Cypher.

The driver imports pyarrow when it is installed, for features this project does not use
(`Result.to_df`, vector conversions): 52 MB of every process that talks to Neo4j (each
gunicorn worker, an import, the CLI), a fifth of an import's 250 MB budget. pyarrow is
here only for Splink (identity/), so the driver is first imported here with pyarrow hidden
from it; Splink imports pyarrow itself, later, as usual (docs/operations.md, "Memory").
"""

from __future__ import annotations

import sys


def _import_the_driver_without_pyarrow() -> None:
    hidden = [name for name in ("pyarrow", "pyarrow.compute") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # its import fails: the driver goes on
    try:
        import neo4j  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]


_import_the_driver_without_pyarrow()
