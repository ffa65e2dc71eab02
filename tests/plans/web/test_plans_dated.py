"""The date on the plan, typed in the three boxes of "Check a plan": it used to end in a 500
(the form called a date method web.common.dates no longer has; mypy found it, issue 11)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PLAN_TEXT = """Draft EHC plan
Section F: Special educational provision
Alex will have a weekly session with an occupational therapist.
"""


def test_the_date_on_the_plan_is_read_from_its_boxes(client):
    response = client.post(
        "/check-a-plan/",
        {
            "text": PLAN_TEXT,
            "kind": "draft",
            "dated-day": "1",
            "dated-month": "2",
            "dated-year": "2026",
        },
    )
    assert response.status_code == 200
    assert "A draft plan, dated 1 February 2026" in response.content.decode()


def test_a_date_that_is_not_real_is_an_error_on_the_page_not_a_500(client):
    response = client.post(
        "/check-a-plan/",
        {"text": PLAN_TEXT, "dated-day": "31", "dated-month": "2", "dated-year": "2026"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and "The date on the plan must be a real date" in page
    assert 'href="#dated-day"' in page
