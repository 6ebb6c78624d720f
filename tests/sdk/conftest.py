"""The generated SDK (sdk/python, `make sdk`) is imported from the tree, not installed:
the tests always exercise the client committed next to them."""

from __future__ import annotations

import sys
from pathlib import Path

SDK = Path(__file__).resolve().parents[2] / "sdk" / "python"
if str(SDK) not in sys.path:
    sys.path.insert(0, str(SDK))
