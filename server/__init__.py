"""The composition root: one Flask app serving the API and the web pages."""

from server.app import create_app

__all__ = ["create_app"]
