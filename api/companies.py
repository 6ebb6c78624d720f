"""Companies with their status and ICP score (recomputed on every write).

Optimistic concurrency: every company answers ``ETag: "v<version>"``; PATCH may name
the version it was based on (``If-Match`` or body ``version``) and answers 409 when
that is stale. The use cases: services/companies.py; helpers: api/common.py.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import requires
from api.common import PageQuery, etag, expected_version, keyset_params, native, page_schema
from referrals.model import CompanyStatus
from referrals.paging import keyset_page
from referrals.permissions import Action
from runtime.requests import current_context
from services import companies

blp = Blueprint("companies", __name__, description="Companies: clients, prospects, partners")

STATUSES = [s.value for s in CompanyStatus]


class CompanyBase(Schema):
    domain = fields.String(allow_none=True, validate=validate.Length(min=1, max=253))
    status = fields.String(validate=validate.OneOf(STATUSES))
    industry = fields.String(allow_none=True, validate=validate.Length(max=100))
    employees = fields.Integer(allow_none=True, validate=validate.Range(0, 10_000_000))
    region = fields.String(allow_none=True, validate=validate.Length(max=50))
    health = fields.Float(allow_none=True, validate=validate.Range(0, 1),
                          metadata={"description": "Clients: how healthy the relationship is, 0..1."})


class CompanyIn(CompanyBase):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    status = fields.String(load_default="other", validate=validate.OneOf(STATUSES))
    external_id = fields.String(validate=validate.Length(min=1, max=200), metadata={
        "description": "The caller's id; creating it again (same source) updates."})
    source = fields.String(validate=validate.Length(min=1, max=50))


class CompanyPatch(CompanyBase):
    name = fields.String(validate=validate.Length(min=1, max=200))
    version = fields.Integer(validate=validate.Range(min=1), metadata={
        "description": "The version this change is based on (or send If-Match); stale -> 409."})


class CompanyResource(Schema):
    id = fields.String(required=True)
    name = fields.String(allow_none=True)
    domain = fields.String(allow_none=True)
    status = fields.String(allow_none=True)
    industry = fields.String(allow_none=True)
    employees = fields.Integer(allow_none=True)
    region = fields.String(allow_none=True)
    health = fields.Float(allow_none=True)
    icp_score = fields.Float(allow_none=True, metadata={"description": "ICP fit 0..1 (see GET /icp)."})
    icp_met = fields.List(fields.String())
    icp_missed = fields.List(fields.String())
    external_id = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    version = fields.Integer(required=True)
    created_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime(allow_none=True)


class CompaniesQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(STATUSES))


CompanyPage = page_schema(CompanyResource, "CompanyPage")


def _headers(company: dict[str, Any]) -> dict[str, str]:
    return {"ETag": etag(company.get("version") or 1)}


@blp.route("/companies")
class Companies(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.arguments(CompaniesQuery, location="query")
    @blp.response(200, CompanyPage)
    def get(self, args: dict[str, Any]):
        """List companies, newest first; filter by `status`."""
        limit = args["limit"]
        rows = companies.newest(current_context(), limit + 1, status=args.get("status"),
                                **keyset_params(args.get("cursor")))
        return native(keyset_page(rows, limit))

    @requires(Action.WRITE_PEOPLE)
    @blp.arguments(CompanyIn)
    @blp.response(201, CompanyResource)
    @blp.alt_response(200, schema=CompanyResource, description="Updated (same external_id and source)")
    @blp.alt_response(409, response="CONFLICT", description="Duplicate domain (names existing_id)")
    def post(self, body: dict[str, Any]):
        """Create a company; its ICP score is computed from the current profile."""
        company, created = companies.create(current_context(), body)
        headers = {**_headers(company), "Location": url_for("companies.Company", company_id=company["id"])}
        return native(company), 201 if created else 200, headers


@blp.route("/companies/<company_id>")
class Company(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.response(200, CompanyResource)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, company_id: str):
        """One company (ETag carries its version)."""
        company = companies.get(current_context(), company_id)
        return native(company), 200, _headers(company)

    @requires(Action.WRITE_PEOPLE)
    @blp.arguments(CompanyPatch)
    @blp.response(200, CompanyResource)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="Stale version or duplicate domain")
    @blp.doc(parameters=[{"in": "header", "name": "If-Match", "required": False,
                          "schema": {"type": "string"},
                          "description": 'The ETag the change is based on, e.g. "v3".'}])
    def patch(self, body: dict[str, Any], company_id: str):
        """Change some fields (rescoring ICP); stale If-Match / version -> 409."""
        expected = expected_version(body.pop("version", None))
        company = companies.update(current_context(), company_id, body, expected_version=expected)
        return native(company), 200, _headers(company)
