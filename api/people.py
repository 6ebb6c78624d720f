"""People (with name / email / company autocomplete) and their KNOWS ties.

Routes (under /api/v1): GET/POST /people, GET/PATCH/DELETE /people/{id},
GET /people/{id}/relationships, POST /relationships. The use cases: services/people.py
(ids and duplicates: graph/directory.py); their errors answer through api/errors.py.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import requires
from api.common import PageQuery, keyset_params, native, page_schema
from referrals.model import Seniority
from referrals.paging import keyset_page, offset_page, offset_position
from referrals.permissions import Action
from runtime.requests import current_context
from services import people

blp = Blueprint("people", __name__, description="People in the network, with autocomplete search")
rel_blp = Blueprint("relationships", __name__, description="KNOWS ties between people")

_id = validate.Length(min=1, max=200)
_text = validate.Length(max=500)


class CompanyRef(Schema):
    id = fields.String(required=True)
    name = fields.String(allow_none=True)
    status = fields.String(allow_none=True)


class PersonBase(Schema):
    email = fields.Email(allow_none=True, validate=validate.Length(max=320))
    phone = fields.String(allow_none=True, validate=validate.Length(max=50), metadata={
        "description": "Any written form with its country code; stored as E.164 (+14155550123)."})
    linkedin_url = fields.String(allow_none=True, validate=_text)
    title = fields.String(allow_none=True, validate=validate.Length(max=200))
    seniority = fields.String(allow_none=True, validate=validate.OneOf([s.value for s in Seniority]))
    company_id = fields.String(allow_none=True, validate=_id,
                               metadata={"description": "Current employer (a company id)."})
    is_rep = fields.Boolean(metadata={"description": "One of our sales reps."})
    do_not_contact = fields.Boolean(metadata={"description": "Never suggested as referrer or target."})


class PersonIn(PersonBase):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    external_id = fields.String(validate=_id, metadata={
        "description": "The caller's id for this person; creating it again (same source) updates."})
    source = fields.String(validate=validate.Length(min=1, max=50),
                           metadata={"description": "Where external_id comes from (default 'api')."})


class PersonPatch(PersonBase):
    name = fields.String(validate=validate.Length(min=1, max=200))


class PersonOut(Schema):
    id = fields.String(required=True)
    name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    linkedin_url = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    seniority = fields.String(allow_none=True)
    company_id = fields.String(allow_none=True)
    company = fields.Nested(CompanyRef, allow_none=True)
    is_rep = fields.Boolean()
    do_not_contact = fields.Boolean(allow_none=True)
    external_id = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    version = fields.Integer(allow_none=True)
    created_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime(allow_none=True)


class PeopleQuery(PageQuery):
    q = fields.String(validate=validate.Length(max=200), metadata={
        "description": "Autocomplete: words that start a name, email, or current company name/domain. "
                       "Results best match first."})


class PersonSummary(Schema):
    id = fields.String(required=True)
    name = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    is_rep = fields.Boolean()


class RelationshipIn(Schema):
    a = fields.String(required=True, validate=_id, metadata={"description": "A person id."})
    b = fields.String(required=True, validate=_id, metadata={"description": "Another person id."})
    strength = fields.Float(required=True, validate=validate.Range(0, 1, min_inclusive=False),
                            metadata={"description": "Tie strength in (0, 1]."})
    interactions = fields.Integer(validate=validate.Range(0, 10_000_000))
    last_interaction = fields.Date(allow_none=True)
    source = fields.String(validate=validate.Length(min=1, max=50))


class RelationshipOut(Schema):
    a = fields.String(required=True)
    b = fields.String(required=True, allow_none=True, metadata={
        "description": "The other person; null when hidden (see `hidden`)."})
    strength = fields.Float(allow_none=True)
    interactions = fields.Integer(allow_none=True)
    last_interaction = fields.Date(allow_none=True)
    source = fields.String(allow_none=True)
    person = fields.Nested(PersonSummary, allow_none=True, metadata={
        "description": "The other person (lists only); null when hidden."})
    hidden = fields.Boolean(metadata={
        "description": "Lists only. True: the other person works at a client that has not opted in "
                       "to being asked (PUT /companies/{id}/consent), so this tie is a counts-only "
                       "stand-in: its strength and interactions, no id, name, email or title."})
    company_consent = fields.String(metadata={
        "description": "On a hidden tie: the client's answer so far, not_asked or declined."})
    created_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime(allow_none=True)


PersonPage = page_schema(PersonOut, "PersonPage")
RelationshipPage = page_schema(RelationshipOut, "RelationshipPage")


@blp.route("/people")
class People(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.arguments(PeopleQuery, location="query")
    @blp.response(200, PersonPage)
    def get(self, args: dict[str, Any]):
        """List people, newest first; with `q`, search names, emails and companies (best first)."""
        ctx = current_context()
        limit = args["limit"]
        q = (args.get("q") or "").strip()
        if q:
            offset = offset_position(args.get("cursor"))
            rows = people.search(ctx, q, limit + 1, offset)
            return native(offset_page(rows, limit, offset))
        rows = people.newest(ctx, limit + 1, **keyset_params(args.get("cursor")))
        return native(keyset_page(rows, limit))

    @requires(Action.WRITE_PEOPLE)
    @blp.arguments(PersonIn)
    @blp.response(201, PersonOut)
    @blp.alt_response(200, schema=PersonOut, description="Updated (same external_id and source)")
    @blp.alt_response(409, response="CONFLICT", description="Duplicate (the problem names existing_id)")
    def post(self, body: dict[str, Any]):
        """Create a person (with external_id: create or update)."""
        person, created = people.create(current_context(), body)
        location = url_for("people.Person", person_id=person["id"])
        return native(person), 201 if created else 200, {"Location": location}


@blp.route("/people/<person_id>")
class Person(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.response(200, PersonOut)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, person_id: str):
        """One person, with their current company."""
        return native(people.get(current_context(), person_id))

    @requires(Action.WRITE_PEOPLE)
    @blp.arguments(PersonPatch)
    @blp.response(200, PersonOut)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def patch(self, body: dict[str, Any], person_id: str):
        """Change some fields; `null` clears one."""
        return native(people.update(current_context(), person_id, body))

    @requires(Action.DELETE_PEOPLE)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, person_id: str):
        """Remove the person with their ties (KNOWS, WORKS_AT) and introduction links."""
        people.delete(current_context(), person_id)
        return None


@blp.route("/people/<person_id>/relationships")
class PersonRelationships(MethodView):
    @requires(Action.READ_PEOPLE)
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, RelationshipPage)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args: dict[str, Any], person_id: str):
        """The person's KNOWS ties, strongest first. A tie to someone at a client that has not
        opted in is a stand-in (`hidden: true`, `b` and `person` null); such a person's own
        id answers 404 here and at GET /people/{id}, as an unknown id does, and search
        and the list leave them out."""
        limit = args["limit"]
        offset = offset_position(args.get("cursor"))
        rows = people.ties(current_context(), person_id, limit + 1, offset)
        return native(offset_page(rows, limit, offset))


@rel_blp.route("/relationships")
class Relationships(MethodView):
    @requires(Action.WRITE_PEOPLE)
    @rel_blp.arguments(RelationshipIn)
    @rel_blp.response(201, RelationshipOut)
    @rel_blp.alt_response(200, schema=RelationshipOut, description="The pair's tie existed; updated")
    def post(self, body: dict[str, Any]):
        """Record that two people know each other (one tie per pair; posting again updates it)."""
        a, b = body.pop("a"), body.pop("b")
        tie, created = people.relate(current_context(), a, b, body)
        return native(tie), 201 if created else 200
