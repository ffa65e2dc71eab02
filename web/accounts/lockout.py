"""Failed sign-ins (issue 12, finding 3): nobody can lock someone else out.

django-axes counts failures per account *and* client address together (AXES_LOCKOUT_PARAMETERS),
so five wrong passwords from one place lock that place out of that account only: the owner,
signing in from anywhere else, is not affected. Before the lock, each failure from the same
client makes it wait longer before the next try (1, 2, 4 seconds), without tying up a worker:
a try too soon is refused unchecked. When a lock starts, the owner gets a "was this you?"
e-mail with a link that lifts every lock on the account (one e-mail per account per lock
period, however many clients are locked).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

SLOW_DOWN_AFTER = 2
"""Failures (for one account from one client) before each further try must wait."""


def seconds_to_wait(request: HttpRequest, email: str) -> int:
    """How long this client must wait before its next try for this account (0: go ahead)."""
    attempt = (
        AccessAttempt.objects.filter(username=email, ip_address=get_client_ip_address(request))
        .order_by("-attempt_time")
        .first()
    )
    if attempt is None or attempt.failures_since_start < SLOW_DOWN_AFTER:
        return 0
    if attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT:
        return 0  # locked: django-axes answers with the "too many tries" page
    wait = timedelta(seconds=2 ** (attempt.failures_since_start - SLOW_DOWN_AFTER))
    left = attempt.attempt_time + wait - timezone.now()
    return max(0, int(left.total_seconds() + 0.999))


def on_lock(sender: Any, request: HttpRequest, username: str | None, **kwargs: Any) -> None:
    """django-axes' user_locked_out signal: tell the owner, once, when a lock starts."""
    from . import emails
    from .models import User

    if not username or getattr(request, "axes_failures_since_start", 0) != (
        settings.AXES_FAILURE_LIMIT
    ):
        return  # not the failure that started this lock
    cool_off = get_cool_off(request) or timedelta(minutes=15)
    locks = AccessAttempt.objects.filter(
        username=username,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - cool_off,
    )
    if locks.count() > 1:
        return  # the owner has been told about this lock period already
    user = User.objects.filter(email=username, is_active=True).first()
    if user is not None:
        emails.send_lock_notice(request, user)


def unlock(user: Any) -> None:
    """Lift every lock and slow-down on the account, from every client."""
    AccessAttempt.objects.filter(username=user.email).delete()
