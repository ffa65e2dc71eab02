"""The case-file tests' fixtures (a parent, a case, settings with a private document root)."""

from tests.cases.conftest import (  # noqa: F401 (fixtures; the personas, the case and the checks: tests/conftest.py)
    _case_settings,
    other_client,
    owner_client,
)
