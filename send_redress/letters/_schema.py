"""The JSON Schema of the `letter` command's input, generated from the code that reads it.

The committed copy is `send_redress/letters/letter-input.schema.json`; a test checks it matches.
Regenerate with `python -m send_redress.letters._schema` and review the diff: it is the contract.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from send_redress._schema import input_schema
from send_redress.letters._content import LETTER_TYPES, load_letters
from send_redress.letters._fields import FIELDS, FieldSpec

__all__ = ["SCHEMA_FILE", "letter_input_schema"]

SCHEMA_FILE = Path(__file__).with_name("letter-input.schema.json")
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}


def _field_schema(spec: FieldSpec) -> dict[str, Any]:
    schema: dict[str, Any]
    if spec.kind == "date":
        schema = dict(_DATE)
    elif spec.kind == "bool":
        schema = {"type": "boolean"}
    elif spec.kind == "choice":
        schema = {"enum": list(spec.choices)}
    elif spec.kind in ("lines", "items"):
        item = {"type": "string", "maxLength": spec.max_length}
        schema = {"type": "array", "items": item, "maxItems": spec.max_items}
    else:
        schema = {"type": "string", "maxLength": spec.max_length}
    return {"description": spec.description, **schema}


def letter_input_schema() -> dict[str, Any]:
    """The assess contract's input plus `letter`; `$defs` has each letter type's details."""
    facts = input_schema()
    letters = load_letters().letters
    defs: dict[str, Any] = {
        "details": {
            "type": "object",
            "additionalProperties": False,
            "properties": {name: _field_schema(spec) for name, spec in FIELDS.items()},
        }
    }
    for letter_type in LETTER_TYPES:
        text = letters[letter_type]
        defs[letter_type] = {
            "description": f"The details of {text.name}. {text.summary}",
            "allOf": [{"$ref": "#/$defs/details"}],
            "required": list(text.required_fields()),
            "propertyNames": {"enum": list(text.allowed_fields())},
        }
        if text.fields.required_when:
            defs[letter_type]["description"] += " Also required: " + "; ".join(
                f"{name} when {condition}" for name, condition in text.fields.required_when.items()
            )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "send-redress letter input",
        "description": (
            "The facts of one case (the assess input) plus the letter's details under `letter`. "
            "The letter type is the command's TYPE argument; $defs/<type> lists what it needs."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": [*facts["required"], "letter"],
        "properties": {**facts["properties"], "letter": {"$ref": "#/$defs/details"}},
        "$defs": defs,
    }


if __name__ == "__main__":
    SCHEMA_FILE.write_text(
        json.dumps(letter_input_schema(), indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"wrote {SCHEMA_FILE}")
