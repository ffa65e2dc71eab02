"""Two-factor sign-in for advisers, organisation admins and staff.

After the password, such an account reaches no page but these until it has given a code from
its authenticator app (or set one up): django-otp's OTPMiddleware, before this one, says
whether this session has (`request.user.is_verified()`).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from .models import Membership

ALLOWED_NAMES = (
    "advisers:two_factor_setup",
    "advisers:two_factor_verify",
    "advisers:two_factor_recovery",
    "accounts:sign_out",
)


def needs_two_factor(user: object) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_staff", False):
        return True
    user_id: int | None = getattr(user, "pk", None)
    return user_id is not None and Membership.objects.filter(user_id=user_id).exists()


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]  # set by django-otp's OTPMiddleware
            and not request.path.startswith(settings.STATIC_URL)
            and request.path not in {reverse(n) for n in ALLOWED_NAMES}
            and needs_two_factor(user)
        ):
            from django_otp.plugins.otp_totp.models import TOTPDevice

            confirmed = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()
            target = "advisers:two_factor_verify" if confirmed else "advisers:two_factor_setup"
            query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
            return redirect(reverse(target) + (f"?{query}" if query else ""))
        return self.get_response(request)
