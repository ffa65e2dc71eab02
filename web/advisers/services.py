"""Consent and assignment, each in one transaction with its line in the case's audit trail
(web.cases.audit), naming who made the change (`by`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from web.cases import audit
from web.cases.models import Case

from .models import Membership, Organisation, Share


def share(case: Case, organisation: Organisation, *, by: Any, contact: bool = False) -> Share:
    """The parent consents to the organisation seeing the case (sharing again changes nothing),
    and, with `contact`, to it seeing their e-mail address."""
    with transaction.atomic():
        existing = Share.objects.active().filter(case=case, organisation=organisation).first()
        if existing:
            return existing
        audit.changed(by, case, "who the case is shared with")
        return Share.objects.create(case=case, organisation=organisation, contact_shared=contact)


def revoke(share_row: Share, *, by: Any) -> None:
    """Consent withdrawn: from the next request, nobody in the organisation can open the case."""
    with transaction.atomic():
        revoked = Share.objects.filter(pk=share_row.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            audit.changed(by, share_row.case, "who the case is shared with")


def assign(share_row: Share, adviser: Membership, *, by: Any, note: str = "") -> bool:
    """Give the case to `adviser`; True when it was someone else's before (a hand-over, whose
    note and author, named as the audit trail names them, are kept on the share for the
    organisation). `by` is who gives it."""
    if adviser.organisation_id != share_row.organisation_id:
        raise ValueError("the adviser is not in the organisation the case is shared with")
    handover = share_row.adviser_id is not None and share_row.adviser_id != adviser.user_id
    fields: dict[str, object] = {"adviser_id": adviser.user_id}
    if handover:
        fields.update(
            handover_note=note,
            handed_over_by=audit.actor_label(by, share_row.case)[0],
            handed_over_at=timezone.now(),
        )
    with transaction.atomic():
        Share.objects.filter(pk=share_row.pk, revoked_at__isnull=True).update(**fields)
        audit.changed(by, share_row.case, "which adviser has the case")
    share_row.adviser_id = adviser.user_id
    return handover
