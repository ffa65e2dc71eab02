"""The check-plan API's input (POST /api/v1/check-plan): checked, then the plan checked."""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Any

from send_redress.plans import PlanReadError, check_plan, read_plan, read_text, to_jsonable
from web.journey.clock import today

FIELDS = ("text", "file", "kind", "dated", "requested", "today")


class PlanInputError(ValueError):
    def __init__(self, status: int, title: str, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.status, self.title, self.problems = status, title, problems


def input_schema() -> dict[str, Any]:
    day = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
    return {
        "type": "object",
        "additionalProperties": False,
        "description": "A plan to check: its words as `text`, or a PDF or Word (.docx) file as base64 in `file` (one of the two). A scanned PDF is refused (422): OCR takes seconds a page, so it is offered only on the web page.",
        "properties": {
            "text": {"type": "string", "minLength": 1},
            "file": {"type": "string", "contentEncoding": "base64"},
            "kind": {"enum": ["draft", "final"]},
            "dated": {
                **day,
                "description": "The day the draft was sent, or the final plan's date, if the plan does not say.",
            },
            "requested": {
                **day,
                "description": "The day the council got the request for an assessment (for the 20 weeks).",
            },
            "today": {**day, "description": "Defaults to the current date in Europe/London."},
        },
        "oneOf": [{"required": ["text"]}, {"required": ["file"]}],
    }


def _day(data: dict[str, Any], name: str, problems: list[str]) -> date | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    _bad(name, value, problems)
    return None


def _bad(name: str, value: Any, problems: list[str]) -> None:
    problems.append(f"{name}: {value!r} is not a date (YYYY-MM-DD)")


def check_plan_input(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise PlanInputError(400, "Not a valid plan check", ["input: expected a JSON object"])
    problems = [
        f"{key}: not a field (one of {', '.join(FIELDS)})" for key in data if key not in FIELDS
    ]
    if ("text" in data) == ("file" in data):
        problems.append("input: give the plan as text or as file (base64), not both or neither")
    if "text" in data and (not isinstance(data["text"], str) or not data["text"].strip()):
        problems.append("text: expected the plan's words")
    if "kind" in data and data["kind"] not in ("draft", "final"):
        problems.append(f"kind: {data['kind']!r} is not draft or final")
    dated, requested, given_today = (
        _day(data, n, problems) for n in ("dated", "requested", "today")
    )
    raw = None
    if isinstance(data.get("file"), str):
        try:
            raw = base64.b64decode(data["file"], validate=True)
        except (binascii.Error, ValueError):
            problems.append("file: not base64")
    elif "file" in data:
        problems.append("file: expected a base64 string")
    if problems:
        raise PlanInputError(400, "Not a valid plan check", problems)
    try:
        plan = read_plan(raw) if raw is not None else read_text(data["text"])
    except PlanReadError as error:
        status = (
            422 if error.code in ("scanned", "encrypted", "too-long", "ocr-unavailable") else 400
        )
        raise PlanInputError(
            status, "The plan cannot be read", [f"file: {error.message}"]
        ) from None
    result = check_plan(
        plan,
        today=given_today or today(),
        kind=data.get("kind"),
        dated=dated,
        requested_on=requested,
    )
    return to_jsonable(result)
