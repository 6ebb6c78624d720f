"""Background jobs: start the centrality batch, poll any job.

``POST /api/v1/jobs/centrality`` (write or admin) answers 202 with the queued job and a
``Location`` to poll; while one is queued or running a second start answers 409 naming
it. ``GET /api/v1/jobs/<id>`` (read). The job runs in a thread of the worker that
accepted it (graph/jobs.py); path queries only read what it stores. Use cases:
services/jobs.py.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import requires
from api.errors import domain_problem
from referrals.errors import Conflict
from referrals.permissions import Action
from runtime.requests import current_context
from services import jobs

blp = Blueprint("jobs", __name__, description="Background jobs (centrality batch)")


class CentralityIn(Schema):
    betweenness_samples = fields.Integer(
        load_default=jobs.DEFAULT_BETWEENNESS_SAMPLES, validate=validate.Range(1, 100_000),
        metadata={"description": "Pivots for sampled betweenness (more: slower, closer to exact)."})
    seed = fields.Integer(load_default=jobs.DEFAULT_SEED, metadata={"description": "Seed of the pivot draw."})


class JobOut(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "queued, running, done or failed"})
    progress = fields.Float(allow_none=True, metadata={"description": "0..1"})
    phase = fields.String(allow_none=True)
    created_at = fields.DateTime(allow_none=True)
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime(allow_none=True)
    error = fields.String(allow_none=True)
    params = fields.Dict(allow_none=True)
    result = fields.Dict(allow_none=True)


def _location(job_id: str) -> str:
    return url_for("jobs.Job", job_id=job_id)


@blp.route("/jobs/centrality")
class CentralityJobs(MethodView):
    @requires(Action.RUN_IMPORTS)
    @blp.arguments(CentralityIn, required=False)
    @blp.response(202, JobOut)
    @blp.alt_response(409, response="CONFLICT", description="A centrality job is already queued or running")
    def post(self, body: dict[str, Any] | None = None):
        """Start the centrality batch (PageRank, sampled betweenness, degree, percentiles)."""
        try:
            job = jobs.start_centrality(current_context(), **(body or {}))
        except Conflict as conflict:
            # the usual 409, plus where the running job is polled
            response = domain_problem(conflict)
            response.headers["Location"] = _location(conflict.details["active_job"])
            return response
        return job, 202, {"Location": _location(job["id"])}


@blp.route("/jobs/<job_id>")
class Job(MethodView):
    @requires(Action.RUN_IMPORTS)
    @blp.response(200, JobOut)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, job_id: str):
        """One job: its status, progress, timings and result once done."""
        return jobs.get(current_context(), job_id)
