"""What every use case receives: the graph, the rules' numbers, the clock and the actor.

Built once per request by the runtime (runtime/requests.py) and once per process for
the CLI, tests and benchmarks (`runtime.bootstrap`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from graph.db import Graph
from referrals.rules import Rules


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Actor:
    """Who acts: an API key, a signed-in person, or the system itself (jobs, CLI)."""

    kind: str  # "key" | "user" | "system"
    id: str
    name: str  # what the audit trail records ("who moved this introduction")
    scope: str | None = None  # API keys: their scopes (referrals/permissions.py)
    role: str | None = None  # people: rep / account_manager / sales_manager / admin
    person_id: str | None = None  # people: their Person node, when they have one

    def acting_for(self, name: str | None) -> str:
        """The name the audit trail records: always the real actor. A partner's tool (a key
        of no person) that says whom it acts for gets that added, never put in its place;
        people and their keys act as themselves; the system (CLI, jobs) records the
        operator's name when given."""
        given = (name or "").strip()
        if not given or given == self.name:
            return self.name
        if self.kind == "system":
            return given
        if self.kind == "key" and not self.person_id:
            return f"{self.name} (for {given})"
        return self.name


SYSTEM = Actor(kind="system", id="system", name="system", scope="admin", role="admin")


@dataclass(frozen=True)
class Context:
    graph: Graph
    rules: Rules = field(default_factory=Rules)
    clock: Callable[[], datetime] = utc_now
    actor: Actor = SYSTEM

    def now(self) -> datetime:
        """The clock's time, always timezone-aware (naive values are taken as UTC)."""
        value = self.clock()
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    def as_actor(self, actor: Actor) -> Context:
        return replace(self, actor=actor)
