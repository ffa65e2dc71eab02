"""Build a large caseload for bench/caseload.py: by default 10,000 shared cases and 200,000
events in one organisation, with bulk inserts (about a minute on PostgreSQL).

    SEND_REDRESS_DATABASE=$(scripts/postgres url) .venv/bin/python manage.py build_caseload_bench

Never run by `make test`; tests/advisers/test_advisers_bulk.py runs the same code on 40 cases.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from web.advisers.bulk import build_caseload
from web.advisers.models import Organisation
from web.journey.clock import today


class Command(BaseCommand):
    help = "Build an organisation with a large caseload (benchmark data; not for production)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--organisation", default="Bench SENDIASS")
        parser.add_argument("--cases", type=int, default=10_000)
        parser.add_argument("--events", type=int, default=200_000)
        parser.add_argument("--advisers", type=int, default=20)
        parser.add_argument("--seed", type=int, default=6)

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["organisation"]
        if Organisation.objects.filter(name=name).exists():
            raise CommandError(f"{name!r} exists already: it was built before")
        build_caseload(
            organisation=name,
            cases=options["cases"],
            events=options["events"],
            advisers=options["advisers"],
            today=today(),
            seed=options["seed"],
            say=self.stdout.write,
        )
