"""The bundle tests: the case-file settings (tests/conftest.py) for every test here."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _case_settings(case_settings: Any) -> None:
    """The case-file settings (tests/conftest.py) for every test here."""
