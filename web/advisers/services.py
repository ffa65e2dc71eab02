"""Consent and assignment, each in one transaction. Their audit entries come from
`web.cases.views.case_view`, like every other change to a case (one entry per request)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from web.cases.models import Case

from .models import Membership, Organisation, Share


def share(case: Case, organisation: Organisation) -> Share:
    """The parent consents to the organisation seeing the case (sharing again changes nothing)."""
    with transaction.atomic():
        existing = Share.objects.active().filter(case=case, organisation=organisation).first()
        return existing or Share.objects.create(case=case, organisation=organisation)


def revoke(share_row: Share) -> None:
    """Consent withdrawn: from the next request, nobody in the organisation can open the case."""
    Share.objects.filter(pk=share_row.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def assign(share_row: Share, adviser: Membership) -> None:
    if adviser.organisation_id != share_row.organisation_id:
        raise ValueError("the adviser is not in the organisation the case is shared with")
    Share.objects.filter(pk=share_row.pk, revoked_at__isnull=True).update(
        adviser_id=adviser.user_id
    )
