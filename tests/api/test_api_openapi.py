"""GET /api/v1/openapi.json: a valid OpenAPI 3.1 document whose bodies are the contract's
committed schemas, so that it cannot drift from the code or the URLs; answers fit it."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import OpenAPIV31SpecValidator

from send_redress._schema import input_schema, output_schema
from web.api import openapi as openapi_module
from web.api import urls as api_urls

from .conftest import ASSESS, EXAMPLES, OPENAPI, as_json, post_json

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture
def document(client) -> dict[str, Any]:
    response = client.get(OPENAPI)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return as_json(response)


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1.")
    errors = [str(error) for error in OpenAPIV31SpecValidator(document).iter_errors()]
    assert errors == []


def test_the_validator_would_notice_a_broken_document(document):
    del document["paths"][ASSESS]["post"]["responses"]["200"]["description"]
    assert list(OpenAPIV31SpecValidator(document).iter_errors())


def _with_components(ref: str, schemas: dict[str, Any]) -> dict[str, Any]:
    return {"$ref": ref, "components": {"schemas": schemas}}


def _ref_rewritten(schema: dict[str, Any]) -> dict[str, Any]:
    text = json.dumps(schema).replace('"#/$defs/', '"#/components/schemas/')
    return {k: v for k, v in json.loads(text).items() if k not in ("$schema", "$defs")}


def test_the_bodies_are_the_contract_schemas_generated_from_the_code(document):
    """If this fails, run scripts/generate-schemas: the document is built from its output."""
    schemas = document["components"]["schemas"]
    post = document["paths"][ASSESS]["post"]
    body = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    answer = post["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    expected_input, expected_output = input_schema(), json.loads(json.dumps(output_schema()))
    assert schemas[body.rsplit("/", 1)[1]] == _ref_rewritten(json.loads(json.dumps(expected_input)))
    assert schemas[answer.rsplit("/", 1)[1]] == _ref_rewritten(expected_output)
    for name, definition in {**expected_input.get("$defs", {}), **expected_output["$defs"]}.items():
        assert schemas[name] == _ref_rewritten(definition)


def test_every_path_is_routed_and_every_api_url_is_documented(document):
    documented = set()
    for path, operations in document["paths"].items():
        try:
            resolve(path)
        except Resolver404:
            pytest.fail(f"{path} is in the document but not routed")
        documented.add(path)
        assert set(operations) <= HTTP_METHODS
    routed = {f"/{pattern.pattern}" for pattern in api_urls.urlpatterns}
    assert routed == documented


def test_the_document_states_the_limits_in_force(document, settings):
    settings.API_RATE_LIMIT = (7, 30)
    description = openapi_module.build_document()["paths"][ASSESS]["post"]["description"]
    assert "7 requests every 30 seconds" in description
    assert f"{settings.API_MAX_BODY_BYTES // 1024} KiB" in description


def _validator(document: dict[str, Any], path: str, status: str, media: str) -> Any:
    schema = document["paths"][path]["post"]["responses"][status]["content"][media]["schema"]
    return jsonschema.Draft202012Validator(
        _with_components(schema["$ref"], document["components"]["schemas"])
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_answers_to_the_examples_fit_the_document(client, document, example):
    response = post_json(client, example.read_text("utf-8"))
    _validator(document, ASSESS, "200", "application/json").validate(as_json(response))


@pytest.mark.parametrize(
    ("status", "send"),
    [
        ("400", lambda c: post_json(c, '{"concern": "nope"}')),
        ("405", lambda c: c.get(ASSESS)),
        ("415", lambda c: c.post(ASSESS, "x", content_type="text/plain")),
    ],
)
def test_error_answers_fit_the_document(client, document, status, send):
    response = send(client)
    assert str(response.status_code) == status
    assert response["Content-Type"] == "application/problem+json"
    _validator(document, ASSESS, status, "application/problem+json").validate(as_json(response))


def test_the_document_is_cacheable_and_read_only(client):
    response = client.get(OPENAPI)
    assert response["Cache-Control"] == "public, max-age=300"
    assert client.head(OPENAPI).status_code == 200
    refused = client.post(OPENAPI, "{}", content_type="application/json")
    assert refused.status_code == 405
    assert refused["Allow"] == "GET, HEAD"


def from_schema(schema: dict[str, Any], root: dict[str, Any] | None = None) -> Any:
    """Values that fit `schema`, for the keywords a contract schema uses. Read from the
    committed schema, so a field added to the contract is sent here too; a keyword this does
    not know fails the test rather than being left out."""
    root = root or schema
    known = {"$schema", "$defs", "$ref", "title", "description", "default", "type", "enum",
             "const", "properties", "required", "additionalProperties", "items", "minItems",
             "maxItems", "pattern", "format", "anyOf", "oneOf", "minLength"}  # fmt: skip
    unknown = set(schema) - known
    assert not unknown, f"teach from_schema {sorted(unknown)}"
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return st.deferred(lambda: from_schema(root["$defs"][name], root))
    if "anyOf" in schema or "oneOf" in schema:
        return st.one_of([from_schema(s, root) for s in schema.get("anyOf", schema.get("oneOf"))])
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if schema.get("format") == "date":
        return st.dates().map(lambda day: day.isoformat())
    kind = schema.get("type")
    if kind == "array":
        size = {"min_size": schema.get("minItems", 0), "max_size": schema.get("maxItems", 8)}
        return st.lists(from_schema(schema["items"], root), **size)
    if kind == "object":
        properties = {n: from_schema(s, root) for n, s in schema.get("properties", {}).items()}
        required = set(schema.get("required", ()))
        return st.fixed_dictionaries(
            {k: v for k, v in properties.items() if k in required},
            optional={k: v for k, v in properties.items() if k not in required},
        )
    if kind == "string":
        names = st.text(min_size=schema.get("minLength", 0), max_size=20)
        return names | st.sampled_from(["england", "bedford"])
    simple = {"integer": st.integers(), "boolean": st.booleans(), "null": st.none()}
    assert kind in simple, f"teach from_schema the type {kind!r}"
    return simple[kind]


@given(data=from_schema(openapi_module.contract_schema("input")))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_input_the_schema_allows_is_answered_or_refused_in_the_documents_terms(
    client, document, data
):
    jsonschema.validate(data, openapi_module.contract_schema("input"))
    response = post_json(client, json.dumps(data), REMOTE_ADDR="192.0.2.200")
    assert response.status_code in (200, 400), response.content  # never a server error
    media = response["Content-Type"]
    _validator(document, ASSESS, str(response.status_code), media).validate(as_json(response))
    if response.status_code == 400:  # only an event after `today` is refused
        assert all(" is after today " in line for line in as_json(response)["problems"])
