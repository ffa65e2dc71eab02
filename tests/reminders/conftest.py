"""Fixtures for the reminder tests: a real SMTP server that can be told to refuse, parents
and cases whose deadlines fall where a test wants them."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from tests.mail import smtp  # noqa: F401 (fixture)
from tests.personas import new_case

TODAY = date(2027, 2, 1)
BASE_URL = "https://send-redress.test"


@pytest.fixture(autouse=True)
def _reminder_settings(settings: Any, tmp_path: Any) -> None:
    settings.SEND_REDRESS_TODAY = TODAY
    settings.SERVICE_BASE_URL = BASE_URL
    settings.REMINDERS_LOCK_FILE = tmp_path / "send_reminders.lock"
    settings.REMINDERS_EMAIL_BACKEND = None
    settings.PASSWORD_HASHERS = ["web.accounts.testing.FastArgon2PasswordHasher"]


@pytest.fixture
def parent(make_user: Callable[..., Any]) -> Any:
    return make_user("parent@example.com")


def requested_for(due: date) -> date:
    """The assessment request date that puts the council's 6-week decision on `due`."""
    return due - timedelta(weeks=6)


@pytest.fixture
def make_case(parent: Any) -> Callable[..., Any]:
    """A case whose council decision on an assessment falls `days` after TODAY."""

    def make(days: int = 7, *, owner: Any = None, child_name: str = "Sam Jones") -> Any:
        return new_case(
            owner or parent,
            child_name,
            events=[("assessment-requested", requested_for(TODAY + timedelta(days=days)))],
        )

    return make


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while not predicate() and time.monotonic() < end:
        time.sleep(0.01)
    return predicate()
