"""A scan being read by OCR on the queue, and a check saved with a case's document.

A visitor's plan is never stored, with one exception the page states: a scan (a PDF of page
images) must wait for the queue's worker, so its bytes are kept in the documents storage until
the worker has read them (then removed at once), and its result for an hour, reachable only from
the browser that uploaded it (a secret in its session). A case's plan is already stored with the
case; its check result is saved only when the parent asks.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from web.cases import documents
from web.cases.models import Case, Document

WAITING, READING, DONE, FAILED = "waiting", "reading", "done", "failed"
KEEP_VISITOR_RESULT = timedelta(hours=1)


class PlanScan(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner_key = models.CharField(max_length=64)
    """sha256 of the secret in the visitor's session (or of the user and case, for a case)."""
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    storage_name = models.CharField(max_length=64, blank=True)
    """A visitor's scan in the documents storage until the worker has read it; then empty."""
    status = models.CharField(max_length=10, default=WAITING)
    pages_done = models.PositiveIntegerField(default=0)
    pages_total = models.PositiveIntegerField(default=0)
    options = models.JSONField(default=dict)
    """kind, dated and today as the form gave them."""
    result = models.JSONField(null=True, blank=True)
    problem = models.CharField(max_length=300, blank=True)
    """Why it could not be read, in the words the person sees."""
    created_at = models.DateTimeField(default=timezone.now)

    @classmethod
    def remove_expired(cls) -> None:
        """A visitor's scans older than an hour, with their results."""
        for scan in cls.objects.filter(
            case__isnull=True, created_at__lt=timezone.now() - KEEP_VISITOR_RESULT
        ):
            scan.delete()


class SavedPlanCheck(models.Model):
    """A check of a plan saved to a case, kept with its document (deleted with it)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="plan_checks")
    result = models.JSONField()
    """The check-plan JSON contract (docs/plan-check-contract.md)."""
    kept = models.JSONField(default=list)
    """The keys of the findings the parent keeps for the representations letter."""
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_at", "-id"]


@receiver(post_delete, sender=PlanScan)
def _remove_scan(sender: Any, instance: PlanScan, **kwargs: Any) -> None:
    if instance.storage_name:
        name = instance.storage_name
        transaction.on_commit(lambda: documents.remove([name]))
