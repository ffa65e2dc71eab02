"""Remove stored files (case documents, and the queue's files under generated/) that no row
points at, through the documents storage (a directory or a bucket).

A file is written before its row's transaction and removed after a deletion commits; a crash
between the two can leave a file behind. Files younger than --min-age-minutes (default 60) are
left alone, since an upload or a job may be mid-transaction. Run it daily from cron, e.g.
`python manage.py remove_orphan_documents`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from web.cases import documents
from web.cases.models import Document
from web.jobs.models import PreparedFile


def stored_names() -> list[str]:
    store = documents.storage()
    found: list[str] = []
    for folder in ("", documents.GENERATED):
        if folder and not store.exists(folder.rstrip("/")):
            continue
        try:
            _, files = store.listdir(folder)
        except FileNotFoundError:
            continue
        found += [folder + name for name in files]
    return found


class Command(BaseCommand):
    help = "Remove stored document files that no case refers to."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--min-age-minutes", type=int, default=60)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        store = documents.storage()
        cutoff = timezone.now() - timedelta(minutes=options["min_age_minutes"])
        removed = 0
        for name in stored_names():
            if store.get_modified_time(name) > cutoff:
                continue
            known = (
                Document.objects.filter(storage_name=name).exists()
                or PreparedFile.objects.filter(storage_name=name).exists()
            )
            if not known:
                removed += 1
                if not options["dry_run"]:
                    store.delete(name)
        verb = "Would remove" if options["dry_run"] else "Removed"
        self.stdout.write(f"{verb} {removed} file(s)")
