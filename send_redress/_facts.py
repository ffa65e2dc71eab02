"""The facts of one case, and how they are read from the contract's JSON input."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "CONCERNS",
    "EVENT_TYPES",
    "SETTINGS",
    "Facts",
    "FactsError",
    "parse_facts",
    "today_in_london",
]

CONCERNS = (
    "support-in-school",
    "refused-assessment",
    "refused-plan",
    "plan-contents",
    "placement-only",
    "refused-reassessment",
    "refused-amendment",
    "ceasing-plan",
    "health-or-care-only",
    "delay",
    "plan-not-delivered",
    "disability-discrimination",
    "process-handling",
)

EVENT_TYPES = (
    "raised-with-school",
    "school-complaint-made",
    "school-complaints-exhausted",
    # Not in the first contract: the council ladder starts with the SEND team, so it needs an event.
    "raised-with-local-authority",
    "la-complaint-made",
    "la-complaint-exhausted",
    "assessment-requested",
    "decision-notice-sent",
    "mediation-requested",
    "mediation-held",
    "mediation-certificate-issued",
    "draft-plan-issued",
    "annual-review-meeting",
    "discrimination-occurred",
    "became-aware",
    "tribunal-appeal-made",
)

SETTINGS = (
    "maintained-school",
    "academy",
    "independent-school",
    "early-years",
    "post-16",
    "none",
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_KNOWN_FIELDS = ("today", "local_authority", "setting", "concern", "events")


def today_in_london() -> date:
    """The current date in England, whatever the machine's time zone."""
    return datetime.now(ZoneInfo("Europe/London")).date()


@dataclass(frozen=True)
class Facts:
    """What we know of one case. `events` maps an event type to its date (the latest, if repeated)."""

    concern: str
    today: date
    local_authority: str | None = None
    setting: str = "maintained-school"
    events: Mapping[str, date] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "events", MappingProxyType(dict(self.events)))

    def has(self, event_type: str) -> bool:
        return event_type in self.events

    def date_of(self, event_type: str) -> date | None:
        return self.events.get(event_type)

    def with_event(self, event_type: str, day: date) -> Facts:
        """A copy with one more event (replacing an earlier one of the same type)."""
        return Facts(
            concern=self.concern,
            today=self.today,
            local_authority=self.local_authority,
            setting=self.setting,
            events={**self.events, event_type: day},
        )


class FactsError(ValueError):
    """The input cannot be assessed. `problems` has one line per problem, naming field and value."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_facts(data: Any, *, default_today: date | None = None) -> Facts:
    """Check the contract's input (already decoded from JSON) and return the facts.

    Every problem is collected, not just the first, so a person can fix them all at once.
    Raises FactsError.
    """
    if not isinstance(data, dict):
        raise FactsError([f"input: expected a JSON object, got {_json_type(data)}"])
    problems: list[str] = []
    problems += [
        f"{name}: unknown field (value {_show(data[name])})"
        for name in data
        if name not in _KNOWN_FIELDS
    ]

    today = default_today or today_in_london()
    today_known = True
    if "today" in data:
        parsed = _parse_date("today", data["today"], problems)
        today_known = parsed is not None
        today = parsed or today

    concern = data.get("concern")
    if concern is None:
        problems.append("concern: missing (one of " + ", ".join(CONCERNS) + ")")
    elif concern not in CONCERNS:
        problems.append(f"concern: unknown value {_show(concern)}")

    setting = data.get("setting", "maintained-school")
    if setting not in SETTINGS:
        problems.append(f"setting: unknown value {_show(setting)}")

    local_authority = data.get("local_authority")
    if local_authority is not None and not isinstance(local_authority, str):
        problems.append(f"local_authority: expected a string, got {_show(local_authority)}")

    # Without a valid `today`, "after today" cannot be judged; the bad `today` is reported instead.
    events = _parse_events(data.get("events", []), today if today_known else None, problems)
    if problems:
        raise FactsError(problems)
    return Facts(
        concern=str(concern),
        today=today,
        local_authority=local_authority,
        setting=setting,
        events=events,
    )


def _parse_events(raw: Any, today: date | None, problems: list[str]) -> dict[str, date]:
    if not isinstance(raw, list):
        problems.append(f"events: expected a list, got {_show(raw)}")
        return {}
    events: dict[str, date] = {}
    for index, item in enumerate(raw):
        where = f"events[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected an object, got {_show(item)}")
            continue
        problems += [
            f"{where}.{key}: unknown field (value {_show(item[key])})"
            for key in item
            if key not in ("type", "date")
        ]
        event_type = item.get("type")
        if event_type not in EVENT_TYPES:
            problems.append(f"{where}.type: unknown event type {_show(event_type)}")
        day = _parse_date(f"{where}.date", item.get("date"), problems)
        if day is not None and today is not None and day > today:
            problems.append(f"{where}.date: {day.isoformat()} is after today ({today.isoformat()})")
            continue
        if day is not None and event_type in EVENT_TYPES:
            # Where a type repeats, the latest counts (the contract).
            events[event_type] = max(day, events.get(event_type, day))
    return events


def _parse_date(where: str, value: Any, problems: list[str]) -> date | None:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        problems.append(f"{where}: expected a date as YYYY-MM-DD, got {_show(value)}")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: {_show(value)} is not a real date")
        return None


def _show(value: Any) -> str:
    return "missing" if value is None else repr(value)


def _json_type(value: Any) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )
