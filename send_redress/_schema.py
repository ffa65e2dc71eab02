"""JSON Schemas of the `assess` contract, generated from the code that reads and writes it.

The committed copies in `schema/` are what other programs use; a test checks they match these.
"""

from __future__ import annotations

from typing import Any

import msgspec

from send_redress._content import ROUTE_IDS
from send_redress._model import Assessment
from send_redress._registry import (
    ASKERS,
    CONCERNS,
    DEADLINE_IDS,
    EVENT_TYPES,
    FUTURE_EVENTS,
    SETTINGS,
)

__all__ = ["input_schema", "output_schema"]

_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}


def input_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "send-redress assess input",
        "description": (
            "One case's facts. Dates are YYYY-MM-DD; no event may be after `today`, except a"
            f" planned move or a date the Tribunal set ({', '.join(sorted(FUTURE_EVENTS))})."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["concern"],
        "properties": {
            "today": {**_DATE, "description": "Defaults to the current date in Europe/London."},
            "local_authority": {
                "type": "string",
                "description": (
                    "A council's id from councils.yaml (its GOV.UK id, such as luton or bedford),"
                    " or england; unknown ids use the England pack, with a warning."
                ),
            },
            "setting": {"enum": list(SETTINGS), "default": "maintained-school"},
            "asker": {
                "enum": list(ASKERS),
                "default": "parent",
                "description": "Who is asking: the wording speaks to them.",
            },
            "concern": {"enum": list(CONCERNS)},
            "events": {
                "type": "array",
                "description": (
                    "Every event counts, and a type may repeat. Each decision-notice-sent (for"
                    " disability-discrimination, each discrimination-occurred) starts a round;"
                    " mediation, certificates and appeals count only in the latest round, the"
                    " one whose start is on or before them."
                ),
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["type", "date"],
                    "properties": {"type": {"enum": list(EVENT_TYPES)}, "date": _DATE},
                },
            },
        },
    }


def output_schema() -> dict[str, Any]:
    (schema,), components = msgspec.json.schema_components([Assessment])
    # The vocabulary is data, not Python types; pin it in the schema so consumers can rely on it.
    components["Assessment"]["properties"]["concern"] = {"enum": list(CONCERNS)}
    components["Assessment"]["properties"]["setting"] = {"enum": list(SETTINGS)}
    components["Assessment"]["properties"]["next_step"] = {"enum": list(ROUTE_IDS)}
    components["RouteResult"]["properties"]["id"] = {"enum": list(ROUTE_IDS)}
    components["DeadlineResult"]["properties"]["id"] = {"enum": list(DEADLINE_IDS)}
    components["DeadlineResult"]["properties"]["route"] = {"enum": list(ROUTE_IDS)}
    for result in ("RouteResult", "DeadlineResult"):
        components[result]["properties"]["sources"]["minItems"] = 1
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "send-redress assess output",
        **schema,
        "$defs": components,
    }
