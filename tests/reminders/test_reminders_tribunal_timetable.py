"""The Tribunal's timetable (dates copied from the registration letter) reaches the reminders:
an e-mail before the final evidence date, sent through a real SMTP server."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.personas import new_case
from web.reminders import service

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_the_final_evidence_date_from_the_letter_gets_a_reminder(smtp, parent):
    new_case(
        parent,
        "Sam Jones",
        concern="plan-contents",
        events=[
            ("tribunal-appeal-made", date(2026, 12, 14)),
            ("tribunal-evidence-due", TODAY + timedelta(days=7)),
            ("tribunal-hearing", TODAY + timedelta(days=90)),
        ],
    )
    result = service.run(TODAY)
    assert result.sent == 1
    body = smtp.bodies()[0]
    assert "Send your evidence to the Tribunal" in body
    assert "Date: Monday 8 February 2027 (in 7 days)" in body
    assert "The Tribunal hearing" not in body  # 90 days away: not yet
