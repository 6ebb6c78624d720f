"""What an API key looks like: ``rk_<id>_<secret>``, and the scopes a key can carry.

``id`` (12 hex characters) finds the stored record in one indexed lookup; ``secret``
(43 url-safe characters, 256 bits) is hashed (SHA-256) and compared in constant time.
Only the hash is stored (graph/keys.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

SCOPES: tuple[str, ...] = ("read", "write", "admin")  # each implies the ones before it
KEY_PREFIX = "rk"
_KEY_RE = re.compile(r"^rk_([0-9a-f]{12})_([A-Za-z0-9_-]{20,128})$")


@dataclass(frozen=True, slots=True)
class ParsedKey:
    id: str
    secret: str


def parse_key(raw: str | None) -> ParsedKey | None:
    """Split a presented key into id and secret; None when it is not shaped like a key."""
    if not raw:
        return None
    match = _KEY_RE.match(raw.strip())
    if not match:
        return None
    return ParsedKey(match.group(1), match.group(2))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
