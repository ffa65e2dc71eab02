"""E-mails about sharing (issue 18): to the organisation's admins when a family shares a case,
and on a hand-over, to the family (who their adviser is now) and to the new adviser. Sent from
a queued job (web/jobs), never inside the request, like the accounts' e-mails. No child is
named and no note is quoted: each names the case by its caseload reference and links to it."""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.http import HttpRequest
from django.urls import reverse

from web.common.retry import retried

SIGN_OFF = "\n\nSEND Redress"


def base_of(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def shared(request: HttpRequest, share: Any) -> None:
    send_sharing_email.enqueue("shared", share.pk, base_of(request))


def handed_over(request: HttpRequest, share: Any) -> None:
    send_sharing_email.enqueue("handed-over", share.pk, base_of(request))


def _messages(which: str, share: Any, base: str) -> list[tuple[str, str, list[str]]]:
    from .caseload import case_ref
    from .models import ORG_ADMIN, Membership

    ref = case_ref(share.case.public_id)
    link = base + reverse("advisers:case", args=[share.case.public_id])
    organisation = share.organisation.name
    if which == "shared":
        admins = Membership.objects.filter(
            organisation=share.organisation,
            role=ORG_ADMIN,
            user__is_active=True,
            user__email_verified=True,
        ).values_list("user__email", flat=True)
        body = (
            f"A family has shared a case with {organisation}. Its reference is {ref}.\n\n"
            f"Sign in to give it to an adviser:\n{link}"
        )
        return [(f"A family shared case {ref} with {organisation}", body, list(admins))]
    adviser = share.adviser
    if adviser is None:
        return []
    member = getattr(adviser, "membership", None)
    name = (member.display_name if member else "") or adviser.email
    family = (
        f"Your adviser at {organisation} is now {name}.\n\n"
        f"You can see who has looked at your case, and stop sharing it, from your case:\n"
        f"{base}{reverse('cases:dashboard', args=[share.case.public_id])}"
    )
    owner = share.case.owner
    to_family = [owner.email] if owner.is_active and owner.email_verified else []
    to_adviser = (
        f"{share.handed_over_by or 'Your organisation'} has handed case {ref} to you. "
        f"There may be a hand-over note on the case page:\n{link}"
    )
    return [
        (f"Your adviser at {organisation}", family, to_family),
        (f"Case {ref} is now yours", to_adviser, [adviser.email] if adviser.is_active else []),
    ]


@retried()
def send_sharing_email(which: str, share_id: int, base: str) -> None:
    """Nothing is sent for a share revoked or deleted since."""
    from .models import Share

    share = (
        Share.objects.filter(pk=share_id, revoked_at=None)
        .select_related("case__owner", "organisation", "adviser__membership")
        .first()
    )
    if share is None:
        return
    for subject, body, to in _messages(which, share, base):
        if to:
            send_mail(subject, body + SIGN_OFF, None, to)
