"""Signed one-click unsubscribe tokens: who and which kind of e-mail, nothing else.

They never expire (an old reminder's link must still work) and need no table: the signature
(SECRET_KEY, a salt of their own) is what stops anyone unsubscribing someone else.
"""

from __future__ import annotations

from django.core import signing

DEADLINES = "deadlines"
DIGEST = "digest"
KINDS = {DEADLINES: "deadline reminders", DIGEST: "the daily digest for advisers"}

_SALT = "web.reminders.unsubscribe"


def make(user_id: int, kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(kind)
    return signing.Signer(salt=_SALT).sign_object({"u": user_id, "k": kind})


def read(token: str) -> tuple[int, str] | None:
    """(user id, kind), or None when the token was not made here."""
    try:
        value = signing.Signer(salt=_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(value, dict):
        return None
    user_id, kind = value.get("u"), value.get("k")
    if not isinstance(user_id, int) or kind not in KINDS:
        return None
    return user_id, kind
