"""Each case's statutory clocks, kept in `CaseClock` from the engine's assessment.

`connect` listens to `web.cases.deadlines.deadlines_refreshed`, sent in the transaction that
changes a case's events or details, so the rows never lag the case. `rebuild` does many cases
at once with bulk queries (the data migration, `manage.py refresh_clocks`, the benchmark).

A clock's outcome on a day (`outcome`): met (done by its due date), late (done after it, by
so many days), missed (not done and its due date has passed) or open (still to come).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from send_redress import Assessment, assess
from web.cases.deadlines import deadlines_refreshed, events_by_case, facts_for
from web.cases.models import Case

from .models import CaseClock

CHUNK = 2000
MET, LATE, MISSED, OPEN = "met", "late", "missed", "open"


def outcome(due: date, met_on: date | None, today: date) -> str:
    if met_on is not None:
        return MET if met_on <= due else LATE
    return MISSED if due < today else OPEN


def rows_for(case: Any, assessment: Assessment) -> list[CaseClock]:
    return [
        CaseClock(
            case_id=case.pk,
            clock=d.id,
            whose=d.whose,
            council=case.council,
            due=d.due,
            met_on=d.met_on,
        )
        for d in assessment.deadlines
    ]


def refresh(case: Case, assessment: Assessment) -> None:
    """Replace the case's rows with the clocks of this assessment."""
    with transaction.atomic():
        CaseClock.objects.filter(case_id=case.pk).delete()
        CaseClock.objects.bulk_create(rows_for(case, assessment))


def _on_refresh(sender: Any, *, case: Case, assessment: Assessment, **kwargs: Any) -> None:
    refresh(case, assessment)


def connect() -> None:
    deadlines_refreshed.connect(_on_refresh, dispatch_uid="web.reports.clocks")


def rebuild(case_ids: Iterable[int], today: date | None = None) -> int:
    """Recompute the rows of these cases, CHUNK cases per transaction."""
    ids = list(case_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        events = events_by_case(chunk)
        cases = Case.objects.filter(pk__in=chunk).only("id", "concern", "council", "setting")
        rows = [
            row
            for case in cases
            for row in rows_for(case, assess(facts_for(case, events[case.pk], today)))
        ]
        with transaction.atomic():
            CaseClock.objects.filter(case_id__in=chunk).delete()
            CaseClock.objects.bulk_create(rows, batch_size=CHUNK)
    return len(ids)
