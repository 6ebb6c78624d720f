"""Logging set-up for the `referrals.*` loggers, request ids, and the per-worker bound on
requests in flight (docs/operations.md).

- `configure_logging(level, fmt)`: one handler on the `referrals` logger, writing one JSON
  object a line (`fmt="json"`, production) or a readable line (`"text"`, `make demo`) to
  stderr. Every line carries the request id of the request it was written in. Calling it
  again replaces the handler (tests build many apps).
- `request_id(header)`: the caller's X-Request-Id when it is short and plain (letters,
  digits, `.`, `_`, `:`, `-`; up to 64), else a new one.
- `InFlight`: a non-blocking semaphore. `enter()` is False past the limit: the request
  is answered 503 at once instead of waiting for a thread.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import uuid
from datetime import UTC, datetime
from typing import Any, TextIO

from flask import g, has_request_context

ROOT_LOGGER = "referrals"
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# the attributes every LogRecord has; anything else passed in `extra` is a field of the line
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


def request_id(presented: str | None) -> str:
    if presented and REQUEST_ID.fullmatch(presented):
        return presented
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return getattr(g, "request_id", None) if has_request_context() else None


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (or None outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """{"ts", "level", "logger", "msg", "request_id", ...extra fields, "exc"}: one line each."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if line.get("request_id") is None:
            line.pop("request_id", None)
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, separators=(",", ":"))


class TextFormatter(logging.Formatter):
    """`HH:MM:SS LEVEL logger: message key=value ...` for a person at a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        extra = {k: v for k, v in record.__dict__.items()
                 if k not in _STANDARD and not k.startswith("_") and v is not None}
        if extra:
            first, sep, rest = text.partition("\n")
            text = first + " " + " ".join(f"{k}={v}" for k, v in extra.items()) + sep + rest
        return text


def configure_logging(level: str = "INFO", fmt: str = "json",
                      stream: TextIO | None = None) -> logging.Handler:
    """Set up the `referrals` logger (idempotent); returns its handler."""
    logger = logging.getLogger(ROOT_LOGGER)
    for old in [h for h in logger.handlers if getattr(h, "referrals_handler", False)]:
        logger.removeHandler(old)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.referrals_handler = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(RequestIdFilter())
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    return handler


class InFlight:
    """At most `limit` requests at once in this process (0: no bound), and, once `share`
    joins it to a `SharedInFlight`, at most that bound's limit across the processes that
    share it; `enter` never waits."""

    def __init__(self, limit: int = 0) -> None:
        self._lock = threading.Lock()
        self.limit = limit
        self.current = 0
        self._shared: SharedInFlight | None = None
        self._slot = -1

    def set_limit(self, limit: int) -> None:
        with self._lock:
            self.limit = max(0, limit)

    def share(self, shared: SharedInFlight, slot: int) -> None:
        """Count this process's requests in `slot` of `shared` (gunicorn's post_worker_init)."""
        with self._lock:
            self._shared, self._slot = shared, slot
            shared.publish(slot, self.current)

    def enter(self) -> bool:
        with self._lock:
            if self.limit and self.current >= self.limit:
                return False
            if self._shared is not None and not self._shared.room():
                return False
            self.current += 1
            if self._shared is not None:
                self._shared.publish(self._slot, self.current)
            return True

    def leave(self) -> None:
        with self._lock:
            self.current = max(0, self.current - 1)
            if self._shared is not None:
                self._shared.publish(self._slot, self.current)


class SharedInFlight:
    """The requests in flight in every worker of one gunicorn, in memory the master maps
    before it forks them, so the machine's bound holds whichever worker a request lands on.

    Each worker owns one slot and is its only writer (its own lock orders its writes);
    `room` adds the slots up without a cross-process lock, so two workers admitting in the
    same instant can pass the bound by one each: a soft bound, and nothing a worker killed
    mid-request can leave locked. The master gives a worker its slot before the fork
    (`claim`) and clears it when the worker exits (`release`), so a dead worker's count
    never keeps the others refusing.
    """

    def __init__(self, limit: int, slots: int = 64) -> None:
        import multiprocessing

        self.limit = max(0, limit)
        # shared anonymous memory, inherited by forked children (no lock: see above)
        self._counts = multiprocessing.RawArray("i", slots)
        self._taken = [False] * slots  # the master's own book of slots given out

    def claim(self) -> int:
        """Master: a free slot for the worker about to be forked (-1 when all are taken:
        that worker then counts only against its own bound)."""
        for slot, taken in enumerate(self._taken):
            if not taken:
                self._taken[slot] = True
                self._counts[slot] = 0
                return slot
        return -1

    def release(self, slot: int) -> None:
        """Master: the worker of `slot` exited; its requests no longer count."""
        if 0 <= slot < len(self._taken):
            self._counts[slot] = 0
            self._taken[slot] = False

    def publish(self, slot: int, current: int) -> None:
        if 0 <= slot < len(self._counts):
            self._counts[slot] = current

    def total(self) -> int:
        return sum(self._counts)

    def room(self) -> bool:
        return not self.limit or self.total() < self.limit
