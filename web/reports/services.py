"""The parent's consent to count in public statistics: given or withdrawn in one statement,
with its line in the case's audit trail (web.cases.audit)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from web.cases import audit
from web.cases.models import Case

from .models import PublicConsent

WHAT = "whether the case counts in public statistics"


def give_public_consent(case: Case, *, by: Any) -> PublicConsent:
    """Agreeing again changes nothing."""
    existing = PublicConsent.objects.active().filter(case=case).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            consent = PublicConsent.objects.create(case=case)
            audit.changed(by, case, WHAT)
            return consent
    except IntegrityError:  # a second tab agreed at the same moment
        return PublicConsent.objects.active().get(case=case)


def withdraw_public_consent(case: Case, *, by: Any) -> None:
    """From the next publication (every page and CSV is made on request), the case is out."""
    with transaction.atomic():
        active = PublicConsent.objects.active().filter(case=case)
        if active.update(withdrawn_at=timezone.now()):
            audit.changed(by, case, WHAT)
