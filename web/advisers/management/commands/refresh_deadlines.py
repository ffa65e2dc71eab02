"""Rebuild every case's `next_deadline` cache from the engine.

Each write to a case keeps its cache up to date; run this after the engine or its content
changes (a new rule, bank holidays), or after restoring a database. Safe to run at any time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from web.cases.deadlines import refresh_cases
from web.cases.models import Case


class Command(BaseCommand):
    help = "Recompute the caseload cache (Case.next_deadline and its flags) for every case."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = Case.objects.order_by("pk").values_list("pk", flat=True)
        count = refresh_cases(ids)
        self.stdout.write(f"{count} cases refreshed")
