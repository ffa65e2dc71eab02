"""Each case's clocks are kept from the engine as its events change (web.reports.clocks)."""

from __future__ import annotations

from datetime import date

import pytest

from web.cases import services
from web.reports import clocks
from web.reports.models import CaseClock

from .conftest import clock_case

pytestmark = pytest.mark.django_db


def test_a_case_s_clocks_follow_its_events(owner):
    case = clock_case(owner)  # missed
    row = CaseClock.objects.get(case=case, clock="assessment-decision")
    assert (row.whose, row.council, row.due, row.met_on) == (
        "council",
        "bedford",
        date(2026, 10, 13),
        None,
    )
    assert clocks.outcome(row.due, row.met_on, date(2027, 2, 1)) == clocks.MISSED
    event = services.add_event(case, by=owner, kind="decision-notice-sent", day=date(2026, 10, 20))
    row = CaseClock.objects.get(case=case, clock="assessment-decision")
    assert row.met_on == date(2026, 10, 20)
    assert clocks.outcome(row.due, row.met_on, date(2027, 2, 1)) == clocks.LATE
    services.delete_event(event, by=case.owner)
    assert CaseClock.objects.get(case=case, clock="assessment-decision").met_on is None
    services.delete_case(case)
    assert not CaseClock.objects.exists()


def test_the_bulk_rebuild_gives_the_same_rows(owner):
    cases = [clock_case(owner, late_by=n) for n in (None, -3, 0, 9)]
    before = sorted(CaseClock.objects.values_list("case_id", "clock", "whose", "due", "met_on"))
    CaseClock.objects.all().delete()
    assert clocks.rebuild([c.pk for c in cases]) == 4
    after = sorted(CaseClock.objects.values_list("case_id", "clock", "whose", "due", "met_on"))
    assert after == before and len(after) >= 4


@pytest.mark.parametrize(
    ("met_on", "expected"),
    [
        (date(2026, 10, 12), "met"),
        (date(2026, 10, 13), "met"),
        (date(2026, 10, 14), "late"),
        (None, "missed"),
    ],
)
def test_outcome_on_a_day(met_on, expected):
    assert clocks.outcome(date(2026, 10, 13), met_on, date(2027, 2, 1)) == expected
    if met_on is None:
        assert clocks.outcome(date(2026, 10, 13), None, date(2026, 10, 13)) == "open"
