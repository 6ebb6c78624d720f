"""Connection settings for Neo4j (what the driver needs), the old local dev password, and
secrets kept in owner-only files (the local servers' passwords, the session key).

runtime.settings builds them from the environment (NEO4J_URI, NEO4J_USER or
NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE, REFERRALS_REQUEST_TIMEOUT_SECONDS); the
defaults point at the local server `referrals neo4j start` runs, so the quick start needs
no configuration.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

# What local servers were given before each home got its own generated password. It is
# public (it was in this file), so it is only tried on a home made back then, and that
# home's next start replaces it (graph/local_server.py).
DEV_PASSWORD = "referrals-dev-password"
DEFAULT_BOLT_PORT = 7687
DEFAULT_REQUEST_TIMEOUT = 10.0


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = f"bolt://127.0.0.1:{DEFAULT_BOLT_PORT}"
    user: str = "neo4j"
    password: str = DEV_PASSWORD
    database: str = "neo4j"
    # Server-side limit of each transaction a web request runs (None: none). Batch
    # drivers (CLI, imports, jobs) never get it.
    request_timeout: float | None = DEFAULT_REQUEST_TIMEOUT

    def __repr__(self) -> str:  # keep the password out of logs and tracebacks
        return f"Neo4jSettings(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"

    __str__ = __repr__


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def read_secret(path: Path) -> str | None:
    """The secret kept in `path`, or None when there is none (or it is empty)."""
    try:
        value = path.read_text().strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return value or None


def write_secret(path: Path, value: str) -> None:
    """Write `value` to `path`, readable and writable by the owner only (0600 whatever the
    umask), replacing what was there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    _write_private(temporary, value)
    os.replace(temporary, path)


def shared_secret(path: Path) -> str:
    """The secret in `path`, created at random by the first process to ask: several
    processes (gunicorn workers) starting at once all end up with the same value, since
    the file appears complete or not at all (hard link, which fails when it exists)."""
    existing = read_secret(path)
    if existing:
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    _write_private(temporary, new_secret())
    try:
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    stored = read_secret(path)
    if not stored:
        raise OSError(f"{path} is empty; delete it to make a new secret")
    return stored


def _write_private(path: Path, value: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (value + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
