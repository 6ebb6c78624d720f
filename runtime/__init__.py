"""Runtime: settings (the only reader of the environment) and the context the use cases
run in, built once per process (`bootstrap`) or per request (runtime/requests.py)."""

from runtime.context import bootstrap
from runtime.settings import Settings

__all__ = ["Settings", "bootstrap"]
