"""The parent's consent to count in public statistics: given or withdrawn in one statement."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from web.cases.models import Case

from .models import PublicConsent


def give_public_consent(case: Case) -> PublicConsent:
    """Agreeing again changes nothing."""
    existing = PublicConsent.objects.active().filter(case=case).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return PublicConsent.objects.create(case=case)
    except IntegrityError:  # a second tab agreed at the same moment
        return PublicConsent.objects.active().get(case=case)


def withdraw_public_consent(case: Case) -> None:
    """From the next publication (every page and CSV is made on request), the case is out."""
    PublicConsent.objects.active().filter(case=case).update(withdrawn_at=timezone.now())
