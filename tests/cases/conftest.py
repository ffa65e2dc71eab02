"""The case-file tests: the case-file settings for every test here, and a real local SMTP
server. The personas, their clients, the case and the checks are in tests/conftest.py; the
helpers (signing in, making a case, adding events and documents, small files of each kind) in
tests/personas.py."""

from __future__ import annotations

from typing import Any

import pytest

from tests.mail import smtp  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def _case_settings(case_settings: Any) -> None:
    """The case-file settings (tests/conftest.py) for every test here."""
