"""A case shared with a second parent or carer (issue 15 item 15), apart from sharing with an
adviser's organisation (web.advisers.Share).

The parent who owns the case invites one e-mail address. The person at that address sees the
case only after they sign in with that address (confirmed) and agree, so both give consent.
Either side can end it: the owner revokes, the carer leaves. A revoked or declined invitation
keeps its row (`ended_at`) as a record; every step is in the case's audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from web.cases.models import Case


class CarerQuerySet(models.QuerySet["Carer"]):
    def active(self) -> CarerQuerySet:
        """Invitations accepted and not ended: these people may see the case."""
        return self.filter(accepted_at__isnull=False, ended_at__isnull=True)

    def open(self) -> CarerQuerySet:
        """Invitations not ended (waiting for an answer, or accepted)."""
        return self.filter(ended_at__isnull=True)


class Carer(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="carers")
    email = models.EmailField(max_length=254)
    """The address the owner invited; only an account with this address (confirmed) accepts."""
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    """SHA-256 of the invitation link's token, set by the job that sends the e-mail."""
    invited_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cases_as_carer",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = CarerQuerySet.as_manager()

    class Meta:
        ordering = ["-invited_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "email"],
                condition=Q(ended_at__isnull=True),
                name="one_open_invitation_per_case_and_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} shared with a second parent or carer"
