"""`manage.py worker`: django-tasks-db's `db_worker`, on every queue (e-mail and files), after
warming WeasyPrint (web/jobs/warm.py). Run as many as you like, on any machine that reaches the
database: each job is claimed by one worker (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL;
on SQLite, one write transaction at a time). Every option of db_worker works here."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from web.jobs.warm import warm_pdf


class Command(DBWorkerCommand):
    help = "Run queued jobs (e-mail, chronologies, exports), after loading the PDF fonts."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)
        parser.add_argument("--no-warm", action="store_false", dest="warm")

    def handle(self, *args: Any, **options: Any) -> None:
        # Popped, not a keyword parameter: db_worker's handle types its **options as dicts.
        if options.pop("warm", True):
            seconds = warm_pdf()
            if options["verbosity"] >= 1:
                self.stdout.write(f"PDF fonts loaded in {seconds:.2f} s")
        super().handle(*args, **options)
