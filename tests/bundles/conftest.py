"""Fixtures for the bundle tests: the case-file fixtures, and a case with documents."""

from __future__ import annotations

from tests.cases.conftest import (  # noqa: F401 (fixtures; the personas, the case and the checks: tests/conftest.py)
    _case_settings,
    other_client,
    owner_client,
)
