"""Connection settings for Neo4j, read from the environment.

Defaults point at the local server that `referrals neo4j start` runs, so the quick
start needs no configuration; a hosted Neo4j or a cluster (`neo4j://...`) works by
setting NEO4J_URI, NEO4J_USER (or NEO4J_USERNAME), NEO4J_PASSWORD, NEO4J_DATABASE.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEV_PASSWORD = "referrals-dev-password"  # the local dev server's password; never a production one
DEFAULT_BOLT_PORT = 7687


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = f"bolt://127.0.0.1:{DEFAULT_BOLT_PORT}"
    user: str = "neo4j"
    password: str = DEV_PASSWORD
    database: str = "neo4j"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Neo4jSettings:
        env = dict(os.environ if env is None else env)
        return cls(
            uri=env.get("NEO4J_URI") or cls.uri,
            user=env.get("NEO4J_USER") or env.get("NEO4J_USERNAME") or cls.user,
            password=env.get("NEO4J_PASSWORD") or cls.password,
            database=env.get("NEO4J_DATABASE") or cls.database,
        )

    def __repr__(self) -> str:  # keep the password out of logs and tracebacks
        return f"Neo4jSettings(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"

    __str__ = __repr__


def project_root() -> Path:
    """The checkout this package runs from (editable install), or REFERRALS_HOME."""
    explicit = os.environ.get("REFERRALS_HOME")
    if explicit:
        return Path(explicit).resolve()
    return Path(__file__).resolve().parents[1]


def state_dir() -> Path:
    """Where downloaded Neo4j artifacts and server homes live (git-ignored)."""
    return Path(os.environ.get("REFERRALS_STATE_DIR") or project_root() / ".neo4j")
