"""Rebuild every case's clock rows (web.reports.clocks) from the engine, e.g. after a change
to deadlines.yaml moved due dates. Reports read those rows."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from web.cases.models import Case
from web.reports.clocks import rebuild


class Command(BaseCommand):
    help = "Recompute each case's statutory clocks for the reports."

    def handle(self, *args: Any, **options: Any) -> None:
        done = rebuild(Case.objects.values_list("pk", flat=True))
        self.stdout.write(f"{done} cases")
