"""The facts of one case, and how they are read from the contract's JSON input."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from send_redress._registry import ASKERS, CONCERNS, EVENT_TYPES, FUTURE_EVENTS, SETTINGS

__all__ = [
    "ASKERS",
    "CONCERNS",
    "EVENT_TYPES",
    "SETTINGS",
    "Facts",
    "FactsError",
    "parse_facts",
    "today_in_london",
]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_KNOWN_FIELDS = ("today", "local_authority", "setting", "concern", "events", "asker")


def today_in_london() -> date:
    """The current date in England, whatever the machine's time zone."""
    return datetime.now(ZoneInfo("Europe/London")).date()


@dataclass(frozen=True)
class Facts:
    """What we know of one case.

    `events` maps an event type to every date it happened, earliest first: a type may repeat (a
    second decision letter, a second mediation). A mapping to single dates is accepted too.
    """

    concern: str
    today: date
    local_authority: str | None = None
    setting: str = "maintained-school"
    events: Mapping[str, tuple[date, ...]] = field(default_factory=lambda: MappingProxyType({}))
    asker: str = "parent"

    def __post_init__(self) -> None:
        events = {kind: _sorted_dates(days) for kind, days in self.events.items()}
        object.__setattr__(self, "events", MappingProxyType({k: v for k, v in events.items() if v}))

    def has(self, event_type: str) -> bool:
        return event_type in self.events

    def date_of(self, event_type: str) -> date | None:
        """The latest date of this event type, or None."""
        days = self.events.get(event_type)
        return days[-1] if days else None

    def first_date_of(self, event_type: str) -> date | None:
        days = self.events.get(event_type)
        return days[0] if days else None

    def dates_of(self, event_type: str) -> tuple[date, ...]:
        return self.events.get(event_type, ())

    def timeline(self) -> list[tuple[date, str]]:
        """Every event as (date, type), in date order."""
        return sorted((day, kind) for kind, days in self.events.items() for day in days)

    def with_event(self, event_type: str, day: date) -> Facts:
        """A copy with one more event."""
        return replace(self, events={**self.events, event_type: (*self.dates_of(event_type), day)})

    def without_before(self, event_types: Iterable[str], start: date) -> Facts:
        """A copy in which these event types keep only their dates on or after `start`."""
        kinds = set(event_types)
        return replace(
            self,
            events={
                kind: tuple(d for d in days if kind not in kinds or d >= start)
                for kind, days in self.events.items()
            },
        )


def _sorted_dates(days: date | Iterable[date]) -> tuple[date, ...]:
    if isinstance(days, date):
        return (days,)
    return tuple(sorted(set(days)))


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

    asker = data.get("asker", "parent")
    if asker not in ASKERS:
        problems.append(f"asker: unknown value {_show(asker)}")

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
        events={kind: tuple(days) for kind, days in events.items()},
        asker=asker,
    )


def _parse_events(raw: Any, today: date | None, problems: list[str]) -> dict[str, list[date]]:
    if not isinstance(raw, list):
        problems.append(f"events: expected a list, got {_show(raw)}")
        return {}
    events: dict[str, list[date]] = {}
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
        if (
            day is not None
            and today is not None
            and day > today
            and event_type not in FUTURE_EVENTS
        ):
            problems.append(f"{where}.date: {day.isoformat()} is after today ({today.isoformat()})")
            continue
        if day is not None and event_type in EVENT_TYPES:
            # A type may repeat: every date counts (each decision letter starts a round).
            events.setdefault(event_type, []).append(day)
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
