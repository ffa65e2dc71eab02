"""The committed JSON Schemas match the code, and generated assessments stay within them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from hypothesis import given, settings

from send_redress import assess, to_jsonable
from send_redress._schema import input_schema, output_schema

from .strategies import facts

SCHEMA_DIR = Path(__file__).parents[2] / "send_redress" / "schema"


def committed(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"assess-{name}.schema.json").read_text("utf-8"))


def test_committed_schemas_match_the_code():
    """If this fails, run scripts/generate-schemas and review the diff: it changes the contract."""
    assert committed("input") == json.loads(json.dumps(input_schema()))
    assert committed("output") == json.loads(json.dumps(output_schema()))


OUTPUT_VALIDATOR = jsonschema.Draft202012Validator(committed("output"))


@given(facts())
@settings(max_examples=60)
def test_every_assessment_fits_the_output_schema(case):
    OUTPUT_VALIDATOR.validate(to_jsonable(assess(case)))
