"""Every decision about who may see or change a case, in one place.

The parent who owns a case may see and change it. An adviser may see it (and add notes) while
the parent's consent to their organisation stands and the organisation admin has assigned the
case to them; that organisation's admin may see it too. A second parent or carer the parent invited may see
it once they agree (web.family). Advisers and organisation admins count
only once signed in with their second factor. Nobody else, site admins included. Every view
asks `case_for(user, ...)`, on every request, so a revoked consent ends access at the next one.

The facts it reads belong to the apps built on cases (web.advisers' Share and Membership,
web.family's Carer); it reads them through their relations' names (`case.shares`,
`user.membership`, `case.carers`) so that cases imports neither of them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from .audit import membership_of
from .models import Case


def _owns(user: Any, case: Case) -> bool:
    return bool(user.is_authenticated and user.is_active and case.owner_id == user.pk)


def adviser_membership(user: Any) -> Any:
    """The adviser's membership, if this is an active adviser signed in with two factors."""
    if not (user.is_authenticated and user.is_active):
        return None
    if user.is_staff or user.is_superuser:
        return None  # site staff are never advisers, whatever rows exist (issue 12)
    verified = getattr(user, "is_verified", None)
    if verified is None or not verified():
        return None
    return membership_of(user)


def shared_cases(user: Any) -> QuerySet[Case]:
    """The cases shared (consent not revoked) with this adviser's organisation: those
    assigned to them, or all of them for the organisation's admin. Empty for anyone else."""
    membership = adviser_membership(user)
    if membership is None:
        return Case.objects.none()
    shares = Q(shares__organisation_id=membership.organisation_id, shares__revoked_at__isnull=True)
    if not membership.is_admin:
        shares &= Q(shares__adviser_id=user.pk)
    return Case.objects.filter(shares)


def is_carer(user: Any, case: Case) -> bool:
    """A second parent or carer the owner invited, who agreed, while neither has ended it
    (issue 15; web.family). They see the case; they do not change it."""
    if not (user.is_authenticated and user.is_active and getattr(user, "email_verified", False)):
        return False
    return case.carers.active().filter(user_id=user.pk).exists()


def can_view(user: Any, case: Case) -> bool:
    return (
        _owns(user, case) or shared_cases(user).filter(pk=case.pk).exists() or is_carer(user, case)
    )


def can_change(user: Any, case: Case) -> bool:
    """Only the parent changes the case itself (details, events, documents, sharing)."""
    return _owns(user, case)


def can_add_note(user: Any, case: Case) -> bool:
    """The parent, or the adviser the case is assigned to (not the organisation admin)."""
    return can_act_for_family(user, case)


def can_act_for_family(user: Any, case: Case) -> bool:
    """Who may act for the family with their consent (issue 18): record an event, draft a
    letter, mark a deadline dealt with. The parent, or the adviser the case is assigned to
    while consent stands; not a colleague, not the organisation admin."""
    if _owns(user, case):
        return True
    membership = adviser_membership(user)
    return bool(
        membership is not None
        and not membership.is_admin
        and shared_cases(user).filter(pk=case.pk).exists()
    )


def can_assign(user: Any, case: Case) -> bool:
    """The admin of an organisation the case is shared with (consent not revoked)."""
    membership = adviser_membership(user)
    return bool(
        membership is not None
        and membership.is_admin
        and shared_cases(user).filter(pk=case.pk).exists()
    )


def visible_cases(user: Any) -> QuerySet[Case]:
    """The cases this person may open as a parent (their own)."""
    if not user.is_authenticated:
        return Case.objects.none()
    return Case.objects.filter(owner_id=user.pk)


def case_for(user: Any, public_id: Any, *, change: bool = False, act: bool = False) -> Case:
    """The case, or 404 for a case that does not exist or that this person may not use:
    `change` for the parent only, `act` for the parent or the adviser acting for them.

    A 404 (not 403) so that nobody learns whether someone else's case exists.
    """
    case = Case.objects.filter(public_id=public_id).first()
    if case is None:
        raise Http404
    if act:
        allowed = can_act_for_family(user, case)
    else:
        allowed = can_change(user, case) if change else can_view(user, case)
    if not allowed:
        raise Http404
    return case


def case_for_feed(token_hash: str) -> Case | None:
    """The case whose private calendar feed has this token (hashed), if its owner is active."""
    if not token_hash:
        return None
    return (
        Case.objects.filter(calendar_token_hash=token_hash, owner__is_active=True)
        .only("id", "concern", "council", "setting")
        .first()
    )
