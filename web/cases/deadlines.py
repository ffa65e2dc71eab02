"""The case's deadlines, derived by the engine from its timeline every time they are shown."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.dispatch import Signal

from send_redress import Assessment, DeadlineResult, Facts, assess
from web.journey.clock import today as today_in_england

from .models import NOTE, Case, Event


def facts_for(case: Case, events: Iterable[Event], today: date | None = None) -> Facts:
    """The engine's facts: every dated event of the timeline (notes start no clock). The engine
    sorts them into rounds, one per decision letter."""
    dates: dict[str, list[date]] = {}
    for event in events:
        if event.kind != NOTE:
            dates.setdefault(event.kind, []).append(event.date)
    return Facts(
        concern=case.concern,
        today=today or today_in_england(),
        local_authority=case.council,
        setting=case.setting,
        events={kind: tuple(days) for kind, days in dates.items()},
    )


def assessment_for(
    case: Case, events: Iterable[Event] | None = None, today: date | None = None
) -> Assessment:
    if events is None:
        events = case.events.only("case_id", "kind", "date")
    return assess(facts_for(case, events, today))


def nearest_unmet(assessment: Assessment) -> DeadlineResult | None:
    """The deadline a caseload sorts by: the earliest due among those not met, past or future.
    (A due date does not depend on today, so it can be cached; whether it is overdue does.)"""
    unmet = [d for d in assessment.deadlines if d.met_on is None]
    return min(unmet, key=lambda d: (d.due, d.id), default=None)


deadlines_refreshed = Signal()
"""Sent by `refresh_next_deadline` with `case` and `assessment`: web.reports keeps each case's
clocks (due, met) for its reports from it, in the same transaction."""


def refresh_next_deadline(case: Case) -> None:
    """Recompute the case's `next_deadline` cache from the engine; call inside the transaction
    that changed its events or details."""
    assessment = assessment_for(case)
    nearest = nearest_unmet(assessment)
    case.next_deadline = nearest.due if nearest else None
    case.next_deadline_kind = nearest.id if nearest else ""
    Case.objects.filter(pk=case.pk).update(
        next_deadline=case.next_deadline, next_deadline_kind=case.next_deadline_kind
    )
    deadlines_refreshed.send(Case, case=case, assessment=assessment)
