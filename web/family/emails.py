"""The invitation e-mail, sent from a queued job (as web.accounts.emails): the worker makes the
one-time token and stores only its hash, so no token sits in the queue's table or the logs."""

from __future__ import annotations

import hashlib
import secrets

from django.core.mail import send_mail
from django.urls import reverse

from web.common.retry import retried


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@retried()
def send_invitation(carer_id: int, base: str) -> None:
    """Nothing is sent for an invitation ended since (revoked before the job ran)."""
    from .models import Carer

    carer = Carer.objects.filter(pk=carer_id).select_related("case").first()
    if carer is None or carer.ended_at is not None or carer.accepted_at is not None:
        return
    token = secrets.token_urlsafe(32)
    Carer.objects.filter(pk=carer.pk).update(token_hash=token_hash(token))
    link = base + reverse("family:accept", args=[token])
    send_mail(
        "You have been invited to see a case on SEND Redress",
        "A parent has invited you, as a second parent or carer, to see the case they keep on "
        "SEND Redress about their child's special educational needs.\n\n"
        "To see it, sign in (or make an account) with this e-mail address, then open this link "
        f"and say whether you agree:\n\n{link}\n\n"
        "You will see the dates, the timeline and the documents. You will not be able to change "
        "them. You or the parent can stop this at any time.\n\n"
        "SEND Redress\nIf you do not know who sent this, you can ignore this e-mail.",
        None,
        [carer.email],
    )
