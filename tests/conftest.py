"""Fixtures for every test folder: the personas (the healthchecks pattern), the queue's
database backend, the HTML and readability checks, and Chromium for the browser tests.

Personas, for every permission check: `parent` (owns the case), `another_parent`, `adviser`
(the Bedford adviser the case is assigned to), `colleague` (another Bedford adviser),
`other_org_adviser` (Luton), `org_admin` (Bedford's), `site_admin` (staff) and `visitor` (a
browser that is not signed in). `owner`, `other` and `stranger` are the older names of the
parent, another parent and the other organisation's adviser. How they sign in, and the
helpers for a case file (a case, its events and documents, what a page shows): tests/personas.py;
reading a DOCX or PDF back: tests/documents.py; a real SMTP server: tests/mail.py. A test
module imports helpers from those, never from another test module or another folder's conftest.
tests/core needs none of this: nothing here imports Django until a fixture runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.personas import CASES_TODAY, PASSWORD, client_for, member, new_case


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test marked `postgres` runs only on PostgreSQL (make pytest-postgres); on SQLite it is
    skipped, and says why."""
    if os.environ.get("SEND_REDRESS_DATABASE", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(
        reason="needs SEND_REDRESS_DATABASE=postgres://... (make pytest-postgres)"
    )
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


# --- case files ---------------------------------------------------------------------------


@pytest.fixture
def case_settings(settings: Any, tmp_path: Any) -> None:
    """The case-file tests' settings (autouse in tests/cases, tests/advisers, tests/jobs)."""
    settings.SEND_REDRESS_TODAY = CASES_TODAY
    settings.CASES_DOCUMENT_ROOT = tmp_path / "documents"
    # Argon2 at its cheapest in tests: the hasher is still Argon2.
    settings.PASSWORD_HASHERS = ["web.accounts.testing.FastArgon2PasswordHasher"]


@pytest.fixture
def document_root(settings: Any) -> Any:
    return settings.CASES_DOCUMENT_ROOT


@pytest.fixture
def case(parent: Any) -> Any:
    """The parent's case: Sam, Bedford, a refused assessment, the request made."""
    from datetime import date

    return new_case(parent, events=[("assessment-requested", date(2026, 10, 1))])


@pytest.fixture
def world(parent: Any, another_parent: Any, document_root: Any) -> dict[str, Any]:
    """The case-file permission matrix's world (tests/cases/matrix.py)."""
    from tests.cases.matrix import make_world

    return make_world(parent, another_parent)


# --- personas -----------------------------------------------------------------------------


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    from web.accounts.models import User

    def make(email: str, *, verified: bool = True) -> Any:
        return User.objects.create_user(email, PASSWORD, email_verified=verified)

    return make


@pytest.fixture
def parent(make_user: Callable[..., Any]) -> Any:
    """The parent who owns the case."""
    return make_user("owner@example.com")


@pytest.fixture
def owner(parent: Any) -> Any:
    return parent


@pytest.fixture
def another_parent(make_user: Callable[..., Any]) -> Any:
    """A parent with cases of their own, nothing to do with this one."""
    return make_user("other@example.com")


@pytest.fixture
def other(another_parent: Any) -> Any:
    return another_parent


@pytest.fixture
def bedford(db: Any) -> Any:
    from web.advisers.models import Organisation

    return Organisation.objects.create(name="Bedford SENDIASS")


@pytest.fixture
def luton(db: Any) -> Any:
    from web.advisers.models import Organisation

    return Organisation.objects.create(name="Luton SENDIASS")


@pytest.fixture
def adviser(make_user: Callable[..., Any], bedford: Any) -> Any:
    """The Bedford adviser the case is assigned to."""
    return member(make_user, "alex@bedford.example", bedford)


@pytest.fixture
def colleague(make_user: Callable[..., Any], bedford: Any) -> Any:
    """Another Bedford adviser, not assigned to the case."""
    return member(make_user, "sam@bedford.example", bedford)


@pytest.fixture
def other_org_adviser(make_user: Callable[..., Any], luton: Any) -> Any:
    """An adviser of another organisation."""
    return member(make_user, "kim@luton.example", luton)


@pytest.fixture
def stranger(other_org_adviser: Any) -> Any:
    return other_org_adviser


@pytest.fixture
def org_admin(make_user: Callable[..., Any], bedford: Any) -> Any:
    from web.advisers.models import ORG_ADMIN

    return member(make_user, "lead@bedford.example", bedford, ORG_ADMIN)


@pytest.fixture
def site_admin(db: Any) -> Any:
    from web.accounts.models import User

    return User.objects.create_superuser("root@example.com", PASSWORD)


@pytest.fixture
def visitor(db: Any) -> Any:
    """A browser that is not signed in."""
    from django.test import Client

    return Client()


@pytest.fixture
def owner_client(owner: Any) -> Any:
    """A test client signed in as the parent who owns the case."""
    return client_for(owner)


@pytest.fixture
def other_client(other: Any) -> Any:
    """A test client signed in as another parent."""
    return client_for(other)


# --- the queue (web/jobs) -------------------------------------------------------------------

DATABASE_QUEUE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "files"],
    }
}


@pytest.fixture
def database_queue(settings: Any) -> None:
    """Jobs on the database backend, as in production, instead of the tests' run-at-once one."""
    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def run_jobs(database_queue: None) -> Callable[[], int]:
    """Run every job that is due, as `manage.py worker --batch` would; return how many ran."""
    from django_tasks_db.management.commands.db_worker import Worker

    def run() -> int:
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        worker.run()
        return worker._run_tasks

    return run


# --- checks on what pages say ------------------------------------------------------------


@pytest.fixture(scope="session")
def assert_valid_html() -> Iterator[Callable[..., None]]:
    """`assert_valid_html(html)`: the Nu HTML Checker finds no errors."""
    from web import testing

    yield testing.assert_valid_html
    testing.vnu.stop()


@pytest.fixture(scope="session")
def assert_readable() -> Callable[..., float]:
    """`assert_readable(html)`: Flesch reading ease of the text in <main> is at least 50."""
    from web import testing

    return testing.assert_readable


# --- Chromium (the browser tests, marked `browser`) ----------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Playwright against Debian's Chromium (/usr/bin/chromium; never a downloaded browser)."""
    from web import testing

    # Playwright's sync API runs an event loop in this thread; Django's database calls in the
    # test thread (flushing between tests) would otherwise refuse to run.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return {
        **browser_type_launch_args,
        "executable_path": testing.CHROMIUM,
        "args": testing.CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server: Any) -> str:
    """pytest-playwright's pages resolve relative URLs against pytest-django's live server."""
    return str(live_server.url)


@pytest.fixture
def page(page: Any) -> Iterator[Any]:
    """Every `page` fails its test if the browser logged an error (a CSP violation, a failed
    request, a JavaScript exception)."""
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
    from web import testing

    return testing.assert_accessible
