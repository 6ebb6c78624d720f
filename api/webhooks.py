"""Webhook subscriptions (admin scope): POST/GET /webhooks, GET/DELETE /webhooks/{id},
GET /webhooks/{id}/deliveries, POST /webhooks/{id}/ping.

Events, signing, the outbox and retries: services/webhooks.py and docs/webhooks.md.
A URL whose host resolves to a loopback, private or otherwise non-public address is a
422 naming `url` (services/webhook_addresses.py), unless the app config key
WEBHOOKS_ALLOW_PRIVATE (or REFERRALS_WEBHOOKS_ALLOW_PRIVATE) is on: tests, development.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates

from api.auth import requires
from api.common import PageQuery, native, page_schema
from referrals.paging import offset_page, offset_position
from referrals.permissions import Action
from runtime.requests import app_runtime, current_context
from services import webhooks

blp = Blueprint("webhooks", __name__,
                description="Webhooks: signed events for introductions, asks, consent and the ICP")


class WebhookIn(Schema):
    url = fields.String(required=True, validate=validate.Length(min=1, max=2000),
                        metadata={"description": "http(s) URL that receives the POSTs."})
    events = fields.List(fields.String(validate=validate.OneOf([*webhooks.EVENT_TYPES, webhooks.ALL_EVENTS])),
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
        "description": "whsec_<base64 key>: signs every delivery (Standard Webhooks "
                       "webhook-signature; docs/webhooks.md). Shown only now."})


class DeliveryOut(Schema):
    id = fields.String()
    webhook_id = fields.String()
    event_id = fields.String()
    event_type = fields.String()
    attempt = fields.Integer()
    status_code = fields.Integer(allow_none=True)
    ok = fields.Boolean()
    will_retry = fields.Boolean(allow_none=True)
    error = fields.String(allow_none=True, metadata={
        "description": "One word: blocked_address, unresolvable, refused, reset, timeout, tls_error, "
                       "bad_response, network_error or http_<status>. Never the receiver's answer."})
    duration_ms = fields.Float(allow_none=True)
    at = fields.DateTime(allow_none=True)


class PingOut(Schema):
    event_id = fields.String()


WebhookPage = page_schema(WebhookOut, "WebhookPage")
DeliveryPage = page_schema(DeliveryOut, "DeliveryPage")


def _allow_private() -> bool:
    """The app config key (tests) wins over the setting (REFERRALS_WEBHOOKS_ALLOW_PRIVATE)."""
    default = app_runtime().settings.webhooks_allow_private
    return bool(current_app.config.get("WEBHOOKS_ALLOW_PRIVATE", default))


@blp.route("/webhooks")
class Webhooks(MethodView):
    @requires(Action.MANAGE_WEBHOOKS)
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, WebhookPage)
    def get(self, args: dict[str, Any]):
        """Subscriptions, newest first (never their secrets)."""
        offset = offset_position(args.get("cursor"))
        rows = webhooks.list_page(current_context(), limit=args["limit"] + 1, offset=offset)
        return native(offset_page(rows, args["limit"], offset))

    @requires(Action.MANAGE_WEBHOOKS)
    @blp.arguments(WebhookIn)
    @blp.response(201, WebhookCreated)
    def post(self, body: dict[str, Any]):
        """Subscribe a URL; the answer holds the signing secret, shown this once.

        The host must resolve to public internet addresses only (422 on `url` otherwise)."""
        record, secret = webhooks.subscribe(current_context(), body["url"], body.get("events"),
                                            body.get("description"), allow_private=_allow_private())
        return {**native(record), "secret": secret}


@blp.route("/webhooks/<webhook_id>")
class Webhook(MethodView):
    @requires(Action.MANAGE_WEBHOOKS)
    @blp.response(200, WebhookOut)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, webhook_id: str):
        """One subscription."""
        return native(webhooks.get(current_context(), webhook_id))

    @requires(Action.MANAGE_WEBHOOKS)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, webhook_id: str):
        """Unsubscribe (its delivery log and pending deliveries go too)."""
        webhooks.delete(current_context(), webhook_id)


@blp.route("/webhooks/<webhook_id>/deliveries")
class Deliveries(MethodView):
    @requires(Action.MANAGE_WEBHOOKS)
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, DeliveryPage)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args: dict[str, Any], webhook_id: str):
        """Every delivery attempt, newest first: status code, duration and one word for a failure."""
        offset = offset_position(args.get("cursor"))
        rows = webhooks.deliveries(current_context(), webhook_id, limit=args["limit"] + 1, offset=offset)
        return native(offset_page(rows, args["limit"], offset))


@blp.route("/webhooks/<webhook_id>/ping")
class Ping(MethodView):
    @requires(Action.MANAGE_WEBHOOKS)
    @blp.response(202, PingOut)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, webhook_id: str):
        """Send a `ping` event to subscribers of `ping` or `*` (check the deliveries after)."""
        return {"event_id": webhooks.ping(current_context(), webhook_id)}
