"""Groups of concerns that the law treats alike, read from the registry (content/registry.yaml),
so that adding a concern or an event is one entry there and the rules cannot disagree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from send_redress._content import load_content

__all__ = [
    "APPEALABLE",
    "CONTINUING_FAILURES",
    "COUNCIL_NOT_APPEALABLE",
    "EVENTS_BY_CONCERN",
    "EVENT_ORDER",
    "OrderProblem",
    "date_order_problems",
    "event_order_for",
    "HAS_PLAN",
    "JUDICIAL_REVIEW_CONCERNS",
    "LADDERS",
    "NEEDS_CERTIFICATE",
    "OMBUDSMAN_CAN_LOOK",
    "ONE_OFF_JUDICIAL_REVIEW",
    "RESPONSE_EVENTS",
    "ROUND_STARTS",
    "SCHOOL_CONCERNS",
]

_concerns = load_content().concerns
_events = load_content().events


def _where(**wanted: object) -> frozenset[str]:
    return frozenset(
        c.id for c in _concerns.values() if all(getattr(c, k) == v for k, v in wanted.items())
    )


# Council decisions that can be appealed to the First-tier Tribunal (CFA 2014 s.51(2)).
APPEALABLE = frozenset(c.id for c in _concerns.values() if c.appeal != "none")

# Appeals that need a mediation certificate first: all but placement-only appeals (CFA s.55).
NEEDS_CERTIFICATE = _where(appeal="with-certificate")

# About what a school does: the Ombudsman cannot look inside schools (LGA 1974 Sch 5 para 5(2)).
SCHOOL_CONCERNS = _where(about="school")

# About the council, but no appeal lies: complaints, the Ombudsman, judicial review.
COUNCIL_NOT_APPEALABLE = _where(about="council", appeal="none")

OMBUDSMAN_CAN_LOOK = _where(ombudsman=True)

# Where judicial review is a real route: a legal duty or decision with no appeal behind it.
# A one-off decision starts the 3 months of CPR 54.5 from its letter; a continuing failure (a
# duty still not met: CFA 2014 s.42, SEND Regulations 2014 reg 13(2)) renews the grounds each
# day it lasts, so there is no fixed end while it goes on.
ONE_OFF_JUDICIAL_REVIEW = _where(judicial_review="one-off")
CONTINUING_FAILURES = _where(judicial_review="continuing")
JUDICIAL_REVIEW_CONCERNS = ONE_OFF_JUDICIAL_REVIEW | CONTINUING_FAILURES

# Concerns that mean the child already has an EHC plan.
HAS_PLAN = _where(has_plan=True)

# What starts a round: each decision letter gives a fresh right of appeal (CFA 2014 s.51) and
# needs its own mediation certificate (s.55(3)); each act of discrimination its own claim.
# Concerns with no appeal (health or care only, delay...) have no rounds.
ROUND_STARTS = {c.id: c.round_starts_with for c in _concerns.values() if c.round_starts_with}

# Events that answer a round's decision: they count only for the round they follow.
RESPONSE_EVENTS = tuple(e.id for e in _events.values() if e.answers_decision)

# The order in which each concern's routes are normally taken.
LADDERS: dict[str, tuple[str, ...]] = {c.id: c.ladder for c in _concerns.values()}

# Pairs (later, earlier): the first event cannot happen before the second. Checked by the engine
# (a warning) and by the web journey (an error on the date question).
EVENT_ORDER = tuple(
    (event.id, earlier) for event in _events.values() for earlier in event.not_before
)

# The events that bear on each concern: the ones that start its clocks or move its ladder.
# A journey asks only about these; the engine accepts any event for any concern.
EVENTS_BY_CONCERN: dict[str, tuple[str, ...]] = {c.id: c.events for c in _concerns.values()}


def event_order_for(concern: str) -> tuple[tuple[str, str], ...]:
    """The order pairs that apply to a concern: a decision letter orders only appeal events
    (for other concerns a "decision letter" may answer something else)."""
    return tuple(
        (later, earlier)
        for later, earlier in EVENT_ORDER
        if "decision-notice-sent" not in (later, earlier) or concern in APPEALABLE
    )


@dataclass(frozen=True)
class OrderProblem:
    """A date that comes before the date it cannot come before: `later` (an event type) on
    `later_date` is before `earlier` on `earlier_date`, its first date."""

    later: str
    later_date: date
    earlier: str
    earlier_date: date


def date_order_problems(
    concern: str, events: Mapping[str, date | Iterable[date]]
) -> tuple[OrderProblem, ...]:
    """Every date in the wrong order under the registry's `not_before` rules: the one rule list
    the journey, the case file and the engine's warnings share.

    An event type can happen more than once (each round of a case has its own decision letter):
    a date is wrong only when it comes before every date of the event it cannot come before,
    so a second round's request never makes the first round's letter look wrong."""
    days = {
        kind: (value,) if isinstance(value, date) else tuple(value)
        for kind, value in events.items()
    }
    problems = []
    for later, earlier in event_order_for(concern):
        if not days.get(later) or not days.get(earlier):
            continue
        first = min(days[earlier])
        problems += [
            OrderProblem(later, day, earlier, first) for day in sorted(days[later]) if day < first
        ]
    return tuple(problems)
