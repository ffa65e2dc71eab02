"""Django in a benchmark's own process (bench/cases.py, bench/caseload.py and bench/reports.py
through it, bench/reminders.py): the tests' settings (web.settings_test) on the database given,
with the settings the benchmark changes, migrated. bench/web_bench.py and bench/load_test.py
measure a server instead (bench/server.py)."""

from __future__ import annotations

import os
from typing import Any


def start_django(database: str, *, test_client: bool = False, **changes: Any) -> None:
    """Set Django up here on `database` (a SEND_REDRESS_DATABASE URL), change the settings
    named in `changes`, and migrate. `test_client`: Django's test environment, for
    django.test.Client requests (its 'testserver' host, the in-memory outbox)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "web.settings_test"
    os.environ["SEND_REDRESS_DATABASE"] = database
    import django
    from django.conf import settings

    django.setup()
    for name, value in changes.items():
        setattr(settings, name, value)
    from django.core.management import call_command

    if test_client:
        from django.test.utils import setup_test_environment

        setup_test_environment()
    call_command("migrate", verbosity=0)
