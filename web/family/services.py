"""Sharing a case with a second parent or carer, each step in one transaction with its line
in the case's audit trail (web.cases.audit), naming who took it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from web.cases import audit
from web.cases.models import Case

from .models import Carer


def invite(case: Case, email: str, *, by: Any) -> Carer:
    """The owner invites an address. IntegrityError if it is invited already."""
    with transaction.atomic():
        carer = Carer.objects.create(case=case, email=email)
        audit.changed(by, case, f"invited {email}")
    return carer


def stop(carer: Carer, *, by: Any) -> None:
    """The owner stops sharing with an invited or agreed person."""
    with transaction.atomic():
        Carer.objects.filter(pk=carer.pk).update(ended_at=timezone.now())
        audit.changed(by, carer.case, f"stopped sharing with {carer.email}")


def agree(carer: Carer, *, user: Any) -> None:
    """The invited person, signed in with the address invited, agrees to see the case."""
    with transaction.atomic():
        Carer.objects.filter(pk=carer.pk).update(user=user, accepted_at=timezone.now())
        audit.changed(user, carer.case, "agreed to see the case")


def decline(carer: Carer) -> None:
    """The invited person says no: the invitation ends, and the case never opened to them."""
    Carer.objects.filter(pk=carer.pk).update(ended_at=timezone.now())


def leave(case: Case, *, user: Any) -> bool:
    """The second parent or carer stops seeing the case; False if they could not see it."""
    with transaction.atomic():
        ended = (
            Carer.objects.active()
            .filter(case=case, user_id=user.pk)
            .update(ended_at=timezone.now())
        )
        if ended:
            audit.changed(user, case, "whether they can see the case (stopped)")
    return bool(ended)
