"""Signed one-click unsubscribe tokens: who and which kind of e-mail, nothing else.

They need no table: the signature (SECRET_KEY, a salt of their own) is what stops anyone
unsubscribing someone else. They expire after MAX_AGE (issue 12: a link that works for ever
is a key that works for ever, wherever the e-mail ends up); every reminder carries a new one,
and the reminders page, after sign-in, always works.
"""

from __future__ import annotations

from django.core import signing

DEADLINES = "deadlines"
DIGEST = "digest"
KINDS = {DEADLINES: "deadline reminders", DIGEST: "the daily digest for advisers"}

_SALT = "web.reminders.unsubscribe"
MAX_AGE = 60 * 60 * 24 * 90  # 90 days, in seconds


def make(user_id: int, kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(kind)
    return signing.TimestampSigner(salt=_SALT).sign_object({"u": user_id, "k": kind})


def read(token: str) -> tuple[int, str] | None:
    """(user id, kind), or None when the token was not made here or is too old."""
    try:
        value = signing.TimestampSigner(salt=_SALT).unsign_object(token, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(value, dict):
        return None
    user_id, kind = value.get("u"), value.get("k")
    if not isinstance(user_id, int) or kind not in KINDS:
        return None
    return user_id, kind
