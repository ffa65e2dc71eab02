"""The processes of the concurrency test (test_reminders_concurrency.py), run as a deployment
runs them: `python -m tests.reminders.concurrency setup|write|check` with web.settings and
SEND_REDRESS_DATABASE pointing at a database of the test's own. `send_reminders` is the real
management command.

- setup: migrate, then 40 parents whose reminders are due and 8 parents for the web clients.
- write N: web client N (of 8, each its own process, as gunicorn's workers are), a signed-in
  parent adding notes to their case through the real views (sessions, audit trail, events,
  the case's next deadline), until the stop file appears.
- check: every reminder's status, as JSON.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

REMINDED = 40
WRITERS = 8


def setup() -> None:
    from django.core.management import call_command

    from tests.personas import new_case
    from web.accounts.models import User
    from web.journey.clock import today

    call_command("migrate", verbosity=0, interactive=False)
    day = today()
    due = day + timedelta(days=7)
    for number in range(REMINDED + WRITERS):
        email = f"parent{number}@example.com" if number < REMINDED else f"web{number}@example.com"
        owner = User.objects.create_user(email, None, email_verified=True)
        new_case(owner, events=[("assessment-requested", due - timedelta(weeks=6))])
    print(day.isoformat())


def write(stop_file: str, index: int) -> None:
    """One web client: the index-th web parent, adding notes until the stop file appears."""
    from django.test import Client

    from web.accounts.models import User

    user = list(User.objects.filter(email__startswith="web").order_by("id"))[index]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/cases/{user.cases.get().public_id}/events/new"
    note = {
        "kind": "note",
        "what": "Rang the school",
        "date-day": "5",
        "date-month": "1",
        "date-year": "2026",
    }
    results: dict[str, int] = {}
    errors: list[str] = []
    Path(f"{stop_file}.ready{index}").touch()
    while not os.path.exists(stop_file):
        try:
            status = client.post(url, note).status_code
        except Exception as error:  # noqa: BLE001 - counted as a failed request
            status = 500
            errors.append(f"{type(error).__name__}: {error}"[:200])
        results[str(status)] = results.get(str(status), 0) + 1
    print(json.dumps({"statuses": results, "errors": errors[:5]}))


def check() -> None:
    from web.reminders.models import Reminder

    print(
        json.dumps(list(Reminder.objects.values_list("case__owner__email", "status", "attempts")))
    )


if __name__ == "__main__":
    import django

    django.setup()
    mode = sys.argv[1]
    if mode == "setup":
        setup()
    elif mode == "write":
        write(sys.argv[2], int(sys.argv[3]))
    elif mode == "check":
        check()
    else:
        raise SystemExit(f"unknown mode {mode}")
