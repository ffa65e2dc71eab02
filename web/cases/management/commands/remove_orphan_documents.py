"""Remove stored files (case documents, and the queue's files under generated/) that no row
points at, through the documents storage (a directory or a bucket).

A row points at a file through a field named `storage_name`, on any model of any app (a
document, a prepared chronology, a Tribunal bundle's PDF, a plan scan waiting for OCR): every
such model is asked, so an app that keeps files needs no entry here, and cases imports none
of the apps built on it.

A file is written before its row's transaction and removed after a deletion commits; a crash
between the two can leave a file behind. Files younger than --min-age-minutes (default 60) are
left alone, since an upload or a job may be mid-transaction. Run it daily from cron, e.g.
`python manage.py remove_orphan_documents`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models
from django.utils import timezone

from web.cases import documents

STORAGE_FIELD = "storage_name"


def models_with_files() -> list[type[models.Model]]:
    """Every installed model with a `storage_name` field: the rows that keep stored files."""
    return [
        model
        for model in apps.get_models()
        if any(field.name == STORAGE_FIELD for field in model._meta.get_fields())
    ]


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
        holders = models_with_files()
        for name in stored_names():
            if store.get_modified_time(name) > cutoff:
                continue
            known = any(
                model._default_manager.filter(**{STORAGE_FIELD: name}).exists() for model in holders
            )
            if not known:
                removed += 1
                if not options["dry_run"]:
                    store.delete(name)
        verb = "Would remove" if options["dry_run"] else "Removed"
        self.stdout.write(f"{verb} {removed} file(s)")
