"""The browser tests' fixtures (Chromium through Playwright, `page` that fails on any error the
browser logs, `assert_accessible`) are in tests/conftest.py, for the browser tests of every
folder."""
