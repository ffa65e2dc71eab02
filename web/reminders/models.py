"""Deadline reminders (issue 7): one row per e-mail we mean to send, and each person's choices.

A reminder is keyed on (case, deadline id, due date, days before): deadlines are never stored
(`web.cases.deadlines.assessment_for` derives them), so when an event changes and a deadline
moves, the new date is a new key and the old pending row is cancelled. The unique constraint
is what makes a reminder impossible to send twice: two workers planning at once insert the same
key, and one of the inserts is ignored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from web.accounts.models import User

DEFAULT_DAYS_BEFORE = (14, 7, 2, 0)
"""When to remind: 14, 7 and 2 days before, and on the day."""

DAYS_BEFORE_CHOICES = (28, 14, 7, 2, 1, 0)


def default_days_before() -> list[int]:
    return list(DEFAULT_DAYS_BEFORE)


class Preferences(models.Model):
    """What a person wants by e-mail. No row means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reminder_preferences",
    )
    deadline_reminders = models.BooleanField(default=True)
    days_before = models.JSONField(default=default_days_before)
    """Days before a deadline to send a reminder, from DAYS_BEFORE_CHOICES (0: on the day)."""
    include_child_name = models.BooleanField(default=True)
    """Put the child's first name in reminders (nothing else about the child ever is)."""
    adviser_digest = models.BooleanField(default=True)
    """Advisers: the daily digest of their caseload's deadlines."""
    updated_at = models.DateTimeField(auto_now=True)

    def offsets(self) -> list[int]:
        return sorted({int(d) for d in self.days_before if int(d) in DAYS_BEFORE_CHOICES})


def preferences_for(user: User) -> Preferences:
    """The saved preferences, or the defaults (unsaved) when there are none."""
    try:
        return Preferences.objects.get(user=user)
    except Preferences.DoesNotExist:
        return Preferences(user=user)


PENDING = "pending"
SENT = "sent"
CANCELLED = "cancelled"
STATUSES = [(PENDING, "Pending"), (SENT, "Sent"), (CANCELLED, "Cancelled")]


class Outgoing(models.Model):
    """An e-mail we mean to send once (issue 11: one outbox): pending until the backend accepts
    it (sent) or it is no longer wanted (cancelled). `web.reminders.outbox` claims, sends and
    records these rows for every kind."""

    PENDING = PENDING
    SENT = SENT
    CANCELLED = CANCELLED
    STATUSES = STATUSES

    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    """The last delivery failure: an exception class and code, never an address or a name."""
    cancel_reason = models.CharField(max_length=20, blank=True)
    provider_id = models.CharField(max_length=200, blank=True)
    """The Message-ID we sent, or GOV.UK Notify's notification id."""
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Reminder(Outgoing):
    """One deadline reminder; cancel_reason: closed, met, moved, passed, gone, superseded,
    unsubscribed or no-address."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    deadline_id = models.CharField(max_length=40)
    due = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    send_on = models.DateField()
    """due - days_before: the first day it may be sent."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "deadline_id", "due", "days_before"], name="reminder_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["send_on", "id"],
                name="reminder_pending",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"Reminder {self.pk} ({self.deadline_id}, {self.days_before} days, {self.status})"


class Digest(Outgoing):
    """An adviser's daily digest: one row per person per day, sent at most once.

    The same outbox as a reminder: the (user, day) constraint makes the row once, the sender
    claims it with SKIP LOCKED and marks it sent only when the backend accepted the e-mail.
    cancel_reason: nothing-due, unsubscribed, no-address, stale or not-an-adviser.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    cases = models.PositiveIntegerField(default=0)
    """How many cases it listed (set when sent)."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]
        indexes = [
            models.Index(
                fields=["day"], name="digest_pending", condition=models.Q(status="pending")
            )
        ]
