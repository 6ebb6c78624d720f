"""GET/PUT /ask-templates: the team's templates for drafted asks (issue #17).

Three kinds: `subject`, `ask` (the note to the referrer) and `blurb` (the paragraph the
referrer forwards). Each is text with `${placeholder}`s (the list comes with GET); the
sentences that carry claims are built from the data, so a template can reword around
them but never claim more (referrals/drafting.py). PUT changes the kinds it names
(sales managers and admins): an unknown placeholder or a stray `$` is a 422 naming the
field; a blank or null kind goes back to the default. Use case: services/ask_templates.py.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import requires
from api.paths import EvidenceOut
from referrals.drafting import MAX_LENGTH
from referrals.permissions import Action
from runtime.requests import current_context
from services import ask_templates

blp = Blueprint("ask_templates", __name__, description="The team's templates for drafted referral asks: "
                                                       "subject, the note to the referrer, and the blurb "
                                                       "they forward.")


def _text(kind: str, what: str, **kw) -> fields.String:
    return fields.String(validate=validate.Length(max=MAX_LENGTH[kind]), metadata={"description": what}, **kw)


class TemplatesIn(Schema):
    subject = _text("subject", "The subject line; null or blank: the default.", allow_none=True)
    ask = _text("ask", "The note to the referrer; null or blank: the default.", allow_none=True)
    blurb = _text("blurb", "The paragraph the referrer forwards; null or blank: the default.",
                  allow_none=True)


class TemplateTexts(Schema):
    subject = fields.String()
    ask = fields.String()
    blurb = fields.String()


class Customized(Schema):
    subject = fields.Boolean()
    ask = fields.Boolean()
    blurb = fields.Boolean()


class PlaceholderOut(Schema):
    name = fields.String(metadata={"description": "Written ${name} in a template."})
    description = fields.String()


class DraftOut(Schema):
    subject = fields.String()
    ask = fields.String()
    blurb = fields.String()
    evidence = fields.List(fields.Nested(EvidenceOut))


class TemplatesOut(Schema):
    templates = fields.Nested(TemplateTexts, metadata={"description": "The texts drafts use now."})
    customized = fields.Nested(Customized, metadata={"description": "Which kinds the team changed."})
    defaults = fields.Nested(TemplateTexts, metadata={"description": "The built-in texts."})
    placeholders = fields.List(fields.Nested(PlaceholderOut))
    updated_at = fields.DateTime(allow_none=True)
    updated_by = fields.String(allow_none=True)
    preview = fields.Nested(DraftOut, metadata={
        "description": "The templates in use, rendered on a made-up sample (Dana Lee asked about Tara Ng)."})


_EXAMPLE = {"ask": "Hi ${referrer_first}, ${connection} ${fit}\n\n${request}\n\nBest,\n${requester_first}"}


@blp.route("/ask-templates")
class AskTemplates(MethodView):
    @requires(Action.READ_PATHS)
    @blp.response(200, TemplatesOut)
    def get(self):
        """The templates in use, the defaults, the placeholders and a preview."""
        return ask_templates.current(current_context())

    @requires(Action.EDIT_ASK_TEMPLATES)
    @blp.arguments(TemplatesIn, example=_EXAMPLE)
    @blp.response(200, TemplatesOut)
    def put(self, body):
        """Change the kinds given (sales managers and admins); the others stay as they are.

        An unknown placeholder, or a `$` that is not one (write `$$` for a dollar sign), is
        a 422 naming the field; nothing is stored then.
        """
        return ask_templates.save(current_context(), body)
