"""Playwright against Debian's Chromium (/usr/bin/chromium; never a downloaded browser), with
the Django app served by pytest-django's live_server for the whole session.

Every `page` fails its test if the browser logged an error (a CSP violation, a failed
request, a JavaScript exception). Checks: `assert_accessible(page)` (axe, WCAG 2.2 A/AA),
`assert_valid_html(html)` and `assert_readable(html)`, as in tests/web.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from web import testing

# Playwright's sync API runs an event loop in this thread; Django's database calls in the test
# thread (flushing between tests) would otherwise refuse to run.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": testing.CHROMIUM,
        "args": testing.CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server: Any) -> str:
    """pytest-playwright's pages resolve relative URLs against the live server."""
    return str(live_server.url)


@pytest.fixture
def page(page: Any) -> Iterator[Any]:
    page.set_default_timeout(10_000)
    problems: list[str] = []

    def on_console(message: Any) -> None:
        # "Failed to load resource" repeats what on_response sees (and a 404 page is fine).
        if message.type in {"error", "warning"} and "Failed to load resource" not in message.text:
            problems.append(f"console {message.type}: {message.text}")

    def on_response(response: Any) -> None:
        document = response.request.resource_type == "document"
        if response.status >= 500 or (response.status >= 400 and not document):
            problems.append(f"HTTP {response.status}: {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("response", on_response)
    yield page
    assert not problems, "the browser reported problems:\n" + "\n".join(problems)


@pytest.fixture(scope="session")
def assert_accessible() -> Callable[..., None]:
    """`assert_accessible(page)`: axe finds no WCAG 2.0/2.1/2.2 A or AA violations."""
    return testing.assert_accessible


@pytest.fixture(scope="session")
def assert_valid_html() -> Iterator[Callable[..., None]]:
    yield testing.assert_valid_html
    testing.vnu.stop()


@pytest.fixture(scope="session")
def assert_readable() -> Callable[..., float]:
    return testing.assert_readable
