"""The advisers' tests: the case-file settings for every test here. The personas (parent,
another parent, adviser, colleague, other organisation's adviser, organisation admin, site
admin, visitor) and the case-file matrix's `world` are in tests/conftest.py; how advisers sign
in with a real TOTP code is in tests/personas.py."""

from __future__ import annotations

from typing import Any

import pytest

from tests.mail import smtp  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def _case_settings(case_settings: Any) -> None:
    """The case-file settings (tests/conftest.py) for every test here."""


def contact_form(**changes: str) -> dict[str, str]:
    """A whole contact as the form posts it: a 20-minute call last week, follow up next week."""
    form = {
        "kind": "call",
        "date-day": "25",
        "date-month": "1",
        "date-year": "2027",
        "minutes": "20",
        "concern": "refused-assessment",
        "stage": "mediation",
        "outcome": "mediation",
        "what": "Talked through mediation",
        "follow_up-day": "8",
        "follow_up-month": "2",
        "follow_up-year": "2027",
    }
    form.update(changes)
    return form
