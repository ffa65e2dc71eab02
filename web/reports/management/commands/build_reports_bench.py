"""Build a large service for bench/reports.py: by default 10,000 shared cases with 100,000
events, and 100,000 contacts, in one organisation (bulk inserts; a minute or two on
PostgreSQL).

    SEND_REDRESS_DATABASE=$(scripts/postgres url) .venv/bin/python manage.py build_reports_bench

Never run by `make test`; tests/reports/test_reports_bulk.py runs the same code on 40 cases.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from web.advisers.models import Organisation
from web.journey.clock import today
from web.reports.bulk import build_service


class Command(BaseCommand):
    help = (
        "Build an organisation with many cases and contacts (benchmark data; not for production)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--organisation", default="Reports Bench SENDIASS")
        parser.add_argument("--cases", type=int, default=10_000)
        parser.add_argument("--events", type=int, default=100_000)
        parser.add_argument("--contacts", type=int, default=100_000)
        parser.add_argument("--advisers", type=int, default=20)
        parser.add_argument("--seed", type=int, default=20)

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["organisation"]
        if Organisation.objects.filter(name=name).exists():
            raise CommandError(f"{name!r} exists already: it was built before")
        build_service(
            organisation=name,
            cases=options["cases"],
            events=options["events"],
            contacts=options["contacts"],
            advisers=options["advisers"],
            today=today(),
            seed=options["seed"],
            say=self.stdout.write,
        )
