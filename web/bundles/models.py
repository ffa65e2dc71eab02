"""A case's Tribunal bundle (issue 17): which of its documents go in each part, in what order,
with what title and date, and the PDFs made from it on the queue."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from send_redress.page_budget import load_limits
from web.cases import documents
from web.cases.models import Case, Document

PREPARING, READY, FAILED = "preparing", "ready", "failed"


def part_choices() -> list[tuple[str, str]]:
    """The parts a parent puts documents in (the chronology is made, not chosen)."""
    return [(p.id, p.label) for p in load_limits().parts if p.id != "chronology"]


class Bundle(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="bundle")
    include_chronology = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)


class BundleItem(models.Model):
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    part = models.CharField(max_length=30)
    position = models.PositiveIntegerField()
    """Its place within its part: 1 first."""
    title = models.CharField(max_length=150)
    """What the index calls it; the case file's title when it was added."""
    dated = models.DateField(null=True, blank=True)
    """The date the index gives it; the case file's date on the document when it was added."""

    class Meta:
        ordering = ["part", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "document"], name="bundles_document_once")
        ]


class BundleBuild(models.Model):
    """One PDF made from the bundle as it was when asked for."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="builds")
    status = models.CharField(
        max_length=10, default=PREPARING, choices=[(s, s) for s in (PREPARING, READY, FAILED)]
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    """Progress: documents made ready so far, of how many (and one step for writing)."""
    pages = models.PositiveIntegerField(null=True, blank=True)
    problems = models.JSONField(default=list, blank=True)
    """Documents left out, each {"title", "message"}: shown to the parent, never a 500."""
    index = models.JSONField(default=list, blank=True)
    """The index as made: {"part", "title", "dated", "first", "last"} for each document."""
    storage_name = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    requested_at = models.DateTimeField()
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]


@receiver(post_delete, sender=BundleBuild)
def _remove_stored_file(sender: Any, instance: BundleBuild, **kwargs: Any) -> None:
    if instance.storage_name:
        name = instance.storage_name
        transaction.on_commit(lambda: documents.remove([name]))
