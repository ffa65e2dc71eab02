"""Fixtures for the queue's tests: the case-file settings for every test here, and a real SMTP
server. The database backend (as in production) and a real django-tasks-db worker run in this
process (`database_queue`, `run_jobs`) are in tests/conftest.py, for the bundle tests too."""

from __future__ import annotations

from typing import Any

import pytest

from tests.mail import smtp  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def _case_settings(case_settings: Any) -> None:
    """The case-file settings (tests/conftest.py) for every test here."""
