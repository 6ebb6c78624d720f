"""gunicorn entry point: `gunicorn wsgi:app`. Each worker builds its own driver."""

from server import create_app

app = create_app()
