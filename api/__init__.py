"""HTTP API entry point (Flask + flask-smorest): `register(app)` adds it to an app."""

from api.app import register

__all__ = ["register"]
