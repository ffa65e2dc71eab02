"""Limits on the e-mails that anyone can make the service send (issue 12, finding 13).

Sign-up, password reset and "send the link again" each send an e-mail to an address typed by
whoever is at the keyboard. Without a limit that is a way to flood someone's inbox from here.
At most EMAILS_PER_ADDRESS an hour go to one address, and one client can cause at most
EMAILS_PER_CLIENT an hour. Over the limit the page is the same as ever (it never says whether
an address has an account): the e-mail is simply not sent.
"""

from __future__ import annotations

from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

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
