"""Reports for a service (issue 20): each case's statutory clocks as the engine last saw them,
the parent's separate consent to count their case's dates in public statistics, and the log
of every report an organisation admin produced.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from web.advisers.models import Organisation
from web.cases.models import Case


class CaseClock(models.Model):
    """One statutory clock of a case: when it was due and when, if ever, it was met.

    A cache of `send_redress.assess` (like `Case.next_deadline`), rewritten whenever the case's
    deadlines are (`web.reports.clocks`), so a report over thousands of cases reads rows instead
    of running the engine for each. Neither date depends on today; whether an unmet clock is
    missed does, so that is decided when a report is made.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clocks")
    clock = models.CharField(max_length=60)
    """The clock's id in deadlines.yaml, e.g. "ehc-plan-issue"."""
    whose = models.CharField(max_length=10)
    """parent, council or mediator, as deadlines.yaml says."""
    council = models.CharField(max_length=40)
    due = models.DateField()
    met_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "clock"], name="one_row_per_case_clock")
        ]
        indexes = [models.Index(fields=["council", "due"], name="caseclock_council_due")]

    def __str__(self) -> str:
        return f"{self.clock} of case {self.case_id}, due {self.due}"


class PublicConsentQuerySet(models.QuerySet["PublicConsent"]):
    def active(self) -> PublicConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class PublicConsent(models.Model):
    """The parent's agreement that the dates of their case count towards public statistics
    about their council (issue 20 item 3). Separate from sharing with an adviser. Withdrawing
    keeps the row (with `withdrawn_at`) as a record; the case leaves the next publication."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="public_consents")
    given_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = PublicConsentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_public_consent_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"Public statistics consent for case {self.case_id}"


class ReportLog(models.Model):
    """Every report an organisation admin produced: who, when, which period, which format.
    The organisation's audit trail for its reports (a report names no case, so it cannot go in
    a case's trail). Written by the app, never edited: a database trigger refuses UPDATE."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="report_logs"
    )
    at = models.DateTimeField(auto_now_add=True)
    actor_id = models.BigIntegerField(null=True)
    actor = models.CharField(max_length=300)
    start = models.DateField()
    end = models.DateField()
    format = models.CharField(max_length=10)
    """page, csv or xlsx."""

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.format} {self.start}..{self.end}"
