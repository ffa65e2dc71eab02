"""The people the tests act as, and how they sign in (helpers; the fixtures are in
tests/conftest.py). Advisers sign in as they do for real: a password session, then a TOTP code
made from their device's key (django_otp.oath.TOTP), posted to the verify page. No mocks."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.test import Client

PASSWORD = "correct horse battery staple"
CASES_TODAY = date(2027, 2, 1)
"""The day the case-file tests run on (settings.SEND_REDRESS_TODAY)."""


def client_for(user: Any) -> Client:
    """A test client signed in as `user` (password sign-in only: no second factor)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def totp_code(device: Any) -> str:
    """The code the authenticator app shows now, from the device's key."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def device_for(user: Any) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def signed_in_with_code(user: Any) -> Client:
    """A client signed in with password and a real TOTP code."""
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = client_for(user)
    device = device_for(user)
    # A code is accepted once per 30-second step (replay protection); a second client for
    # the same person in the same step would be refused, as it should be. Tests that need
    # two sessions for one person start each from a fresh step counter.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    response = client.post(reverse("advisers:two_factor_verify"), {"code": totp_code(device)})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def member(make_user: Any, email: str, organisation: Any, role: str | None = None) -> Any:
    """A new account for `email`, a member of `organisation` (an adviser unless `role` says
    otherwise); `make_user` is the fixture of that name."""
    from web.advisers.models import ADVISER, Membership

    user = make_user(email)
    Membership.objects.create(user=user, organisation=organisation, role=role or ADVISER)
    return user


# --- what a page or an e-mail shows -----------------------------------------------------

# Random tokens a page or an e-mail carries: a CSRF token, the CSP nonce on each inline script,
# a signed unsubscribe token (web/reminders/tokens.py).
_RANDOM_TOKENS = re.compile(
    r'(?<=name="csrfmiddlewaretoken" value=")[^"]*'
    r'|(?<=nonce=")[^"]*'
    r"|(?<=/reminders/unsubscribe/)[^\s\"<>]+"
)


def shows(page: Any, text: str) -> bool:
    """Whether `page` (a response, or the text of a page or an e-mail) says `text` outside the
    random tokens it carries. By chance a 24-character CSP nonce spells a short name such as
    "Sam" about once in 12,000 pages, so `"Sam" not in response.content` fails at random."""
    body = page if isinstance(page, str) else page.content.decode()
    return text in _RANDOM_TOKENS.sub("", body)
