"""Remove files in CASES_DOCUMENT_ROOT that no Document row points at.

A file is written before its row's transaction and removed after a deletion commits; a crash
between the two can leave a file behind. Files younger than --min-age-minutes (default 60) are
left alone, since an upload may be mid-transaction. Run it daily from cron, e.g.
`python manage.py remove_orphan_documents`.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from web.cases import documents
from web.cases.models import Document


class Command(BaseCommand):
    help = "Remove stored document files that no case refers to."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--min-age-minutes", type=int, default=60)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = time.time() - options["min_age_minutes"] * 60
        removed = 0
        for path in documents.root().iterdir():
            if not path.is_file() or path.stat().st_mtime > cutoff:
                continue
            name = path.name.removesuffix(".partial")
            if (
                path.name.endswith(".partial")
                or not Document.objects.filter(storage_name=name).exists()
            ):
                removed += 1
                if not options["dry_run"]:
                    path.unlink(missing_ok=True)
        verb = "Would remove" if options["dry_run"] else "Removed"
        self.stdout.write(f"{verb} {removed} file(s)")
