"""The reminder preferences page, and one-click unsubscribe.

Unsubscribe links carry a signed token (`tokens.py`), so they work without signing in. A GET
shows a page with one button and changes nothing: mail scanners and link previews fetch every
link in an e-mail, and a reminder turned off by a robot is a deadline missed. A POST (the button,
or a mail app's RFC 8058 one-click request "List-Unsubscribe=One-Click") turns that kind of
e-mail off at once; the next send_reminders run cancels what was pending. The token is the
credential, so the POST needs no CSRF token (a mail app has none).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from web.advisers.models import Membership

from . import tokens
from .forms import PreferencesForm
from .models import DEFAULT_DAYS_BEFORE, Preferences

SAVED_SESSION_KEY = "reminders:saved"


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def is_adviser(user: Any) -> bool:
    """A member of an advisers' organisation (web/advisers), who can have the daily digest."""
    return Membership.objects.filter(user=user).exists()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    prefs, _ = Preferences.objects.get_or_create(user=request.user)
    adviser = is_adviser(request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST, adviser=adviser)
        if form.is_valid():
            on = form.cleaned_data["deadline_reminders"] == "yes"
            prefs.deadline_reminders = on
            if on:
                prefs.days_before = sorted(form.cleaned_data["days_before"], reverse=True)
            prefs.include_child_name = form.cleaned_data["include_child_name"] == "yes"
            if adviser:
                prefs.adviser_digest = form.cleaned_data["adviser_digest"] == "yes"
            prefs.save()
            request.session[SAVED_SESSION_KEY] = True
            return redirect("reminders:preferences")
    else:
        form = PreferencesForm(
            initial={
                "deadline_reminders": _yes(prefs.deadline_reminders),
                "days_before": [str(d) for d in (prefs.offsets() or DEFAULT_DAYS_BEFORE)],
                "include_child_name": _yes(prefs.include_child_name),
                "adviser_digest": _yes(prefs.adviser_digest),
            },
            adviser=adviser,
        )
    saved = request.session.pop(SAVED_SESSION_KEY, False)
    context: dict[str, Any] = {"form": form, "saved": saved, "prefs": prefs, "adviser": adviser}
    return render(request, "reminders/preferences.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = tokens.read(token)
    if found is None:
        return render(request, "reminders/unsubscribe_invalid.html", status=404)
    user_id, kind = found
    context = {"kind": kind, "what": tokens.KINDS[kind], "token": token}
    if request.method != "POST":
        return render(request, "reminders/unsubscribe.html", context)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        prefs, _ = Preferences.objects.get_or_create(user=user)
        if kind == tokens.DEADLINES:
            prefs.deadline_reminders = False
        else:
            prefs.adviser_digest = False
        prefs.save()
    context["preferences_url"] = reverse("reminders:preferences")
    return render(request, "reminders/unsubscribed.html", context)
