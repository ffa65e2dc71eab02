"""The OpenAPI 3.1 document of the API, built from the contract's JSON Schemas.

The request and response bodies are the committed schemas (send_redress/schema/, made by
scripts/generate-schemas from send_redress/_schema.py), read when the document is first
asked for: a field added to the contract appears here with no edit. Their `$defs` become
`components/schemas` (OpenAPI resolves `#/...` against the whole document, so each
`#/$defs/X` becomes `#/components/schemas/X`). Only the HTTP part is written here: paths,
status codes and the error body, which is this API's and not the contract's.
"""

from __future__ import annotations

import copy
import functools
import json
from importlib import resources
from typing import Any

from django.conf import settings

from web.plans.api import input_schema

INPUT, OUTPUT, PROBLEM = "AssessInput", "AssessOutput", "Problem"

# RFC 9457 problem details, with one line per problem (the CLI's standard error lines).
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "What was wrong with the request (RFC 9457 problem details).",
    "required": ["title", "status", "problems"],
    "properties": {
        "title": {"type": "string", "description": "The kind of problem, in words."},
        "status": {"type": "integer", "description": "The HTTP status code."},
        "problems": {
            "type": "array",
            "items": {"type": "string"},
            "description": "One line per problem, naming the field and the value: the lines "
            "`send-redress assess` prints on standard error for the same input.",
        },
    },
}


def contract_schema(name: str) -> dict[str, Any]:
    """A committed JSON Schema of the contract: `input` or `output`."""
    path = resources.files("send_redress") / "schema" / f"assess-{name}.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return schema


def _as_component(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """`schema` without `$schema` and `$defs`, its definitions moved into `components`."""
    schema = copy.deepcopy(schema)
    schema.pop("$schema", None)
    for name, definition in schema.pop("$defs", {}).items():
        if name in components:
            raise ValueError(f"two contract schemas define {name!r}: rename one")
        components[name] = definition
    return schema


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: (
                value.replace("#/$defs/", "#/components/schemas/", 1)
                if key == "$ref" and isinstance(value, str)
                else _rewrite_refs(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(item) for item in node]
    return node


def _problem(description: str, **extra: Any) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": _ref(PROBLEM)}},
        **extra,
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def build_document() -> dict[str, Any]:
    components: dict[str, Any] = {}
    components[INPUT] = _as_component(contract_schema("input"), components)
    components[OUTPUT] = _as_component(contract_schema("output"), components)
    components[PROBLEM] = PROBLEM_SCHEMA
    limit, window = settings.API_RATE_LIMIT
    no_store = {
        "Cache-Control": {
            "description": "Always `no-store`: an answer about a child is kept by no cache.",
            "schema": {"type": "string", "const": "no-store"},
        }
    }
    assess = {
        "operationId": "assess",
        "summary": "Assess one case: every route of redress with its status, and the clocks",
        "description": "The same contract as `send-redress assess --format json` "
        "(docs/assess-contract.md). Stateless: no session, no cookie, no API key; the facts "
        "are not stored and not logged. Bodies larger than "
        f"{settings.API_MAX_BODY_BYTES // 1024} KiB are refused. Each client (IP address) "
        f"may make {limit} requests every {window} seconds.",
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _ref(INPUT)}},
        },
        "responses": {
            "200": {
                "description": "The assessment.",
                "headers": no_store,
                "content": {"application/json": {"schema": _ref(OUTPUT)}},
            },
            "400": _problem(
                "The body is not JSON, or not valid facts: `problems` has one line per problem."
            ),
            "405": _problem(
                "Only POST.",
                headers={"Allow": {"schema": {"type": "string", "const": "POST"}}},
            ),
            "413": _problem("The body is larger than the limit."),
            "415": _problem("The body is not sent as application/json (UTF-8)."),
            "429": _problem(
                "Too many requests from this client: try again after Retry-After seconds.",
                headers={"Retry-After": {"schema": {"type": "integer", "minimum": 1}}},
            ),
        },
    }
    components["PlanCheckInput"] = _plan_check_input()
    components["PlanCheckOutput"] = _as_component(_plan_check_output(), components)
    check_plan = {
        "operationId": "checkPlan",
        "summary": "Check an EHC plan: vague or unquantified provision, gaps, therapies, outcomes, section I, dates",
        "description": "The same contract as `send-redress check-plan --format json` "
        "(docs/plan-check-contract.md). Stateless: the plan is checked in memory; neither it "
        "nor its findings are stored or logged. Bodies larger than 8 MiB are refused. Each "
        f"client (IP address) may make {limit} requests every {window} seconds.",
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _ref("PlanCheckInput")}},
        },
        "responses": {
            "200": {
                "description": "The plan's check.",
                "headers": no_store,
                "content": {"application/json": {"schema": _ref("PlanCheckOutput")}},
            },
            "400": _problem("The body is not JSON, not a valid request, or not a plan's format."),
            "405": _problem(
                "Only POST.", headers={"Allow": {"schema": {"type": "string", "const": "POST"}}}
            ),
            "413": _problem("The body is larger than the limit."),
            "415": _problem("The body is not sent as application/json (UTF-8)."),
            "422": _problem(
                "The plan cannot be read here: a scan, a file protected by a password, or too many pages."
            ),
            "429": _problem(
                "Too many requests from this client: try again after Retry-After seconds.",
                headers={"Retry-After": {"schema": {"type": "integer", "minimum": 1}}},
            ),
        },
    }
    document = {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "SEND Redress assessment API",
            "version": "1",
            "summary": "Routes of redress and statutory clocks for SEND disagreements in England.",
            "description": "For partners such as SENDIASS services and councils. This is "
            "information, not legal advice. Every route and deadline in an answer carries "
            "its sources (legislation or official guidance).",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": {
            "/api/v1/assess": {"post": assess},
            "/api/v1/check-plan": {"post": check_plan},
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "The OpenAPI 3.1 document of this API.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": components},
    }
    return dict(_rewrite_refs(document))


def _plan_check_input() -> dict[str, Any]:
    return input_schema()


def _plan_check_output() -> dict[str, Any]:
    path = resources.files("send_redress") / "schema" / "plan-check-output.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text("utf-8"))
    # The check's Source is the same shape as the assessment's under another name.
    schema["$defs"]["PlanSource"] = schema["$defs"].pop("Source")
    schema["$defs"]["PlanFinding"] = schema["$defs"].pop("Finding")
    text = (
        json.dumps(schema)
        .replace("#/$defs/Source", "#/$defs/PlanSource")
        .replace("#/$defs/Finding", "#/$defs/PlanFinding")
    )
    return dict(json.loads(text))


@functools.cache
def document_bytes() -> bytes:
    return json.dumps(build_document(), indent=2, sort_keys=True).encode("utf-8") + b"\n"
