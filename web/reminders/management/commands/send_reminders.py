"""Send the deadline reminders due today, each exactly once (run it from cron or a timer).

Safe to run twice, or from two machines at once on PostgreSQL: see web/reminders/service.py
and docs/reminders.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from web.journey.clock import today as today_in_england
from web.reminders import service


class Command(BaseCommand):
    help = "Send the deadline reminders that are due (idempotent: safe to run twice)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="Act as if today were this date (YYYY-MM-DD); for trying things out.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or today_in_england()
        result = service.run(today)
        if result.locked_out:
            self.stdout.write("Another send_reminders is running; nothing done.")
            return
        self.stdout.write(
            f"{today.isoformat()}: {result.emails} e-mails, {result.sent} reminders sent, "
            f"{result.failed} failed (still pending), "
            f"{result.planned} planned, {result.revived} back to pending, "
            f"{result.cancelled} cancelled, {result.skipped} held by another worker; "
            f"advisers' digests: {result.digests_sent} sent, {result.digests_failed} failed"
            + (" (stopped early after repeated failures)" if result.stopped_early else "")
        )
