"""A parent's case file: the child, the concern, and a timeline of events with documents.

Deadlines are never stored: `web.cases.deadlines.assessment_for(case)` derives them from the
events with the engine on every view. Who may see or change a case is decided in one place,
`web.cases.access`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible

from send_redress import load_content, long_date

NOTE = "note"
"""A free-text note on the timeline: not one of the engine's events, so it starts no clock."""


@deconstructible
class InRegistry:
    """A value must be an id in the core's registry (concerns, events or settings). The field
    keeps a free string, so a new entry in the registry needs no migration."""

    def __init__(self, registry: str, *also: str) -> None:
        self.registry = registry
        self.also = also

    def __call__(self, value: str) -> None:
        if value not in getattr(load_content(), self.registry) and value not in self.also:
            raise ValidationError(f"unknown {self.registry[:-1]} {value!r}", code="invalid")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InRegistry) and (self.registry, self.also) == (
            other.registry,
            other.also,
        )


class Case(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cases"
    )
    child_name = models.CharField(max_length=100)
    child_date_of_birth = models.DateField()
    setting = models.CharField(max_length=40, validators=[InRegistry("settings")])
    council = models.CharField(max_length=40)
    concern = models.CharField(max_length=40, validators=[InRegistry("concerns")])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    """When the parent closed the case (issue 7: reminders stop); null while it is open."""
    calendar_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    """SHA-256 of the private calendar feed token; empty when there is no feed."""
    next_deadline = models.DateField(null=True, blank=True)
    """A cache for sorting caseloads (issue 6): the earliest due date among the engine's
    deadlines not yet met, past or future; null when none. `deadlines.refresh_next_deadline`
    rewrites it in the transaction that changes the events; `manage.py refresh_deadlines`
    rebuilds it. Never shown as a deadline: pages still ask `assessment_for`."""
    next_deadline_kind = models.CharField(max_length=40, blank=True)
    """The id of that deadline (e.g. "tribunal-appeal")."""

    class Meta:
        ordering = ["-updated_at"]
        # The caseload's ORDER BY next_deadline, id LIMIT 51: walked in index order instead of
        # sorting every shared case (EXPLAIN in docs/advisers-caseload.md).
        indexes = [models.Index(fields=["next_deadline", "id"], name="case_next_deadline")]

    def __str__(self) -> str:
        return f"Case {self.public_id}"

    @property
    def concern_label(self) -> str:
        return load_content().concerns[self.concern].label

    @property
    def setting_label(self) -> str:
        return load_content().settings[self.setting].label


class Event(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40, validators=[InRegistry("events", NOTE)])
    date = models.DateField()
    who = models.CharField(max_length=200, blank=True)
    what = models.TextField(max_length=5000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    """Who added it (issue 6: an adviser's notes are marked as such)."""
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["case", "date"])]

    @property
    def label(self) -> str:
        if self.kind == NOTE:
            return "Note"
        return load_content().events[self.kind].label


class Document(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    title = models.CharField(max_length=150)
    """What the parent calls it ("Decision letter"); the file's checked name when they gave
    none (never used as a path)."""
    dated = models.DateField(null=True, blank=True)
    """The date written on the document (issue 15: the chronology lists "D2: Decision letter,
    11 December 2026"); null when the parent has not given it."""
    kind = models.CharField(max_length=10)
    """What the content is: pdf, docx, png or jpeg (found from the bytes, not the name)."""
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(null=True, blank=True)
    """Page count where it can be known (PDF: counted; image: 1; DOCX: as Word saved it)."""
    storage_name = models.CharField(max_length=64, unique=True)
    """A random name under CASES_DOCUMENT_ROOT."""
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    @property
    def description(self) -> str:
        """The title and the date on it, for lists and the chronology: "Decision letter,
        11 December 2026", or the title alone when the date is not known."""
        return f"{self.title}, {long_date(self.dated)}" if self.dated else self.title
