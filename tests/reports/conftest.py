"""The advisers' personas (tests/advisers/conftest.py) and cases whose council clocks were met,
late or missed, made through the real services so their clock rows come from the engine."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.advisers.conftest import *  # noqa: F403 (personas, organisations)
from tests.cases.conftest import _case_settings  # noqa: F401 (autouse: today is 1 February 2027)
from web.cases import services

REQUESTED = date(2026, 9, 1)  # the council's 6-week decision is due on 13 October 2026


def clock_case(
    owner: Any, *, late_by: int | None = None, council: str = "bedford", name: str = "Sam"
):
    """A request for an assessment on 1 September 2026 (decision due 13 October 2026): met on
    time (late_by=0 or less), late by `late_by` days, or (None) missed, as at 1 February 2027."""
    events = [("assessment-requested", REQUESTED)]
    if late_by is not None:
        events.append(("decision-notice-sent", date(2026, 10, 13) + timedelta(days=late_by)))
    return services.create_case(
        owner,
        child_name=name,
        child_date_of_birth=date(2015, 3, 27),
        setting="maintained-school",
        council=council,
        concern="refused-assessment",
        events=events,
    )
