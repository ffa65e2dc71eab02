"""Deadline reminders benchmark (issue 7): one send_reminders run over 10,000 due cases.

    .venv/bin/python bench/reminders.py [--cases 10000] [--runs 3] [--database URL]

10,000 parents, each with one open case whose council decision is 7 days away (one reminder
each), on a throwaway SQLite database (or --database postgres://...). The e-mails go by SMTP to
a local aiosmtpd server in its own process (so it does not share this one's interpreter),
which counts what it accepts. Each run starts from no reminder rows and does what the cron job
does: plan, then send, one e-mail per case. Reported: median wall time over --runs, e-mails per
second, and the plan and send phases. Baselines from the same run: the time to compute the
10,000 assessments alone (load the cases and events, run the engine), and the time to send
10,000 ready-made e-mails through Django's SMTP backend on one connection (the floor for SMTP).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.django_setup import start_django  # noqa: E402
from bench.server import free_port  # noqa: E402

TODAY = date(2027, 2, 1)


def serve(port: int) -> None:
    """The SMTP server process: accept everything, count it, print the count when stopped."""
    from aiosmtpd.controller import Controller

    class Counter:
        count = 0

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            Counter.count += 1
            return "250 Message accepted for delivery"

    controller = Controller(Counter(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    stop = asyncio.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.is_set():
            time.sleep(0.1)
    finally:
        controller.stop()
        print(Counter.count, flush=True)


def setup(tmp: Path, database: str | None, port: int) -> None:
    start_django(
        database or f"sqlite:///{tmp / 'bench.sqlite3'}",
        SEND_REDRESS_TODAY=TODAY,
        REMINDERS_LOCK_FILE=tmp / "send_reminders.lock",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        REMINDERS_EMAIL_BACKEND=None,
        LOGGING_CONFIG=None,
    )


def populate(n: int) -> None:
    from django.db import transaction

    from web.accounts.models import User
    from web.cases.models import Case, Event

    due = TODAY + timedelta(days=7)
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(email=f"parent{i}@example.com", password="!", email_verified=True)
            for i in range(n)
        )
        cases = Case.objects.bulk_create(
            Case(
                owner=u,
                child_name="Sam",
                child_date_of_birth=date(2015, 3, 27),
                setting="maintained-school",
                council="bedford",
                concern="refused-assessment",
            )
            for u in users
        )
        Event.objects.bulk_create(
            Event(
                case=c, kind="assessment-requested", date=due - timedelta(weeks=6), author=c.owner
            )
            for c in cases
        )


def assessments_alone() -> float:
    """The baseline: load every open case with its events and run the engine on each."""
    from django.db.models import Prefetch

    from web.cases.deadlines import assessment_for
    from web.cases.models import NOTE, Case, Event

    start = time.perf_counter()
    events = Event.objects.exclude(kind=NOTE).only("case_id", "kind", "date")
    count = 0
    for case in (
        Case.objects.filter(closed_at__isnull=True)
        .prefetch_related(Prefetch("events", queryset=events))
        .iterator(chunk_size=500)
    ):
        count += len(assessment_for(case, case.events.all(), TODAY).deadlines)
    assert count > 0
    return time.perf_counter() - start


def smtp_alone(n: int) -> float:
    """The other baseline: n ready-made e-mails through Django's SMTP backend, one connection."""
    from django.core.mail import EmailMessage, get_connection

    messages = [
        EmailMessage("A SEND deadline is in 7 days", "x" * 1200, to=[f"parent{i}@example.com"])
        for i in range(n)
    ]
    backend = get_connection()
    start = time.perf_counter()
    backend.open()
    for message in messages:
        backend.send_messages([message])
    backend.close()
    return time.perf_counter() - start


def one_run() -> tuple[float, float, float, int]:
    from web.reminders import service
    from web.reminders.models import Reminder

    Reminder.objects.all().delete()
    start = time.perf_counter()
    result = service.Result()
    # What service.run does, timed by phase (the lock is SQLite's; PostgreSQL needs none).
    with service.single_runner(Path(tempfile.gettempdir()) / "bench-reminders.lock"):
        service.plan(TODAY, result)
        planned = time.perf_counter()
        service.send_due(TODAY, result)
    end = time.perf_counter()
    assert result.failed == 0, result
    return end - start, planned - start, end - planned, result.emails


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", help="a database URL (default: a throwaway SQLite file)")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args.serve)

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port)], stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None and server.stdout.readline().strip() == "ready"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            setup(Path(tmp), args.database, port)
            from django.db import connection

            t = time.perf_counter()
            populate(args.cases)
            print(
                f"{args.cases} cases made in {time.perf_counter() - t:.1f} s ({connection.vendor})"
            )
            baseline = [assessments_alone() for _ in range(args.runs)]
            smtp_floor = [smtp_alone(args.cases) for _ in range(args.runs)]
            runs = [one_run() for _ in range(args.runs)]
            if args.database:
                from web.reminders.models import Reminder

                Reminder.objects.all().delete()
    finally:
        server.send_signal(signal.SIGTERM)
        received = int(server.communicate(timeout=60)[0].strip().splitlines()[-1])

    emails = runs[0][3]
    total = statistics.median(r[0] for r in runs)
    expected = args.runs * (args.cases + emails)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; {args.runs} runs")
    print(f"e-mails per run: {emails}; the SMTP server received {received} (expected {expected})")
    print(
        f"send_reminders run:    median {total:.2f} s = {emails / total:.0f} e-mails/s "
        f"(plan {statistics.median(r[1] for r in runs):.2f} s, "
        f"send {statistics.median(r[2] for r in runs):.2f} s)"
    )
    a = statistics.median(baseline)
    s = statistics.median(smtp_floor)
    print(f"baseline, assessments alone:  median {a:.2f} s ({args.cases / a:.0f} cases/s)")
    print(f"baseline, SMTP alone:         median {s:.2f} s ({args.cases / s:.0f} e-mails/s)")
    print(f"run / (assessments + SMTP):   {total / (a + s):.2f}x")
    assert received == expected, "the server did not receive every e-mail exactly once"


if __name__ == "__main__":
    main()
