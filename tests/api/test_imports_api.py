"""POST /imports over HTTP: report, idempotence, 413, 422s, scopes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"
URL = "/api/v1/imports"


def _upload(client, headers, name, fmt, **form):
    data = {"format": fmt, **form, "file": (io.BytesIO((DATA / name).read_bytes()), name)}
    return client.post(URL, data=data, headers=headers, content_type="multipart/form-data")


def _problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    return response.get_json()


@pytest.fixture
def h(make_key):
    return make_key("write")


def test_hubspot_import_then_reimport_updates_nothing_new(client, h, graph):
    first = _upload(client, h, "hubspot_contacts.csv", "hubspot")
    assert first.status_code == 200, first.get_json()
    report = first.get_json()
    assert report["created"] > 0 and {"updated", "skipped", "errors"} <= set(report)
    people = graph.query("MATCH (p:Person) RETURN count(p) AS n")[0]["n"]
    again = _upload(client, h, "hubspot_contacts.csv", "hubspot").get_json()
    assert again["created"] == 0
    assert graph.query("MATCH (p:Person) RETURN count(p) AS n")[0]["n"] == people


def test_a_reimport_leaves_unchanged_rows_unread_unless_full_is_asked(client, h):
    first = _upload(client, h, "hubspot_contacts.csv", "hubspot").get_json()
    again = _upload(client, h, "hubspot_contacts.csv", "hubspot").get_json()
    landed = first["rows"] - first["skipped"] - first["error_count"]
    assert first["unchanged_since_last_import"] == 0 and "first import" in first["last_import"]
    assert again["unchanged_since_last_import"] == landed > 0
    full = _upload(client, h, "hubspot_contacts.csv", "hubspot", full="true").get_json()
    assert full["unchanged_since_last_import"] == 0 and "full import" in full["last_import"]
    assert (full["created"], full["updated"]) == (0, 0)
    bad = _upload(client, h, "hubspot_contacts.csv", "hubspot", full="maybe")
    assert bad.status_code == 422 and "full" in bad.get_data(as_text=True)


def test_an_import_that_changes_something_refreshes_kept_searches_in_a_background_job(client, h):
    import time

    report = _upload(client, h, "hubspot_contacts.csv", "hubspot").get_json()
    deadline, job = time.monotonic() + 60, {}
    while time.monotonic() < deadline and job.get("status") not in ("done", "failed"):
        job = client.get(f"/api/v1/jobs/{report['refresh_job']}", headers=h).get_json()
        time.sleep(0.1)
    assert job["kind"] == "entry-points" and job["status"] == "done", job
    again = _upload(client, h, "hubspot_contacts.csv", "hubspot").get_json()
    assert "refresh_job" not in again  # nothing changed, nothing to refresh


def test_row_errors_are_in_the_report(client, h):
    report = _upload(client, h, "bad_rows_hubspot_contacts.csv", "hubspot").get_json()
    assert report["errors"] and {"line", "field", "detail"} <= set(report["errors"][0])


def test_unknown_format_is_422_naming_format(client, h):
    body = _problem(_upload(client, h, "hubspot_contacts.csv", "excel"), 422)
    assert body["errors"][0]["pointer"] == "/format"


def test_missing_file_is_422(client, h):
    response = client.post(URL, data={"format": "hubspot"}, headers=h, content_type="multipart/form-data")
    body = _problem(response, 422)
    assert body["errors"][0]["pointer"] == "/file"


def test_unreadable_file_is_422_with_clear_detail(client, h, graph):
    body = _problem(_upload(client, h, "binary.bin", "hubspot"), 422)
    assert body["errors"][0]["pointer"] == "/file" and len(body["detail"]) > 10
    assert graph.query("MATCH (n:Person) RETURN count(n) AS n")[0]["n"] == 0


def test_linkedin_needs_an_owner_in_the_graph(client, h):
    body = _problem(_upload(client, h, "linkedin_connections.csv", "linkedin", owner_id="p-ghost"), 422)
    assert body["errors"][0]["pointer"] == "/owner_id"


def test_too_large_is_413(app, graph, make_key):
    app.config["MAX_CONTENT_LENGTH"] = 200
    client = app.test_client()
    response = _upload(client, make_key("write"), "hubspot_contacts.csv", "hubspot")
    _problem(response, 413)


def test_scopes(client, make_key):
    _problem(_upload(client, {}, "hubspot_contacts.csv", "hubspot"), 401)
    _problem(_upload(client, make_key("read"), "hubspot_contacts.csv", "hubspot"), 403)
