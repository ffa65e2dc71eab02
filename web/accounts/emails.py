"""The e-mails accounts send. Plain text, through Django's configured e-mail backend."""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.http import HttpRequest
from django.urls import reverse

from .tokens import reset_tokens, uid_for, unlock_tokens, verification_tokens

SIGN_OFF = "\n\nSEND Redress\nIf you did not ask for this, you can ignore this e-mail."


def _link(request: HttpRequest, name: str, user: Any, token: str) -> str:
    return request.build_absolute_uri(reverse(name, args=[uid_for(user), token]))


def send_verification(request: HttpRequest, user: Any) -> None:
    link = _link(request, "accounts:verify", user, verification_tokens.make_token(user))
    send_mail(
        "Confirm your e-mail address",
        "Confirm your e-mail address for SEND Redress by opening this link:\n\n"
        f"{link}\n\nThe link works for 1 hour." + SIGN_OFF,
        None,
        [user.email],
    )


def send_already_registered(request: HttpRequest, email: str) -> None:
    link = request.build_absolute_uri(reverse("accounts:reset"))
    send_mail(
        "You already have an account",
        "Someone tried to create a SEND Redress account with this e-mail address, "
        "but there is one already.\n\nTo sign in, or if you have forgotten your password, "
        f"go to:\n\n{link}" + SIGN_OFF,
        None,
        [email],
    )


def send_reset(request: HttpRequest, user: Any) -> None:
    link = _link(request, "accounts:reset_confirm", user, reset_tokens.make_token(user))
    send_mail(
        "Reset your password",
        f"To choose a new password for SEND Redress, open this link:\n\n{link}\n\n"
        "The link works for 1 hour, once." + SIGN_OFF,
        None,
        [user.email],
    )


def send_lock_notice(request: HttpRequest, user: Any) -> None:
    """Issue 12: "was this you?" when wrong passwords have locked a client out of the account."""
    unlock = _link(request, "accounts:unlock", user, unlock_tokens.make_token(user))
    reset = request.build_absolute_uri(reverse("accounts:reset"))
    send_mail(
        "Was this you? Someone could not sign in to your account",
        "Someone typed the wrong password for your SEND Redress account 5 times, so we have "
        "stopped them trying for 15 minutes. They did not get in.\n\n"
        f"If it was you, open this link to try again straight away:\n\n{unlock}\n\n"
        "The link works for 1 hour.\n\n"
        "If it was not you, you do not need to do anything. To be safe, you can choose a new "
        f"password:\n\n{reset}\n\nSEND Redress",
        None,
        [user.email],
    )
