"""Consent and assignment, each in one transaction. Their audit entries come from
`web.cases.views.case_view`, like every other change to a case (one entry per request)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from web.cases.models import Case

from .models import Membership, Organisation, Share


def share(case: Case, organisation: Organisation, *, contact: bool = False) -> Share:
    """The parent consents to the organisation seeing the case (sharing again changes nothing),
    and, with `contact`, to it seeing their e-mail address."""
    with transaction.atomic():
        existing = Share.objects.active().filter(case=case, organisation=organisation).first()
        return existing or Share.objects.create(
            case=case, organisation=organisation, contact_shared=contact
        )


def revoke(share_row: Share) -> None:
    """Consent withdrawn: from the next request, nobody in the organisation can open the case."""
    Share.objects.filter(pk=share_row.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def assign(share_row: Share, adviser: Membership, *, note: str = "", by: str = "") -> bool:
    """Give the case to `adviser`; True when it was someone else's before (a hand-over, whose
    note and author are kept on the share for the organisation)."""
    if adviser.organisation_id != share_row.organisation_id:
        raise ValueError("the adviser is not in the organisation the case is shared with")
    handover = share_row.adviser_id is not None and share_row.adviser_id != adviser.user_id
    fields: dict[str, object] = {"adviser_id": adviser.user_id}
    if handover:
        fields.update(handover_note=note, handed_over_by=by, handed_over_at=timezone.now())
    Share.objects.filter(pk=share_row.pk, revoked_at__isnull=True).update(**fields)
    share_row.adviser_id = adviser.user_id
    return handover
