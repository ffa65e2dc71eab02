"""The committed JSON Schema of the letter input matches the code, and the cases fit it."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from send_redress.letters import LETTER_TYPES
from send_redress.letters._schema import SCHEMA_FILE, letter_input_schema

from .cases import CASES

COMMITTED = json.loads(SCHEMA_FILE.read_text("utf-8"))


def test_committed_schema_matches_the_code():
    """If this fails, run `python -m send_redress.letters._schema` and review the diff."""
    assert json.loads(json.dumps(letter_input_schema())) == COMMITTED


def _for_type(letter_type: str) -> dict:
    """The schema with `letter` checked against one type's own definition."""
    schema = copy.deepcopy(COMMITTED)
    schema["properties"]["letter"] = {"$ref": f"#/$defs/{letter_type}"}
    return schema


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
def test_every_case_fits_the_schema_for_its_type(letter_type):
    jsonschema.Draft202012Validator(COMMITTED).validate(CASES[letter_type])
    jsonschema.Draft202012Validator(_for_type(letter_type)).validate(CASES[letter_type])


def test_the_schema_rejects_what_the_code_rejects():
    validator = jsonschema.Draft202012Validator(_for_type("school-complaint"))
    bad = copy.deepcopy(CASES["school-complaint"])
    del bad["letter"]["issues"]
    bad["letter"]["mediation_choice"] = "mediation"  # a field another letter type uses
    bad["letter"]["response_date"] = "19/02/2027"
    messages = sorted(e.message for e in validator.iter_errors(bad))
    assert any("'issues' is a required property" in m for m in messages)
    assert any("mediation_choice" in m for m in messages)
    assert any("does not match" in m for m in messages)
