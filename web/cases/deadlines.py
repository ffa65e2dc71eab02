"""The case's deadlines, derived by the engine from its timeline every time they are shown, and
the caseload's cache of what matters in them (`send_redress.focus`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal

from send_redress import Assessment, Facts, Focus, assess, focus
from web.journey.clock import today as today_in_england

from .models import NOTE, Case, DeadlineMark, Event

CACHE_FIELDS = [
    "next_deadline",
    "next_deadline_kind",
    "next_deadline_family",
    "family_passed_on",
    "family_passed_kind",
    "council_late_since",
    "council_late_kind",
]


def facts_for(case: Case, events: Iterable[Any], today: date | None = None) -> Facts:
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


def set_aside(assessment: Assessment, marks: Iterable[Any]) -> set[str]:
    """The deadline ids a person marked "dealt with" or "not applicable" for their due date
    now (a mark for a date the deadline has moved from no longer counts)."""
    return set(marks_by_deadline(assessment, marks))


def marks_by_deadline(assessment: Assessment, marks: Iterable[Any]) -> dict[str, Any]:
    """The marks that hold now, by deadline id (for the pages that show who marked what)."""
    due = {d.id: d.due for d in assessment.deadlines}
    return {m.deadline_id: m for m in marks if due.get(m.deadline_id) == m.due}


def focus_for(
    case: Case,
    events: Iterable[Any] | None = None,
    today: date | None = None,
    marks: Iterable[Any] | None = None,
) -> tuple[Assessment, Focus]:
    """The assessment and what matters in it, as the caseload and the parent's dashboard show."""
    if events is None:
        events = case.events.only("case_id", "kind", "date")
    facts = facts_for(case, events, today)
    assessment = assess(facts)
    if marks is None:
        marks = case.deadline_marks.only("deadline_id", "due")
    return assessment, focus(assessment, facts, set_aside(assessment, marks))


def cache_values(found: Focus) -> dict[str, Any]:
    """The Case fields that hold `found` for the caseload."""
    nearest = found.next
    checked = found.to_check[0] if found.to_check else None
    pushed = found.to_push[0] if found.to_push else None
    return {
        "next_deadline": nearest.due if nearest else None,
        "next_deadline_kind": nearest.id if nearest else "",
        "next_deadline_family": bool(nearest and nearest.whose == "parent"),
        "family_passed_on": checked.due if checked else None,
        "family_passed_kind": checked.id if checked else "",
        "council_late_since": pushed.due if pushed else None,
        "council_late_kind": pushed.id if pushed else "",
    }


deadlines_refreshed = Signal()
"""Sent by `refresh_next_deadline` with `case` and `assessment`: web.reports keeps each case's
clocks (due, met) for its reports from it, in the same transaction."""


def refresh_next_deadline(case: Case, today: date | None = None) -> None:
    """Recompute the case's caseload cache from the engine; call inside the transaction that
    changed its events, details or marks."""
    assessment, found = focus_for(case, today=today)
    values = cache_values(found)
    for name, value in values.items():
        setattr(case, name, value)
    Case.objects.filter(pk=case.pk).update(**values)
    deadlines_refreshed.send(Case, case=case, assessment=assessment)


def refresh_stale(cases: QuerySet[Case], today: date) -> int:
    """Put right the cached focus of the cases whose next deadline has passed since it was
    worked out (one query when there are none, as on most requests)."""
    stale = list(cases.filter(next_deadline__lt=today).values_list("pk", flat=True))
    return refresh_cases(stale, today) if stale else 0


CHUNK = 2000


@dataclass(frozen=True)
class _Event:
    kind: str
    date: date


def events_by_case(case_ids: list[int]) -> dict[int, list[_Event]]:
    """The events of these cases (kind and date, what the engine reads), in one query."""
    events: dict[int, list[_Event]] = defaultdict(list)
    for case_id, kind, day in Event.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "kind", "date"
    ):
        events[case_id].append(_Event(kind, day))
    return events


def refresh_cases(case_ids: Iterable[int], today: date | None = None) -> int:
    """`refresh_next_deadline` for many cases at once: a few queries per CHUNK cases, each
    chunk in one transaction."""
    ids = list(case_ids)
    done = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        events = events_by_case(chunk)
        marks: dict[int, list[DeadlineMark]] = defaultdict(list)
        for mark in DeadlineMark.objects.filter(case_id__in=chunk).only(
            "case_id", "deadline_id", "due"
        ):
            marks[mark.case_id].append(mark)
        with transaction.atomic():
            cases = list(
                Case.objects.filter(pk__in=chunk).only("id", "concern", "council", "setting")
            )
            for case in cases:
                found = focus_for(case, events[case.pk], today, marks[case.pk])[1]
                for name, value in cache_values(found).items():
                    setattr(case, name, value)
            Case.objects.bulk_update(cases, CACHE_FIELDS, batch_size=CHUNK)
        done += len(cases)
    return done
