"""The assessment: what `assess()` returns and `send-redress assess --format json` prints."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import msgspec

from send_redress._content import Contact

__all__ = [
    "Assessment",
    "DeadlineResult",
    "RouteResult",
    "RouteStatus",
    "SourceRef",
    "to_json",
    "to_jsonable",
]

RouteStatus = Literal["recommended", "available", "not-yet", "not-applicable", "closed"]
DeadlineStatus = Literal["upcoming", "today", "passed"]


class SourceRef(msgspec.Struct, frozen=True):
    title: str
    url: str
    took_effect: date


class RouteResult(msgspec.Struct, frozen=True):
    """One route of redress for this case: whether it is open now, and why."""

    id: str
    name: str
    status: RouteStatus
    why: str
    sources: tuple[SourceRef, ...]
    done: bool = False
    """The parent has already taken this step (it may still be under way)."""
    contact: Contact | None = None


class DeadlineResult(msgspec.Struct, frozen=True):
    """One statutory clock, computed from the events that start it."""

    id: str
    name: str
    due: date
    status: DeadlineStatus
    days_left: int
    """Days from today to the due date; negative once it has passed."""
    whose: Literal["parent", "council", "mediator", "school", "nhs"]
    """Whose time limit: the parent's (or young person's) own, or a duty of the council or of
    the mediator (who issues the certificate after a meeting, CFA 2014 s.55(5))."""
    route: str
    rule: str
    working: str
    """How the date was worked out, step by step, in plain English."""
    sources: tuple[SourceRef, ...]
    met_on: date | None = None
    """When the council did what this clock required, where the events show it."""

    @property
    def done_late(self) -> bool:
        """A duty holder's clock (not the parent's own) met after its last day."""
        return self.whose != "parent" and self.met_on is not None and self.met_on > self.due


class Assessment(msgspec.Struct, frozen=True):
    today: date
    concern: str
    setting: str
    local_authority: str
    local_authority_name: str
    routes: tuple[RouteResult, ...]
    next_step: str
    deadlines: tuple[DeadlineResult, ...]
    warnings: tuple[str, ...]
    asker: str = "parent"
    next_step_due: date | None = None
    """The day to take the next step by, where one of the parent's own deadlines runs for it."""
    next_step_text: str = ""
    """The next step in one sentence: "Do this by Friday 18 June 2027: ..." where it has a date."""

    def route(self, route_id: str) -> RouteResult:
        """The result for one route id; KeyError if the local authority's pack lacks it."""
        for route in self.routes:
            if route.id == route_id:
                return route
        raise KeyError(route_id)

    def deadline(self, deadline_id: str) -> DeadlineResult | None:
        """The deadline with this id, or None when its clock has not started."""
        return next((d for d in self.deadlines if d.id == deadline_id), None)


def to_jsonable(assessment: Assessment) -> dict[str, Any]:
    """The contract's JSON as Python objects (dates as YYYY-MM-DD strings)."""
    result: dict[str, Any] = msgspec.json.decode(to_json(assessment))
    return result


def to_json(assessment: Assessment) -> bytes:
    return msgspec.json.encode(assessment)
