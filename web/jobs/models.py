"""A file the queue makes for a case (a chronology, an export), and where it is in storage."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from web.cases import documents
from web.cases.models import Case

KINDS = ("chronology.pdf", "chronology.docx", "export.zip")
PREPARING, READY, FAILED = "preparing", "ready", "failed"


class PreparedFile(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=[(k, k) for k in KINDS])
    version = models.CharField(max_length=64)
    """A digest of what the file is made from (web.jobs.files.version_of): a file made from the
    same case, unchanged, is reused; a change makes a new one."""
    status = models.CharField(
        max_length=10,
        default=PREPARING,
        choices=[(s, s) for s in (PREPARING, READY, FAILED)],
    )
    storage_name = models.CharField(max_length=64, blank=True)
    """Its name in the documents storage (under generated/); empty until it is ready."""
    size = models.PositiveBigIntegerField(null=True, blank=True)
    requested_at = models.DateTimeField()
    """When it was last asked for (again after a failure, or when a worker seemed lost)."""
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "version"], name="jobs_one_file_per_version"
            )
        ]


@receiver(post_delete, sender=PreparedFile)
def _remove_stored_file(sender: Any, instance: PreparedFile, **kwargs: Any) -> None:
    """Its bytes go once the deletion commits (a case deleted, or a newer file ready)."""
    if instance.storage_name:
        name = instance.storage_name
        transaction.on_commit(lambda: documents.remove([name]))
