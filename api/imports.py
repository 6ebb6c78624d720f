"""POST /imports: a multipart upload (file + format) run through the importer.

Answers the import report ``{created, updated, unchanged, skipped, errors: [{line,
field, detail}], error_count, rows, seconds, format}``. Over the upload limit
(``MAX_CONTENT_LENGTH``, env REFERRALS_MAX_UPLOAD_MB) -> 413; an unknown format -> 422
naming /format; a file that can't be read as that format -> 422 naming /file, nothing
written. Row problems are not errors of the request: they are in the report.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from api.auth import require_scope
from api.problems import problem
from graph.importers import FORMATS, UnreadableFile

blp = Blueprint("imports", __name__, description="Bulk import of CRM / LinkedIn / graph-json files")


class ImportForm(Schema):
    format = fields.String(required=True, validate=validate.OneOf(FORMATS),
                           metadata={"description": "One of " + ", ".join(FORMATS) + "."})
    owner_id = fields.String(validate=validate.Length(min=1, max=200), metadata={
        "description": "linkedin: the rep (person id) whose connections these are."})
    source = fields.String(validate=validate.Length(min=1, max=50), metadata={
        "description": "Whose external ids the file carries (default: the format)."})


class ImportFile(Schema):
    file = Upload(required=True, metadata={"description": "The exported file (CSV, XLSX or JSON)."})


class ImportError_(Schema):
    line = fields.Integer(allow_none=True)
    field = fields.String(allow_none=True)
    detail = fields.String()


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


def _runner():
    try:
        from graph.importing import ImportRefused, run_import
    except ImportError:  # pragma: no cover - the runner's other possible home
        from graph.importers.runner import run_import  # type: ignore[no-redef]

        class ImportRefused(ValueError):  # type: ignore[no-redef]
            pass

    return run_import, ImportRefused


def _invalid(pointer: str, detail: str):
    return problem(422, detail, errors=[{"pointer": pointer, "detail": detail}])


@blp.route("/imports")
class Imports(MethodView):
    @require_scope("write")
    @blp.arguments(ImportForm, location="form")
    @blp.arguments(ImportFile, location="files")
    @blp.response(200, ImportReportOut)
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    def post(self, form: dict[str, Any], files: dict[str, Any]):
        """Import a file; re-importing the same records updates them, never duplicates."""
        from runtime.requests import current_graph as get_graph

        run_import, import_refused = _runner()
        upload = files["file"]
        try:
            report = run_import(get_graph(), upload.stream, form["format"],
                                owner_id=form.get("owner_id"), source=form.get("source"))
        except UnreadableFile as exc:
            return _invalid("/file", str(exc))
        except import_refused as exc:
            return _invalid("/owner_id", str(exc))
        except ValueError as exc:  # bad arguments, e.g. linkedin without owner_id
            pointer = "/owner_id" if "owner" in str(exc).lower() else "/format"
            return _invalid(pointer, str(exc))
        return report.as_dict()
