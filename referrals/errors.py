"""Domain errors: one type per meaning, no HTTP in them.

Every layer raises these; the API maps them to problem+json in one handler
(api/errors.py) and the web pages to a message in one handler (web/errors.py).

- ``NotFound``: the thing named does not exist (or the actor may not know it does).
- ``Invalid``: a field's value is not acceptable; ``field`` names it ("path", "reason").
- ``Conflict``: the request clashes with the stored state; ``code`` says how
  ("duplicate", "stale_version", "ask_cooldown", ...) and ``details`` carry what a
  caller needs to recover (``existing_id``, ``allowed``, ``current_version``...).
- ``Forbidden``: the actor may not do this.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of the domain's errors: a message for people, an optional field, details."""

    def __init__(self, message: str, *, field: str | None = None, **details: Any):
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details

    @property
    def code(self) -> str | None:
        return self.details.get("code")


class NotFound(DomainError):
    """Nothing with that id (or key) exists."""


class Invalid(DomainError):
    """A field is invalid; ``field`` names it, e.g. "path" or "reason"."""


class Conflict(DomainError):
    """The request clashes with the stored state: illegal move, duplicate, limit reached."""


class StaleVersion(Conflict):
    """The change was based on a version that is no longer current (``current_version``)."""


class Forbidden(DomainError):
    """The actor may not do this."""
