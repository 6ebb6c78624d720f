"""Connection settings for Neo4j (what the driver needs), and the local dev password.

runtime.settings builds them from the environment (NEO4J_URI, NEO4J_USER or
NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE); the defaults point at the local server
`referrals neo4j start` runs, so the quick start needs no configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

DEV_PASSWORD = "referrals-dev-password"  # the local dev server's password; never a production one
DEFAULT_BOLT_PORT = 7687


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = f"bolt://127.0.0.1:{DEFAULT_BOLT_PORT}"
    user: str = "neo4j"
    password: str = DEV_PASSWORD
    database: str = "neo4j"

    def __repr__(self) -> str:  # keep the password out of logs and tracebacks
        return f"Neo4jSettings(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"

    __str__ = __repr__
