"""The reports' tests: the case-file settings, and cases whose council clocks were met, late or
missed, made through the real services so their clock rows come from the engine. The personas
are in tests/conftest.py."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.personas import new_case


@pytest.fixture(autouse=True)
def _case_settings(case_settings: Any) -> None:
    """The case-file settings (tests/conftest.py): today is 1 February 2027."""


REQUESTED = date(2026, 9, 1)  # the council's 6-week decision is due on 13 October 2026


def clock_case(
    owner: Any, *, late_by: int | None = None, council: str = "bedford", name: str = "Sam"
):
    """A request for an assessment on 1 September 2026 (decision due 13 October 2026): met on
    time (late_by=0 or less), late by `late_by` days, or (None) missed, as at 1 February 2027."""
    events = [("assessment-requested", REQUESTED)]
    if late_by is not None:
        events.append(("decision-notice-sent", date(2026, 10, 13) + timedelta(days=late_by)))
    return new_case(owner, name, council=council, events=events)
