"""Every decision about who may see or change a case, in one place.

Today only the parent who owns a case may do either. Issue 6 (advisers with consent) changes
these functions and nothing else: every view asks `case_for(request, ...)`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from .models import Case


def can_view(user: Any, case: Case) -> bool:
    return bool(user.is_authenticated and user.is_active and case.owner_id == user.pk)


def can_change(user: Any, case: Case) -> bool:
    return bool(user.is_authenticated and user.is_active and case.owner_id == user.pk)


def visible_cases(user: Any) -> QuerySet[Case]:
    """The cases this person may open (their own)."""
    if not user.is_authenticated:
        return Case.objects.none()
    return Case.objects.filter(owner_id=user.pk)


def case_for(user: Any, public_id: Any, *, change: bool = False) -> Case:
    """The case, or 404 for a case that does not exist or that this person may not use.

    A 404 (not 403) so that nobody learns whether someone else's case exists.
    """
    case = Case.objects.filter(public_id=public_id).first()
    if case is None:
        raise Http404
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
