"""The live spec at /api/openapi.json is a valid OpenAPI 3.0 document (issue #18): POST
/imports used to declare Swagger 2 `in: formData` parameters in a 3.0.3 spec."""

from __future__ import annotations

import pytest
from openapi_spec_validator import OpenAPIV30SpecValidator

pytestmark = pytest.mark.neo4j


def test_the_live_spec_validates(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"] == "3.0.3"
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
              for e in OpenAPIV30SpecValidator(spec).iter_errors()]
    assert not errors, "\n".join(errors)


def test_the_upload_is_one_multipart_request_body(client):
    operation = client.get("/api/openapi.json").get_json()["paths"]["/api/v1/imports"]["post"]
    assert not operation.get("parameters")  # nothing `in: formData`
    body = operation["requestBody"]
    assert body["required"] and list(body["content"]) == ["multipart/form-data"]
    ref = body["content"]["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    schema = client.get("/api/openapi.json").get_json()["components"]["schemas"][ref]
    assert set(schema["properties"]) == {"file", "format", "owner_id", "source", "full"}
    assert set(schema["required"]) == {"file", "format"}
    assert schema["properties"]["file"] == {"type": "string", "format": "binary",
                                            "description": "The exported file (CSV, XLSX or JSON)."}
