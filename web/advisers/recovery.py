"""Recovery codes for two-factor sign-in (issue 18): ten one-time codes, shown once."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import RecoveryCode

HOW_MANY = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def _normal(code: str) -> str:
    return "".join(code.lower().split()).replace("-", "")


def _hash(code: str) -> str:
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def make_codes(user: Any) -> list[str]:
    """New codes for `user`, replacing any they had; the plain codes are returned once."""
    codes = []
    for _ in range(HOW_MANY):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(c)) for c in codes)
    return codes


USED = "used"
WRONG = "wrong"


def use_code(user: Any, code: str) -> str | None:
    """None if `code` is one of the user's unused codes (it is used now); else USED or WRONG."""
    digest = _hash(code)
    with transaction.atomic():
        row = RecoveryCode.objects.select_for_update().filter(user=user, code_hash=digest).first()
        if row is None:
            return WRONG
        if row.used_at is not None:
            return USED
        row.used_at = timezone.now()
        row.save(update_fields=["used_at"])
    return None


def left(user: Any) -> int:
    return RecoveryCode.objects.filter(user=user, used_at=None).count()
