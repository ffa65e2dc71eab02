"""Sign up, confirm the e-mail address, sign in and out, reset a password, delete the account.

Pages never say whether an address has an account: sign-up and password reset show the same
"check your email" page either way, signed in or not alike (issue 12), and the e-mail says
what happened. (Sending those e-mails outside the request, so that timing cannot tell either,
comes with the task queue: issue 13.)
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from web.cases.journey import has_finished_journey
from web.journey.answers import SESSION_KEY

from . import emails, lockout, services, throttle
from .forms import ConfirmPasswordForm, EmailForm, NewPasswordForm, SignInForm, SignUpForm
from .models import User
from .tokens import reset_tokens, unlock_tokens, user_from_uid, verification_tokens

RESET_SESSION_KEY = "accounts:reset-uid"
NEW_ACCOUNT_KEY = "accounts:new-account"
"""The account this browser has just made: its confirmation link signs it in here."""


def after_sign_in(request: HttpRequest) -> str:
    """Where to go once signed in: turn a finished journey into a case, else `next`, else cases."""
    if has_finished_journey(request):
        return reverse("cases:new") + "?from=journey"
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("cases:index")


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200):
    return render(request, f"accounts/{template}", context, status=status)


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(after_sign_in(request))
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            with transaction.atomic():
                user = User.objects.create_user(email, form.cleaned_data["password"])
        except IntegrityError:
            if throttle.may_send(request, email):
                emails.send_already_registered(request, email)
        else:
            if throttle.may_send(request, email):
                emails.send_verification(request, user)
            # Not signed in yet (issue 12): that told anyone whether the address was new. The
            # confirmation link signs in the browser that made the account (`verify`).
            request.session[NEW_ACCOUNT_KEY] = user.pk
        request.session["accounts:check-email"] = email
        return redirect("accounts:check_email")
    return _page(request, "sign_up.html", {"form": form, "next": request.GET.get("next", "")})


@require_safe
def check_email(request: HttpRequest) -> HttpResponse:
    email = request.session.get("accounts:check-email", "")
    return _page(
        request,
        "check_email.html",
        {"email": email, "continue_url": after_sign_in(request)},
    )


@require_safe
def verify(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = user_from_uid(uidb64)
    if user is None or not verification_tokens.check_token(user, token):
        return _page(request, "link_expired.html", {"what": "confirm"}, status=400)
    user.email_verified = True
    user.save(update_fields=["email_verified"])
    if request.session.get(NEW_ACCOUNT_KEY) == user.pk and not request.user.is_authenticated:
        # The browser that typed the password, and the link that proves the address: in.
        del request.session[NEW_ACCOUNT_KEY]
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return _page(request, "verified.html", {"continue_url": after_sign_in(request)})


@require_POST
@login_required
def resend_verification(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.email_verified and throttle.may_send(request, user.email):
        emails.send_verification(request, user)
    request.session["accounts:check-email"] = user.email
    return redirect("accounts:check_email")


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(after_sign_in(request))
    form = SignInForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and (wait := lockout.seconds_to_wait(request, form.cleaned_data["email"])):
        # Too soon after the last wrong password from here: refused without checking it.
        form.add_error("email", f"Wait {wait} seconds, then try again")
        context = {"form": form, "next": request.POST.get("next", "")}
        return _page(request, "sign_in.html", context, status=429)
    if form.is_valid():
        user = authenticate(
            request, email=form.cleaned_data["email"], password=form.cleaned_data["password"]
        )
        if user is not None:
            login(request, user)
            return redirect(after_sign_in(request))
        form.add_error("email", "Enter a correct email address and password")
    return _page(request, "sign_in.html", {"form": form, "next": request.GET.get("next", "")})


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any):
    """django-axes calls this after too many failed sign-ins (AXES_LOCKOUT_CALLABLE)."""
    return _page(request, "locked_out.html", {}, status=429)


@require_http_methods(["GET", "POST"])
def unlock(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link in the "was this you?" e-mail: a button lifts every lock on the account.
    (A GET changes nothing, so a mail scanner that follows links unlocks nothing.)"""
    user = user_from_uid(uidb64)
    if user is None or not unlock_tokens.check_token(user, token):
        return _page(request, "link_expired.html", {"what": "unlock"}, status=400)
    if request.method == "POST":
        lockout.unlock(user)
        return _page(request, "unlocked.html", {"done": True})
    return _page(request, "unlocked.html", {"done": False})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:signed_out")


@require_http_methods(["GET", "POST"])
@login_required
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        user: Any = request.user
        user.sign_out_everywhere()
        logout(request)
        return redirect(reverse("accounts:signed_out") + "?everywhere=1")
    return _page(request, "sign_out_everywhere.html", {})


@require_safe
def signed_out(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "signed_out.html",
        {"everywhere": "everywhere" in request.GET, "deleted": "deleted" in request.GET},
    )


@require_safe
def timed_out(request: HttpRequest) -> HttpResponse:
    minutes = settings.SESSION_IDLE_TIMEOUT // 60
    context = {"minutes": minutes, "has_answers": SESSION_KEY in request.session}
    return _page(request, "timed_out.html", context)


@require_http_methods(["GET", "POST"])
def reset(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        user = User.objects.filter(email=form.cleaned_data["email"], is_active=True).first()
        allowed = throttle.may_send(request, form.cleaned_data["email"])  # counted either way
        if user is not None and allowed:
            emails.send_reset(request, user)
        request.session["accounts:check-email"] = form.cleaned_data["email"]
        return redirect("accounts:reset_sent")
    return _page(request, "reset.html", {"form": form})


@require_safe
def reset_sent(request: HttpRequest) -> HttpResponse:
    return _page(request, "reset_sent.html", {"email": request.session.get("accounts:check-email")})


@require_safe
def reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Check the link, then move the token out of the URL (so no Referer can leak it)."""
    user = user_from_uid(uidb64)
    if user is None or not reset_tokens.check_token(user, token):
        return _page(request, "link_expired.html", {"what": "reset"}, status=400)
    request.session[RESET_SESSION_KEY] = [uidb64, token]
    return redirect("accounts:reset_set")


@require_http_methods(["GET", "POST"])
def reset_set(request: HttpRequest) -> HttpResponse:
    uidb64, token = request.session.get(RESET_SESSION_KEY) or ("", "")
    user = user_from_uid(uidb64) if uidb64 else None
    if user is None or not reset_tokens.check_token(user, token):
        return _page(request, "link_expired.html", {"what": "reset"}, status=400)
    form = NewPasswordForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_valid():
        user.set_password(form.cleaned_data["password"])
        # The link proved the address; a new password also ends every other session.
        user.email_verified = True
        user.session_token = User._meta.get_field("session_token").get_default()
        user.save(update_fields=["password", "email_verified", "session_token"])
        request.session.pop(RESET_SESSION_KEY, None)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(after_sign_in(request))
    return _page(request, "reset_set.html", {"form": form})


@require_safe
@login_required
def account(request: HttpRequest) -> HttpResponse:
    return _page(request, "account.html", {})


@require_http_methods(["GET", "POST"])
@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = ConfirmPasswordForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_valid():
        services.delete_account(user)
        logout(request)
        return redirect(reverse("accounts:signed_out") + "?deleted=1")
    return _page(request, "delete.html", {"form": form})
