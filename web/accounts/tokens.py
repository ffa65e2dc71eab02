"""One-time links by e-mail: confirming an address and resetting a password.

Both are Django's HMAC tokens (no table), valid for PASSWORD_RESET_TIMEOUT. A reset link stops
working once the password changes; a confirmation link once the address is confirmed.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode


class VerificationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "web.accounts.tokens.VerificationTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.email}{user.email_verified}{timestamp}"


class UnlockTokenGenerator(PasswordResetTokenGenerator):
    """The "was this you?" link: works for an hour, and not after the password changes."""

    key_salt = "web.accounts.tokens.UnlockTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.password}{timestamp}"


verification_tokens = VerificationTokenGenerator()
unlock_tokens = UnlockTokenGenerator()
reset_tokens = PasswordResetTokenGenerator()


def uid_for(user: Any) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def user_from_uid(uidb64: str) -> Any:
    from .models import User

    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()
