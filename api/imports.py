"""POST /imports: a multipart upload (file + format) run through the importer.

Answers the import report ``{created, updated, unchanged, skipped, errors: [{line,
field, detail}], error_count, rows, seconds, format}``. Over the upload limit
(``MAX_CONTENT_LENGTH``, env REFERRALS_MAX_UPLOAD_MB) -> 413; an unknown format -> 422
naming /format; a file that can't be read as that format -> 422 naming /file, nothing
written. Row problems are not errors of the request: they are in the report. Use case:
services/imports.py.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict

from api.auth import requires
from referrals.permissions import Action
from runtime.requests import current_context
from services import imports

MULTIPART = "multipart"  # the form fields and the files of one multipart/form-data body


class MultipartParser(FlaskParser):
    """webargs' Flask parser with one more location: a multipart body's fields and files
    together, so that one schema reads (and documents) the whole upload."""

    __location_map__ = {**FlaskParser.__location_map__, MULTIPART: "load_multipart"}

    def load_multipart(self, req, schema):
        return self._makeproxy(CombinedMultiDict([req.form, req.files]), schema)


class UploadBlueprint(Blueprint):
    """Documents a MULTIPART argument as an OpenAPI 3 requestBody of multipart/form-data
    (two arguments, form and files, would give a second, Swagger 2 `in: formData` one)."""

    ARGUMENTS_PARSER = MultipartParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {**Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
                                             MULTIPART: "multipart/form-data"}


blp = UploadBlueprint("imports", __name__, description="Bulk import of CRM / LinkedIn / graph-json files")


class ImportUpload(Schema):
    format = fields.String(required=True, validate=validate.OneOf(imports.FORMATS),
                           metadata={"description": "One of " + ", ".join(imports.FORMATS) + "."})
    owner_id = fields.String(validate=validate.Length(min=1, max=200), metadata={
        "description": "linkedin: the rep (person id) whose connections these are."})
    source = fields.String(validate=validate.Length(min=1, max=50), metadata={
        "description": "Whose external ids the file carries (default: the format)."})
    file = Upload(required=True, metadata={"description": "The exported file (CSV, XLSX or JSON)."})
    full = fields.Boolean(load_default=False, metadata={
        "description": "Compare every row with the graph, also the rows the last import of the same "
                       "source landed unchanged (graph-json), which are otherwise left out unread: a "
                       "value changed in the app since then stays unless this is true."})


class ImportError_(Schema):
    line = fields.Integer(allow_none=True)
    field = fields.String(allow_none=True)
    detail = fields.String()


class OwnersOut(Schema):
    assigned = fields.Integer()
    unknown = fields.List(fields.String())


class ImportReportOut(Schema):
    format = fields.String()
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    skipped = fields.Integer()
    errors = fields.List(fields.Nested(ImportError_))
    error_count = fields.Integer()
    rows = fields.Integer()
    seconds = fields.Float()
    unchanged_since_last_import = fields.Integer(metadata={
        "description": "Of `unchanged`, the rows left out without reading the graph: the last import of "
                       "the same source landed them and they did not change (graph-json)."})
    last_import = fields.String(metadata={
        "description": "Whether the last import of the same source was used to leave rows out, or why not."})
    refresh_job = fields.String(metadata={
        "description": "An import that changed something: the background job (GET /jobs/{id}) that "
                       "refreshes what big companies and clients keep for fast searches."})
    owners = fields.Nested(OwnersOut, metadata={
        "description": "CRM companies exports with an owner column only: how many clients got "
                       "their owner, and the owners (as written) no single sign-in matched."})
    identity = fields.Dict(metadata={
        "description": "The identity run on the people the import created or changed "
                       "(docs/identity.md): {ran, note} when skipped, else its counts and seconds."})


@blp.route("/imports")
class Imports(MethodView):
    @requires(Action.RUN_IMPORTS)
    @blp.arguments(ImportUpload, location=MULTIPART)
    @blp.response(200, ImportReportOut)
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    def post(self, form: dict[str, Any]):
        """Import a file; re-importing the same records updates them, never duplicates."""
        return imports.import_file(current_context(), form["file"].stream, form["format"],
                                   owner_id=form.get("owner_id"), source=form.get("source"),
                                   refresh_later=True, full=form.get("full", False))
