"""A visitor's answers: kept in the server-side session, checked every time they are read.

The session is trusted no more than a form: a value that is not one the journey could have
stored (an old session, a changed vocabulary, tampering) raises `UnusableAnswers`, and the
views start the journey again politely.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Any

from send_redress import CONCERNS, EVENTS_BY_CONCERN, SETTINGS, Facts

from .clock import today
from .councils import council_ids

SESSION_KEY = "journey"
WHO = ("parent", "young-person")
EARLIEST_DATE = date(2000, 1, 1)
"""The journey takes no date before this one (nor any after today)."""
QUESTIONS = ("who", "council", "setting", "concern", "events")


class UnusableAnswers(ValueError):
    """The session holds answers the journey cannot use."""


@dataclass(frozen=True)
class Answers:
    who: str | None = None
    council: str | None = None
    setting: str | None = None
    concern: str | None = None
    events: tuple[str, ...] | None = None
    """The events that have happened, in the order the journey asks about them; () for none."""
    dates: Mapping[str, date] = field(default_factory=lambda: MappingProxyType({}))

    def answered(self, question: str) -> bool:
        return getattr(self, question) is not None

    def with_answer(self, question: str, value: Any) -> Answers:
        """A copy with one answer changed, dropping the answers that depended on the old one."""
        changed = replace(self, **{question: value})
        if question == "concern" and value != self.concern:
            # Each concern asks about its own events, so a new concern asks again.
            changed = replace(changed, events=None)
        if question in ("concern", "events"):
            wanted = set(changed.events or ())
            changed = replace(
                changed, dates={k: v for k, v in changed.dates.items() if k in wanted}
            )
        return changed

    def with_date(self, event_type: str, day: date) -> Answers:
        return replace(self, dates={**self.dates, event_type: day})

    def missing_date(self) -> int | None:
        """The 1-based number of the first event still without a date, or None."""
        for number, event_type in enumerate(self.events or (), start=1):
            if event_type not in self.dates:
                return number
        return None

    def complete(self) -> bool:
        return all(self.answered(q) for q in QUESTIONS) and self.missing_date() is None

    def to_facts(self, today: date) -> Facts:
        if not self.complete():
            raise UnusableAnswers("the journey is not finished")
        return Facts(
            concern=str(self.concern),
            today=today,
            local_authority=self.council,
            setting=str(self.setting),
            events={kind: (day,) for kind, day in self.dates.items()},
            asker=str(self.who),
        )

    def to_session(self) -> dict[str, Any]:
        return {
            "who": self.who,
            "council": self.council,
            "setting": self.setting,
            "concern": self.concern,
            "events": list(self.events) if self.events is not None else None,
            "dates": {k: v.isoformat() for k, v in self.dates.items()},
        }

    @classmethod
    def from_session(cls, data: Any) -> Answers:
        if data is None:
            return cls()
        try:
            return _checked(data)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise UnusableAnswers(str(error)) from error


def _checked(data: dict[str, Any]) -> Answers:
    if set(data) != {"who", "council", "setting", "concern", "events", "dates"}:
        raise ValueError("unexpected keys")
    _one_of(data["who"], WHO)
    _one_of(data["council"], council_ids())
    _one_of(data["setting"], SETTINGS)
    _one_of(data["concern"], CONCERNS)
    events = data["events"]
    if events is not None:
        allowed = EVENTS_BY_CONCERN[data["concern"]] if data["concern"] else ()
        if not isinstance(events, list) or not set(events) <= set(allowed):
            raise ValueError("events do not fit the concern")
        if len(set(events)) != len(events):
            raise ValueError("repeated event")
    dates = {str(k): date.fromisoformat(v) for k, v in data["dates"].items()}
    if not set(dates) <= set(events or ()):
        raise ValueError("a date for an event that was not chosen")
    # The date question refuses these, and the engine's arithmetic would overflow on some.
    if not all(EARLIEST_DATE <= day <= today() for day in dates.values()):
        raise ValueError("a date the journey would not take")
    return Answers(
        who=data["who"],
        council=data["council"],
        setting=data["setting"],
        concern=data["concern"],
        events=tuple(events) if events is not None else None,
        dates=dates,
    )


def _one_of(value: Any, allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        raise ValueError(f"{value!r} is not an answer the journey gives")
