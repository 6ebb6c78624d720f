"""Webhook subscriptions (admin scope): POST/GET /webhooks, GET/DELETE /webhooks/{id},
GET /webhooks/{id}/deliveries, POST /webhooks/{id}/ping.

`dispatch_event(graph, event_type, payload)` (re-exported from graph/webhooks.py) is what
the introduction workflow calls on every transition; delivery, signing and retries are
described there.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates

from api.auth import require_scope
from api.common import PageQuery, native, offset_from, offset_page, page_schema
from api.problems import problem
from graph import webhooks as store
from graph.webhooks import EVENT_TYPES, dispatch_event

__all__ = ["blp", "dispatch_event"]

blp = Blueprint("webhooks", __name__, description="Webhooks: introduction status changes, signed")


class WebhookIn(Schema):
    url = fields.String(required=True, validate=validate.Length(min=1, max=2000),
                        metadata={"description": "http(s) URL that receives the POSTs."})
    events = fields.List(fields.String(validate=validate.OneOf([*EVENT_TYPES, "*"])),
                         validate=validate.Length(min=1, max=10),
                         metadata={"description": "Default: [\"introduction.status_changed\"]; '*' for all."})
    description = fields.String(allow_none=True, validate=validate.Length(max=500))

    @validates("url")
    def _http_url(self, value: str, **_kw: Any) -> None:
        try:
            parts = urlsplit(value)
        except ValueError as exc:
            raise ValidationError("Not a URL.") from exc
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValidationError("Must be an http or https URL with a host.")


class WebhookOut(Schema):
    id = fields.String(required=True)
    url = fields.String()
    events = fields.List(fields.String())
    description = fields.String(allow_none=True)
    active = fields.Boolean()
    created_at = fields.DateTime(allow_none=True)


class WebhookCreated(WebhookOut):
    secret = fields.String(required=True, metadata={
        "description": "Signs every delivery (X-Referrals-Signature: sha256=HMAC). Shown only now."})


class DeliveryOut(Schema):
    id = fields.String()
    webhook_id = fields.String()
    event_id = fields.String()
    event_type = fields.String()
    attempt = fields.Integer()
    status_code = fields.Integer(allow_none=True)
    ok = fields.Boolean()
    will_retry = fields.Boolean(allow_none=True)
    error = fields.String(allow_none=True)
    duration_ms = fields.Float(allow_none=True)
    at = fields.DateTime(allow_none=True)


class PingOut(Schema):
    event_id = fields.String()


WebhookPage = page_schema(WebhookOut, "WebhookPage")
DeliveryPage = page_schema(DeliveryOut, "DeliveryPage")


def _graph():
    from api.app import get_graph

    return get_graph()


def _not_found(webhook_id: str):
    return problem(404, f"No webhook with id {webhook_id!r}.")


@blp.route("/webhooks")
class Webhooks(MethodView):
    @require_scope("admin")
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, WebhookPage)
    def get(self, args: dict[str, Any]):
        """Subscriptions, newest first (never their secrets)."""
        offset = offset_from(args.get("cursor"))
        rows = store.list_webhooks(_graph(), args["limit"] + 1, offset)
        return native(offset_page(rows, args["limit"], offset))

    @require_scope("admin")
    @blp.arguments(WebhookIn)
    @blp.response(201, WebhookCreated)
    def post(self, body: dict[str, Any]):
        """Subscribe a URL; the answer holds the signing secret, shown this once."""
        record, secret = store.create_webhook(_graph(), body["url"], body.get("events"),
                                              body.get("description"))
        return {**native(record), "secret": secret}


@blp.route("/webhooks/<webhook_id>")
class Webhook(MethodView):
    @require_scope("admin")
    @blp.response(200, WebhookOut)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, webhook_id: str):
        """One subscription."""
        record = store.get_webhook(_graph(), webhook_id)
        return native(record) if record else _not_found(webhook_id)

    @require_scope("admin")
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, webhook_id: str):
        """Unsubscribe (its delivery log goes too)."""
        if not store.delete_webhook(_graph(), webhook_id):
            return _not_found(webhook_id)
        return None


@blp.route("/webhooks/<webhook_id>/deliveries")
class Deliveries(MethodView):
    @require_scope("admin")
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, DeliveryPage)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args: dict[str, Any], webhook_id: str):
        """Every delivery attempt, newest first, with the receiver's status code."""
        graph = _graph()
        if store.get_webhook(graph, webhook_id) is None:
            return _not_found(webhook_id)
        offset = offset_from(args.get("cursor"))
        rows = store.list_deliveries(graph, webhook_id, args["limit"] + 1, offset)
        return native(offset_page(rows, args["limit"], offset))


@blp.route("/webhooks/<webhook_id>/ping")
class Ping(MethodView):
    @require_scope("admin")
    @blp.response(202, PingOut)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, webhook_id: str):
        """Send a `ping` event to subscribers of `ping` or `*` (check the deliveries after)."""
        graph = _graph()
        if store.get_webhook(graph, webhook_id) is None:
            return _not_found(webhook_id)
        return {"event_id": dispatch_event(graph, "ping", {"webhook_id": webhook_id})}
