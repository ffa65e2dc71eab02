"""Sign-in history: django-axes' records of sign-ins (AccessLog) and failed tries
(AccessAttempt, AccessFailureLog) hold an address, a device's IP address and its browser.
Kept SIGN_IN_HISTORY_DAYS, as the privacy page says, and deleted with the account (issue 12).

Old records go whenever someone signs in (one indexed DELETE per table), so no timer is needed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone


def forget_old() -> None:
    cutoff = timezone.now() - timedelta(days=settings.SIGN_IN_HISTORY_DAYS)
    for model in (AccessLog, AccessAttempt, AccessFailureLog):
        model.objects.filter(attempt_time__lt=cutoff).delete()


def forget_account(email: str) -> None:
    from .models import EmailSent
    from .throttle import address_hash

    for model in (AccessLog, AccessAttempt, AccessFailureLog):
        model.objects.filter(username__iexact=email).delete()
    EmailSent.objects.filter(address_hash=address_hash(email)).delete()


def on_sign_in(sender: Any, **kwargs: Any) -> None:
    forget_old()
