"""The browser tests' fixtures (Chromium through Playwright, `page` that fails on any error the
browser logs, `assert_accessible`) are in tests/conftest.py, for the browser tests of every
folder."""

# For test modules that still import them from here: the same fixtures, from tests/conftest.py.
from tests.conftest import (  # noqa: E402, F401
    assert_accessible,
    base_url,
    browser_type_launch_args,
    page,
)
