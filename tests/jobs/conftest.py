"""Fixtures for the queue's tests: the database backend (as in production) instead of the
tests' run-at-once backend, and a real django-tasks-db worker run in this process."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.mail import smtp  # noqa: F401 (fixture)
from tests.personas import client_for

DATABASE_QUEUE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "files"],
    }
}


@pytest.fixture
def database_queue(settings: Any) -> None:
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


@pytest.fixture(autouse=True)
def _case_settings(case_settings: Any) -> None:
    """The case-file settings (tests/conftest.py) for every test here."""


@pytest.fixture
def owner_client(owner: Any) -> Any:
    return client_for(owner)
