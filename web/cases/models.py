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
    # The caseload's cache of `send_redress.focus` (issue 18), so that 10,000 cases sort,
    # count and filter in SQL. `deadlines.refresh_next_deadline` rewrites it in the transaction
    # that changes the events, the details or a deadline's mark. Due dates do not depend on
    # today, and the focus changes only when a day passes `next_deadline`, so a row is stale
    # exactly when `next_deadline` < today: `deadlines.refresh_stale` puts those right before
    # a caseload or digest reads them. Pages about one case still ask the engine.
    next_deadline = models.DateField(null=True, blank=True)
    """The nearest deadline still to come (today included) as of the last refresh; null when
    nothing is to come."""
    next_deadline_kind = models.CharField(max_length=40, blank=True)
    """The id of that deadline (e.g. "tribunal-appeal")."""
    next_deadline_family = models.BooleanField(default=False)
    """That deadline is the family's own (on the same day, the family's sorts first)."""
    family_passed_on = models.DateField(null=True, blank=True)
    """The newest of the family's own deadlines that passed unmet: check it was done."""
    family_passed_kind = models.CharField(max_length=40, blank=True)
    council_late_since = models.DateField(null=True, blank=True)
    """The oldest council (or mediator) duty past its date and not done: push for it."""
    council_late_kind = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        # The caseload's ORDER BY next_deadline, next_deadline_family DESC, id LIMIT 51: walked in index order instead of
        # sorting every shared case (EXPLAIN in docs/advisers-caseload.md).
        indexes = [
            models.Index(
                fields=["next_deadline", "-next_deadline_family", "id"], name="case_next_deadline"
            ),
            # The caseload's other sorts: council late longest, family deadline passed last.
            models.Index(fields=["council_late_since", "id"], name="case_council_late"),
            models.Index(fields=["-family_passed_on", "id"], name="case_family_passed"),
        ]

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


DEALT_WITH = "dealt-with"
NOT_APPLICABLE = "not-applicable"


class DeadlineMark(models.Model):
    """A person says one deadline needs no more action (issue 18): it was dealt with, or it
    does not apply, and why. It holds for that due date only: if new events move the deadline,
    the new date counts again. Shown to the parent with who marked it."""

    STATES = [(DEALT_WITH, "Dealt with"), (NOT_APPLICABLE, "Not applicable")]
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadline_marks")
    deadline_id = models.CharField(max_length=40)
    due = models.DateField()
    state = models.CharField(max_length=20, choices=STATES)
    reason = models.CharField(max_length=500)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_label = models.CharField(max_length=300)
    """Who marked it, as the audit trail names them (copied, like the trail's entries)."""
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "deadline_id", "due"], name="one_mark_per_deadline_date"
            )
        ]


VIEW = "view"
CHANGE = "change"


class AuditEntry(models.Model):
    """Who looked at or changed a case, when and what. Written by the services that read or
    change a case (web.cases.audit), never edited.

    No foreign key to the person: their name and role are copied, so the entry stays as it
    was if their account changes or goes. A database trigger refuses any UPDATE.
    """

    ACTIONS = [(VIEW, "Looked at"), (CHANGE, "Changed")]
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="audit_entries")
    at = models.DateTimeField(auto_now_add=True)
    actor_id = models.BigIntegerField(null=True)
    actor = models.CharField(max_length=300)
    """E.g. "alex@bedford.example (adviser, Bedford SENDIASS)" or "the parent"."""
    is_owner = models.BooleanField(default=False)
    action = models.CharField(max_length=10, choices=ACTIONS)
    what = models.CharField(max_length=200)

    class Meta:
        db_table = "advisers_auditentry"  # made by web.advisers, whose migration guards it
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at"], name="audit_case_at")]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.what}"
