"""The e-mails accounts send: plain text, through Django's configured e-mail backend, from a
queued job (web/jobs), never inside the request. A request enqueues the user's id and the
address the person used (for the links); the worker makes the one-time link when it sends, so
no token or address sits in the queue's table, and a slow or failing mail server delays
nobody's page (the job is retried with back-off, web/common/retry.py)."""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.http import HttpRequest
from django.urls import reverse

from web.common.retry import retried

from .tokens import reset_tokens, uid_for, unlock_tokens, verification_tokens

SIGN_OFF = "\n\nSEND Redress\nIf you did not ask for this, you can ignore this e-mail."


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def send_verification(request: HttpRequest, user: Any) -> None:
    send_account_email.enqueue("verification", user.pk, _base(request))


def send_already_registered(request: HttpRequest, email: str) -> None:
    from .models import User

    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        send_account_email.enqueue("already-registered", user.pk, _base(request))


def send_reset(request: HttpRequest, user: Any) -> None:
    send_account_email.enqueue("reset", user.pk, _base(request))


def _link(base: str, name: str, user: Any, token: str) -> str:
    return base + reverse(name, args=[uid_for(user), token])


def _message(which: str, user: Any, base: str) -> tuple[str, str]:
    if which == "verification":
        link = _link(base, "accounts:verify", user, verification_tokens.make_token(user))
        return (
            "Confirm your e-mail address",
            "Confirm your e-mail address for SEND Redress by opening this link:\n\n"
            f"{link}\n\nThe link works for 1 hour.",
        )
    if which == "already-registered":
        return (
            "You already have an account",
            "Someone tried to create a SEND Redress account with this e-mail address, "
            "but there is one already.\n\nTo sign in, or if you have forgotten your password, "
            f"go to:\n\n{base}{reverse('accounts:reset')}",
        )
    if which == "lock":
        unlock = _link(base, "accounts:unlock", user, unlock_tokens.make_token(user))
        return (
            "Was this you? Someone could not sign in to your account",
            "Someone typed the wrong password for your SEND Redress account 5 times, so we "
            "have stopped them trying for 15 minutes. They did not get in.\n\n"
            f"If it was you, open this link to try again straight away:\n\n{unlock}\n\n"
            "The link works for 1 hour.\n\n"
            "If it was not you, you do not need to do anything. To be safe, you can choose a "
            f"new password:\n\n{base}{reverse('accounts:reset')}",
        )
    link = _link(base, "accounts:reset_confirm", user, reset_tokens.make_token(user))
    return (
        "Reset your password",
        f"To choose a new password for SEND Redress, open this link:\n\n{link}\n\n"
        "The link works for 1 hour, once.",
    )


def send_lock_notice(request: HttpRequest, user: Any) -> None:
    """Issue 12: "was this you?" when wrong passwords have locked a client out of the account."""
    send_account_email.enqueue("lock", user.pk, _base(request))


@retried()
def send_account_email(which: str, user_id: int, base: str) -> None:
    """Nothing is sent to an account deleted since (its row is gone)."""
    from .models import User

    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    subject, body = _message(which, user, base)
    send_mail(subject, body + SIGN_OFF, None, [user.email])
