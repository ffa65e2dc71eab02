"""The information pages (start, accessibility statement, privacy) and the error pages."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from web.common.glossary import terms

logger = logging.getLogger(__name__)


def _journey_start_url() -> str | None:
    """The first question's URL once the journey app defines `journey:start`."""
    try:
        return reverse("journey:start")
    except NoReverseMatch:
        return None


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/start.html", {"start_url": _journey_start_url()})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/privacy.html",
        {
            "session_cookie_name": settings.SESSION_COOKIE_NAME,
            "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
            "sign_in_history_days": settings.SIGN_IN_HISTORY_DAYS,
        },
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", {"start_url": _journey_start_url()}, status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form was sent without a valid CSRF token: usually an old tab or cleared cookies."""
    return render(request, "errors/403_csrf.html", {"start_url": _journey_start_url()}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return render(request, "errors/500.html", status=500)
    except Exception:  # the error page must not fail in turn
        logger.exception("The 500 page could not be rendered")
        return HttpResponseServerError(
            "Sorry, there is a problem with the service. Try again later.",
            content_type="text/plain; charset=utf-8",
        )


@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    """The words parents meet, in plain English (web/pages/glossary.yaml; issue 15)."""
    return render(request, "pages/glossary.html", {"terms": terms()})
