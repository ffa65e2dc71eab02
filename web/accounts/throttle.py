"""Limits on what anyone can make the service send or store (issue 12, finding 13).

Sign-up, password reset and "send the link again" each send an e-mail to an address typed by
whoever is at the keyboard. Without a limit that is a way to flood someone's inbox from here.
At most EMAILS_PER_ADDRESS an hour go to one address, and one client can cause at most
EMAILS_PER_CLIENT an hour. Over the limit the page is the same as ever (it never says whether
an address has an account): the e-mail is simply not sent.

Anonymous answers: a visitor's session is stored only once there is something to keep (their
first answer; looking at pages stores nothing), and one client can start at most
settings.ANONYMOUS_SESSIONS_PER_CLIENT new sessions in a window (NewSessionThrottleMiddleware):
a script that answered the first question 17,000 times a minute made 17,000 session rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac

from web.common import ratelimit

from .models import EmailSent

EMAILS_PER_ADDRESS = 3
EMAILS_PER_CLIENT = 20
WINDOW = timedelta(hours=1)
KEEP = timedelta(days=1)


def address_hash(email: str) -> str:
    return salted_hmac("web.accounts.throttle", email.strip().lower()).hexdigest()


def may_send(request: HttpRequest, email: str) -> bool:
    """True, and the e-mail counted, if one more may go to this address from this client."""
    now = timezone.now()
    hashed = address_hash(email)
    client = (get_client_ip_address(request) or "")[:45]
    with transaction.atomic():
        EmailSent.objects.filter(at__lt=now - KEEP).delete()
        recent = EmailSent.objects.filter(at__gte=now - WINDOW)
        if recent.filter(address_hash=hashed).count() >= EMAILS_PER_ADDRESS:
            return False
        if recent.filter(client=client).count() >= EMAILS_PER_CLIENT:
            return False
        EmailSent.objects.create(address_hash=hashed, client=client, at=now)
    return True


class NewSessionThrottleMiddleware:
    """Refuses to store a new session for a visitor who is not signed in once their client
    has started ANONYMOUS_SESSIONS_PER_CLIENT = (limit, seconds) of them in the window: the
    answer is not kept, and the page says to wait. Sessions that exist already, and signed-in
    people, are never held back. Counted in the `rate-limit` cache (web/common/ratelimit.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session, user = request.session, getattr(request, "user", None)
        # A new session (no key yet) that SessionMiddleware is about to store as a new row.
        new = session.session_key is None and session.modified and not session.is_empty()
        if not new or (user is not None and user.is_authenticated):
            return response
        limit, window = settings.ANONYMOUS_SESSIONS_PER_CLIENT
        client = ratelimit.hashed(get_client_ip_address(request) or "unknown")
        wait = ratelimit.seconds_until_allowed("rate-limit", "new-session", client, limit, window)
        if not wait:
            return response
        session.clear()  # nothing is stored, and no cookie is set
        minutes = max(1, -(-wait // 60))
        throttled = render(
            request, "accounts/too_many_starts.html", {"minutes": minutes}, status=429
        )
        throttled["Retry-After"] = str(wait)
        return throttled
