"""HTTP API entry point (Flask + flask-smorest)."""

from api.app import create_app

__all__ = ["create_app"]
